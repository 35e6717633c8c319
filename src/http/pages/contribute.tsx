/**
 * The record editor for contributors: a new record, a change to a published one, or a draft
 * being reworked. Plain forms: "add a source" and "preview" come back to the same form; saving
 * validates with every field optional; submitting sends the draft to the review queue.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { derivedFrom } from '../../domain/catalog.ts';
import type { Problem } from '../../domain/problems.ts';
import { roleRank } from '../../domain/roles.ts';
import { notFound } from '../../errors.ts';
import { findDeployment } from '../../repositories/deployments.repository.ts';
import { findDraft } from '../../repositories/drafts.repository.ts';
import { act, createDraft, updateDraftRecord } from '../../services/editorial.ts';
import { buildRecordForm, formToRecord, recordToForm, repeatedCount, type FormBody } from '../../services/record-form.ts';
import { RecordFormPage } from '../../views/pages/record-form.tsx';
import { renderPage } from '../../views/render.tsx';
import { needs } from '../access.ts';
import { slugParams } from '../api/schemas.ts';
import type { AppDeps } from '../deps.ts';
import { sendUncachedPage } from './html.ts';
import { parseInput } from '../validate.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export function registerContributePages(app: FastifyInstance, deps: AppDeps): void {
  const { db, view, catalog } = deps;
  const recordForm = derivedFrom(catalog, () => buildRecordForm(catalog.vocabs));
  const editorial = { db, catalog, rules: deps.rules, language: deps.config.searchLanguage };

  /** Problems by form field: "sources.1.url" stays itself; "capabilities.2" belongs to "capabilities". */
  const fieldErrors = (problems: Problem[]) => {
    const names = new Set(recordForm().flatMap((s) => s.fields.map((f) => f.name)));
    const map = new Map<string, string[]>();
    for (const p of problems) {
      let key = p.path;
      while (key && !names.has(key) && !/^(sources|legal_challenges)\.\d+\.\w+$/.test(key)) key = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '';
      key ||= p.path || 'slug';
      map.set(key, [...(map.get(key) ?? []), p.message]);
    }
    return map;
  };

  const show = (request: FastifyRequest, reply: FastifyReply, o: { heading: string; action: string; values: FormBody; errors?: Map<string, string[]>; status?: number; extra?: { sources?: number; challenges?: number }; preview?: boolean }) =>
    sendUncachedPage(
      reply,
      o.status ?? 200,
      renderPage(
        view,
        <RecordFormPage
          heading={o.heading}
          action={o.action}
          sections={recordForm()}
          values={o.values}
          errors={o.errors ?? new Map()}
          csrf={request.session?.csrfToken ?? ''}
          sources={Math.max(1, repeatedCount(o.values, 'sources') + (o.extra?.sources ?? 0))}
          challenges={repeatedCount(o.values, 'legal_challenges') + (o.extra?.challenges ?? 0)}
          preview={o.preview ?? false}
        />,
      ),
    );

  app.get('/contribute/new', needs('contributor'), async (request, reply) => show(request, reply, { heading: view.t('form.title.new'), action: '/contribute/new', values: {} }));

  app.get('/contribute/change/:slug', needs('contributor'), async (request, reply) => {
    const { slug } = parseInput(slugParams, request.params);
    const record = await findDeployment(db, slug);
    if (!record) throw notFound(`No deployment "${slug}"`);
    return show(request, reply, { heading: view.t('form.title.change', { title: record.title }), action: `/contribute/change/${slug}`, values: recordToForm(record as Record<string, unknown>, recordForm()) });
  });

  app.get('/review/drafts/:id/edit', needs('contributor'), async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const draft = await findDraft(db, id);
    // An actor's draft has no form here (it comes through the API): its page offers no edit link.
    if (!draft || draft.entity !== 'deployment' || (draft.author_id !== request.user!.id && roleRank(request.user!.role) < roleRank('editor'))) throw notFound(`No draft ${id}`);
    return show(request, reply, { heading: view.t('form.title.draft', { id }), action: `/review/drafts/${id}/edit`, values: { ...recordToForm(draft.snapshot, recordForm()), reason: draft.reason ?? undefined } });
  });

  /** One handler for the three forms: where the values go is the only difference. */
  const submitted = (target: (request: FastifyRequest) => Promise<{ heading: string; action: string; save: (record: unknown, reason: string | undefined) => ReturnType<typeof createDraft> }>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const body = (request.body ?? {}) as FormBody;
      const step = String(body.do ?? 'save');
      const { heading, action, save } = await target(request);
      const again = (o: { errors?: Map<string, string[]>; status?: number; extra?: { sources?: number; challenges?: number }; preview?: boolean }) => show(request, reply, { heading, action, values: body, ...o });
      if (step === 'add_source') return again({ extra: { sources: 1 } });
      if (step === 'add_challenge') return again({ extra: { challenges: 1 } });
      if (step === 'preview') return again({ preview: true });
      const reason = typeof body.reason === 'string' ? body.reason : undefined;
      const outcome = await save(formToRecord(body, recordForm()), reason);
      if ('problems' in outcome) return again({ errors: fieldErrors(outcome.problems), status: outcome.status ?? 400 });
      if (step === 'submit') {
        const sent = await act(editorial, request.user!, outcome.ok.id, 'submit');
        if ('problems' in sent) return again({ errors: fieldErrors(sent.problems), status: 400 });
      }
      return reply.redirect(`/review/drafts/${outcome.ok.id}`, 303);
    };

  app.post(
    '/contribute/new',
    needs('contributor'),
    submitted(async (request) => ({ heading: view.t('form.title.new'), action: '/contribute/new', save: (record, reason) => createDraft(editorial, request.user!, { record, reason }) })),
  );

  app.post(
    '/contribute/change/:slug',
    needs('contributor'),
    submitted(async (request) => {
      const { slug } = parseInput(slugParams, request.params);
      return { heading: view.t('form.title.change', { title: slug }), action: `/contribute/change/${slug}`, save: (record, reason) => createDraft(editorial, request.user!, { slug, record, reason }) };
    }),
  );

  app.post(
    '/review/drafts/:id/edit',
    needs('contributor'),
    submitted(async (request) => {
      const { id } = parseInput(idParams, request.params);
      return {
        heading: view.t('form.title.draft', { id }),
        action: `/review/drafts/${id}/edit`,
        save: async (record, reason) => {
          const r = await updateDraftRecord(editorial, request.user!, id, record, reason);
          return 'problems' in r ? r : { ok: { id, state: 'draft' } };
        },
      };
    }),
  );
}
