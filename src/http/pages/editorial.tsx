/**
 * The editorial pages: the review queue (editors), a contributor's drafts, one draft with its
 * field-by-field diff and the actions its reader may take, and each record's public history.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { diffRecords } from '../../domain/record-diff.ts';
import { roleRank } from '../../domain/roles.ts';
import { ACTIONS, nextState, type Action } from '../../domain/workflow.ts';
import { notFound } from '../../errors.ts';
import { findActor } from '../../repositories/actors.repository.ts';
import { findDeployment } from '../../repositories/deployments.repository.ts';
import { findDraft, listComments, listDrafts, updateDraft } from '../../repositories/drafts.repository.ts';
import { listRevisions } from '../../repositories/revisions.repository.ts';
import { act, archiveDeployment, draftAsPublished, restoreRevision } from '../../services/editorial.ts';
import { archivedAt } from '../../repositories/archive.repository.ts';
import { DraftPage, DraftsPage, ManagePage, QUEUE_STATES } from '../../views/pages/editorial.tsx';
import { renderPage } from '../../views/render.tsx';
import { needs } from '../access.ts';
import { slugParams } from '../api/schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseInput } from '../validate.ts';
import { sendUncachedPage } from './html.ts';

/** The order fields are shown in: the record schema's own. */
const idParams = z.object({ id: z.coerce.number().int().positive() });
const actionForm = z.object({ action: z.enum(ACTIONS), note: z.string().max(5000).optional(), reason: z.string().max(2000).optional(), _csrf: z.string().optional() });

/** The review queue's filters and order, all in the URL (a plain GET form). */
const blankIsUnset = (v: unknown) => (v === '' ? undefined : v);
const queueQuery = z.object({
  state: z.enum(QUEUE_STATES).default('in_review'),
  kind: z.preprocess(blankIsUnset, z.enum(['new', 'change', 'actor']).optional()),
  claimed: z.enum(['anyone', 'me', 'nobody']).default('anyone'),
  sort: z.enum(['oldest', 'newest']).default('oldest'),
});

