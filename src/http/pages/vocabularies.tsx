/** Editors manage vocabulary terms: the list, a form to add one, a form to change one. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '../../domain/problems.ts';
import type { VocabularyId } from '../../domain/vocabulary.ts';
import { notFound } from '../../errors.ts';
import { findTerm, restoreTermRevision, saveTerm, termKey } from '../../services/vocabulary-editing.ts';
import { listRevisions } from '../../repositories/revisions.repository.ts';
import { z } from 'zod';
import { TermFormPage, VocabulariesAdminPage, type TermFormProps } from '../../views/pages/vocabularies.tsx';
import { renderPage } from '../../views/render.tsx';
import { needs } from '../access.ts';
import { termParams, vocabularyParams } from '../api/schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseInput } from '../validate.ts';
import { sendUncachedPage } from './html.ts';

type TermBody = Record<string, string | string[] | undefined>;
const text = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join(' ') : v ?? '');

export function registerVocabularyPages(app: FastifyInstance, deps: AppDeps): void {
  const { db, view, catalog } = deps;

  const form = async (request: FastifyRequest, reply: FastifyReply, vocabulary: VocabularyId, term: string | undefined, values: TermFormProps['values'], problems: Problem[] = [], status = 200) => {
    const errors = new Map<string, string[]>();
    for (const p of problems) {
      const field = ['term', 'label', 'definition', 'reason'].includes(p.path) ? p.path : 'label';
      errors.set(field, [...(errors.get(field) ?? []), p.message]);
    }
    const restore = term ? { revisions: await listRevisions(db, 'term', termKey(vocabulary, term)), action: `/review/vocabularies/${vocabulary}/${term}/restore` } : undefined;
    const page = <TermFormPage vocabulary={vocabulary} vocabularyLabel={catalog.vocabs.byId[vocabulary].label} term={term} values={values} errors={errors} csrf={request.session?.csrfToken ?? ''} restore={restore} />;
    return sendUncachedPage(reply, status, renderPage(view, page));
  };

  app.get('/review/vocabularies', needs('editor'), async (_request, reply) => sendUncachedPage(reply, 200, renderPage(view, <VocabulariesAdminPage vocabs={catalog.vocabs} />)));

  app.get('/review/vocabularies/:vocabulary/new', needs('editor'), async (request, reply) => form(request, reply, parseInput(vocabularyParams, request.params).vocabulary, undefined, {}));

  app.get('/review/vocabularies/:vocabulary/:term/edit', needs('editor'), async (request, reply) => {
    const { vocabulary, term } = parseInput(termParams, request.params);
    const found = findTerm(catalog, vocabulary, term);
    if (!found) throw notFound(`No term "${term}" in ${vocabulary}`);
    return form(request, reply, vocabulary, term, { label: found.label, definition: found.definition, retired: Boolean(found.retired) });
  });

  const submit = async (request: FastifyRequest, reply: FastifyReply, vocabulary: VocabularyId, term: string | undefined) => {
    const body = (request.body ?? {}) as TermBody;
    const values = { term: text(body.term).trim(), label: text(body.label), definition: text(body.definition), retired: text(body.retired) === 'true', reason: text(body.reason) };
    const outcome = await saveTerm({ db, catalog }, request.user!, { vocabulary, term, fields: values, reason: values.reason });
    if ('problems' in outcome) {
      if (outcome.status === 404) throw notFound(outcome.problems[0]!.message);
      return form(request, reply, vocabulary, term, values, outcome.problems, outcome.status ?? 400);
    }
    return reply.redirect(`/vocabularies/${vocabulary}/${outcome.ok.term}/history`, 303);
  };

  app.post('/review/vocabularies/:vocabulary/new', needs('editor'), async (request, reply) => submit(request, reply, parseInput(vocabularyParams, request.params).vocabulary, undefined));

  const restoreForm = z.object({ number: z.coerce.number().int().positive(), reason: z.string().max(2000), _csrf: z.string().optional() });
  app.post('/review/vocabularies/:vocabulary/:term/restore', needs('editor'), async (request, reply) => {
    const { vocabulary, term } = parseInput(termParams, request.params);
    const found = findTerm(catalog, vocabulary, term);
    if (!found) throw notFound(`No term "${term}" in ${vocabulary}`);
    const body = parseInput(restoreForm, request.body);
    const outcome = await restoreTermRevision({ db, catalog }, request.user!, vocabulary, term, body.number, body.reason);
    if ('problems' in outcome) {
      if (outcome.status === 404) throw notFound(outcome.problems[0]!.message);
      return form(request, reply, vocabulary, term, { label: found.label, definition: found.definition, retired: Boolean(found.retired) }, outcome.problems, outcome.status ?? 400);
    }
    return reply.redirect(`/vocabularies/${vocabulary}/${term}/history`, 303);
  });

  app.post('/review/vocabularies/:vocabulary/:term/edit', needs('editor'), async (request, reply) => {
    const { vocabulary, term } = parseInput(termParams, request.params);
    return submit(request, reply, vocabulary, term);
  });
}
