/** Editors add and edit actors (authorities, vendors, funders): a form, a reason, a revision. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '../../domain/problems.ts';
import { notFound } from '../../errors.ts';
import { findActor } from '../../repositories/actors.repository.ts';
import { restoreActorRevision, saveActor } from '../../services/editorial.ts';
import { listRevisions } from '../../repositories/revisions.repository.ts';
import type { Restorable } from '../../views/components/restore-list.tsx';
import { updateActorDraft } from '../../services/actor-drafts.ts';
import { findDraft } from '../../repositories/drafts.repository.ts';
import { z } from 'zod';
import { buildActorForm, formToRecord, recordToForm, repeatedCount, type FormBody } from '../../services/record-form.ts';
import { ActorFormPage } from '../../views/pages/actor-form.tsx';
import { renderPage } from '../../views/render.tsx';
import { needs } from '../access.ts';
import { slugParams } from '../api/schemas.ts';
import type { AppDeps } from '../deps.ts';
import { sendUncachedPage } from './html.ts';
import { parseInput } from '../validate.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export function registerActorEditorPages(app: FastifyInstance, deps: AppDeps): void {
  const { db, view, catalog } = deps;
  const editorial = { db, catalog, rules: deps.rules, language: deps.config.searchLanguage };
  const show = (request: FastifyRequest, reply: FastifyReply, isNew: boolean, heading: string, action: string, values: FormBody, problems: Problem[] = [], status = 200, restore?: Restorable) => {
    const errors = new Map<string, string[]>();
    for (const p of problems) {
      const key = /^sources\.\d+\.\w+$/.test(p.path) ? p.path : (p.path.split('.')[0] ?? '') || 'slug';
      errors.set(key, [...(errors.get(key) ?? []), p.message]);
    }
    const sections = buildActorForm(catalog.vocabs, isNew);
    return sendUncachedPage(reply, status, renderPage(view, <ActorFormPage heading={heading} action={action} sections={sections} values={values} errors={errors} csrf={request.session?.csrfToken ?? ''} sources={repeatedCount(values, 'sources') + 1} restore={restore} />));
  };
  /** The actor's form with its revisions to restore (editing an existing actor). */
  const editPage = async (request: FastifyRequest, reply: FastifyReply, slug: string, values?: FormBody, problems: Problem[] = [], status = 200) => {
    const actor = await findActor(db, slug);
    if (!actor) throw notFound(`No actor "${slug}"`);
    const restore = { revisions: await listRevisions(db, 'actor', slug), action: `/review/actors/${slug}/restore` };
    return show(request, reply, false, view.t('form.actor.edit', { name: actor.name }), `/review/actors/${slug}/edit`, values ?? recordToForm(actor as Record<string, unknown>, buildActorForm(catalog.vocabs, false)), problems, status, restore);
  };

  app.get('/review/actors/new', needs('editor'), async (request, reply) => show(request, reply, true, view.t('form.actor.new'), '/review/actors/new', {}));

  app.get('/review/actors/:slug/edit', needs('editor'), async (request, reply) => editPage(request, reply, parseInput(slugParams, request.params).slug));

  const restoreForm = z.object({ number: z.coerce.number().int().positive(), reason: z.string().max(2000), _csrf: z.string().optional() });
  app.post('/review/actors/:slug/restore', needs('editor'), async (request, reply) => {
    const { slug } = parseInput(slugParams, request.params);
    const form = parseInput(restoreForm, request.body);
    const outcome = await restoreActorRevision(editorial, request.user!, slug, form.number, form.reason);
    if ('problems' in outcome) {
      if (outcome.status === 404) throw notFound(outcome.problems[0]!.message);
      return editPage(request, reply, slug, undefined, outcome.problems.map((p) => ({ ...p, path: 'reason' })), outcome.status ?? 400);
    }
    return reply.redirect(`/actors/${slug}/history`, 303);
  });

  const submit = (isNew: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const slug = isNew ? undefined : parseInput(slugParams, request.params).slug;
    const body = (request.body ?? {}) as FormBody;
    const record = formToRecord(body, buildActorForm(catalog.vocabs, isNew));
    const reason = typeof body.reason === 'string' ? body.reason : '';
    const outcome = await saveActor(editorial, request.user!, { record, slug, reason });
    if ('problems' in outcome) {
      const heading = isNew ? view.t('form.actor.new') : view.t('form.actor.edit', { name: slug! });
      return show(request, reply, isNew, heading, isNew ? '/review/actors/new' : `/review/actors/${slug}/edit`, body, outcome.problems, outcome.status ?? 400);
    }
    return reply.redirect(`/actors/${outcome.ok.slug}`, 303);
  };
  app.post('/review/actors/new', needs('editor'), submit(true));
  app.post('/review/actors/:slug/edit', needs('editor'), submit(false));

  // A contributor reworks their actor draft (after an editor asked for changes) in the same form.
  const draftOf = async (request: FastifyRequest) => {
    const { id } = parseInput(idParams, request.params);
    const draft = await findDraft(db, id);
    if (!draft || draft.entity !== 'actor' || draft.author_id !== request.user!.id) throw notFound(`No actor draft ${id} of yours`);
    return draft;
  };
  app.get('/review/drafts/:id/actor', needs('contributor'), async (request, reply) => {
    const draft = await draftOf(request);
    const values = { ...recordToForm(draft.snapshot, buildActorForm(catalog.vocabs, false)), reason: draft.reason ?? undefined };
    return show(request, reply, false, view.t('form.title.draft', { id: draft.id }), `/review/drafts/${draft.id}/actor`, values);
  });
  app.post('/review/drafts/:id/actor', needs('contributor'), async (request, reply) => {
    const draft = await draftOf(request);
    const body = (request.body ?? {}) as FormBody;
    const record = formToRecord(body, buildActorForm(catalog.vocabs, false));
    const reason = typeof body.reason === 'string' ? body.reason : undefined;
    const outcome = await updateActorDraft(editorial, request.user!, draft.id, record, reason);
    if ('problems' in outcome) return show(request, reply, false, view.t('form.title.draft', { id: draft.id }), `/review/drafts/${draft.id}/actor`, body, outcome.problems, outcome.status ?? 400);
    return reply.redirect(`/review/drafts/${draft.id}`, 303);
  });
}