export function registerEditorialPages(app: FastifyInstance, deps: AppDeps): void {
  const { db, view, catalog } = deps;
  const fieldOrder = Object.keys(catalog.partialDeploymentSchema.shape ?? {});
  const actorFieldOrder = Object.keys(catalog.actorSchema.shape);
  const editorial = { db, catalog, rules: deps.rules, language: deps.config.searchLanguage };
  const page = sendUncachedPage;

  app.get('/review', needs('editor'), async (request, reply) => {
    const q = parseInput(queueQuery, request.query);
    const drafts = await listDrafts(db, {
      states: [q.state],
      ...(q.kind === 'actor' ? { entity: 'actor' } : q.kind ? { entity: 'deployment', kind: q.kind } : {}),
      ...(q.claimed === 'me' ? { claimedBy: request.user!.id } : q.claimed === 'nobody' ? { claimedBy: 'nobody' } : {}),
      order: q.sort,
    });
    return page(reply, 200, renderPage(view, <DraftsPage mine={false} drafts={drafts} queue={q} />));
  });

  app.get('/contribute', needs('contributor'), async (request, reply) =>
    page(reply, 200, renderPage(view, <DraftsPage mine drafts={await listDrafts(db, { states: ['draft', 'in_review', 'changes_requested', 'rejected', 'published'], authorId: request.user!.id })} />)),
  );

  /** A draft as its author or an editor sees it; to anyone else it does not exist. */
  const showDraft = async (request: FastifyRequest, reply: FastifyReply, id: number, problems: string[] = [], status = 200) => {
    const draft = await findDraft(db, id);
    const user = request.user!;
    if (!draft || (draft.author_id !== user.id && roleRank(user.role) < roleRank('editor'))) throw notFound(`No draft ${id}`);
    // A draft of an actor is compared with the published actor, field by field, as a deployment's is.
    const published = draft.entity === 'actor' ? await findActor(db, draft.key) : await findDeployment(db, draft.key);
    // A change started before the latest publication is shown as it would be published: rebased.
    const outcome = await draftAsPublished(db, draft);
    const proposed = 'record' in outcome ? outcome.record : draft.snapshot;
    const actions = ACTIONS.filter((a) => a !== 'edit' && !('refused' in nextState(a, draft, user, 'a note')));
    const body = renderPage(
      view,
      <DraftPage
        draft={draft}
        changes={diffRecords(published as Record<string, unknown> | undefined, proposed, draft.entity === 'actor' ? actorFieldOrder : fieldOrder)}
        rebased={outcome.since === undefined ? undefined : 'conflicts' in outcome ? { since: outcome.since, conflicts: outcome.conflicts } : { since: outcome.since, conflicts: [] }}
        comments={await listComments(db, id)}
        actions={actions}
        csrf={request.session?.csrfToken ?? ''}
        problems={problems}
      />,
    );
    return page(reply, status, body);
  };

  app.get('/review/drafts/:id', needs('contributor'), async (request, reply) => showDraft(request, reply, parseInput(idParams, request.params).id));

  app.post('/review/drafts/:id', needs('contributor'), async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const form = parseInput(actionForm, request.body);
    const draft = await findDraft(db, id);
    if (!draft) throw notFound(`No draft ${id}`);
    // The author says what the change is when submitting it.
    if (form.action === 'submit' && form.reason?.trim() && draft.author_id === request.user!.id) await updateDraft(db, id, { reason: form.reason.trim() });
    const outcome = await act(editorial, request.user!, id, form.action as Action, form.note?.trim() || undefined);
    if ('problems' in outcome) return showDraft(request, reply, id, outcome.problems.map((p) => p.message), outcome.status ?? 400);
    if (form.action === 'publish') return reply.redirect(draft.entity === 'actor' ? `/actors/${outcome.ok.slug}` : `/deployments/${outcome.ok.slug}/history`, 303);
    return reply.redirect(`/review/drafts/${id}`, 303);
  });

  const manage = async (request: FastifyRequest, reply: FastifyReply, slug: string, problems: string[] = [], status = 200) => {
    const record = await findDeployment(db, slug);
    if (!record) throw notFound(`No deployment "${slug}"`);
    const body = renderPage(
      view,
      <ManagePage slug={slug} title={record.title} revisions={await listRevisions(db, 'deployment', slug)} archived={!!(await archivedAt(db, slug))} csrf={request.session?.csrfToken ?? ''} problems={problems} />,
    );
    return page(reply, status, body);
  };
  app.get('/review/deployments/:slug', needs('editor'), async (request, reply) => manage(request, reply, parseInput(slugParams, request.params).slug));

  const restoreForm = z.object({ number: z.coerce.number().int().positive(), reason: z.string().max(2000), _csrf: z.string().optional() });
  app.post('/review/deployments/:slug/restore', needs('editor'), async (request, reply) => {
    const { slug } = parseInput(slugParams, request.params);
    const form = parseInput(restoreForm, request.body);
    const outcome = await restoreRevision(editorial, request.user!, slug, form.number, form.reason);
    if ('problems' in outcome) return manage(request, reply, slug, outcome.problems.map((p) => p.message), outcome.status ?? 400);
    return reply.redirect(`/deployments/${slug}/history`, 303);
  });

  const archiveForm = z.object({ archive: z.enum(['true', 'false']), reason: z.string().max(2000), _csrf: z.string().optional() });
  app.post('/review/deployments/:slug/archive', needs('editor'), async (request, reply) => {
    const { slug } = parseInput(slugParams, request.params);
    const form = parseInput(archiveForm, request.body);
    const outcome = await archiveDeployment(editorial, request.user!, slug, form.archive === 'true', form.reason);
    if ('problems' in outcome) return manage(request, reply, slug, outcome.problems.map((p) => p.message), outcome.status ?? 400);
    return reply.redirect(`/deployments/${slug}`, 303);
  });
}
