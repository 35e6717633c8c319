/**
 * The public history of a deployment, an actor or a vocabulary term: every revision with its
 * author, time and reason, and the differences between any two of them.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { diffRecords } from '../../domain/record-diff.ts';
import { notFound } from '../../errors.ts';
import { findActor } from '../../repositories/actors.repository.ts';
import { findDeployment } from '../../repositories/deployments.repository.ts';
import { listRevisions, type RevisionEntity } from '../../repositories/revisions.repository.ts';
import { findTerm, termKey } from '../../services/vocabulary-editing.ts';
import { HistoryPage, type HistorySubject } from '../../views/pages/editorial.tsx';
import { renderPage } from '../../views/render.tsx';
import { PUBLIC } from '../access.ts';
import { slugParams, termParams } from '../api/schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseInput } from '../validate.ts';
import { html } from './html.ts';

const compareQuery = z.object({ from: z.coerce.number().int().positive().optional(), to: z.coerce.number().int().positive().optional() });

/** The revisions, and the differences between two of them when the query names both. */
async function history(db: Kysely<Database>, entity: RevisionEntity, key: string, rawQuery: unknown, fieldOrder: readonly string[]) {
  const revisions = await listRevisions(db, entity, key);
  const q = parseInput(compareQuery, rawQuery);
  if (q.from === undefined || q.to === undefined) return { revisions };
  const a = revisions.find((r) => r.number === q.from);
  const b = revisions.find((r) => r.number === q.to);
  if (!a || !b) throw notFound(`No revision ${!a ? q.from : q.to} of "${key}"`);
  return { revisions, diff: { from: q.from, to: q.to, changes: diffRecords(a.snapshot as Record<string, unknown>, b.snapshot as Record<string, unknown>, fieldOrder) } };
}

export function registerHistoryPages(app: FastifyInstance, deps: AppDeps): void {
  const { db, view, catalog } = deps;
  const page = (subject: HistorySubject, found: Awaited<ReturnType<typeof history>>) => html(renderPage(view, <HistoryPage subject={subject} revisions={found.revisions} diff={found.diff} />));

  app.get('/deployments/:slug/history', PUBLIC, deps.cache.handler(async (request) => {
    const { slug } = parseInput(slugParams, request.params);
    const record = await findDeployment(db, slug);
    if (!record) throw notFound(`No deployment "${slug}"`);
    const found = await history(db, 'deployment', slug, request.query, Object.keys(catalog.partialDeploymentSchema.shape ?? {}));
    return page({ title: record.title, href: `/deployments/${slug}`, historyHref: `/deployments/${slug}/history`, jsonHref: `/api/v1/deployments/${slug}/history`, manageHref: `/review/deployments/${slug}` }, found);
  }));

  app.get('/actors/:slug/history', PUBLIC, deps.cache.handler(async (request) => {
    const { slug } = parseInput(slugParams, request.params);
    const actor = await findActor(db, slug);
    if (!actor) throw notFound(`No actor "${slug}"`);
    const found = await history(db, 'actor', slug, request.query, Object.keys(catalog.actorSchema.shape ?? {}));
    return page({ title: actor.name, href: `/actors/${slug}`, historyHref: `/actors/${slug}/history`, jsonHref: `/api/v1/actors/${slug}/history`, manageHref: `/review/actors/${slug}/edit`, manageLabel: view.t('form.actor.editLink') }, found);
  }));

  app.get('/vocabularies/:vocabulary/:term/history', PUBLIC, deps.cache.handler(async (request) => {
    const { vocabulary, term } = parseInput(termParams, request.params);
    const found = findTerm(catalog, vocabulary, term);
    if (!found) throw notFound(`No term "${term}" in ${vocabulary}`);
    const title = view.t('vocab.termTitle', { label: found.label, vocabulary: catalog.vocabs.byId[vocabulary].label });
    const revisions = await history(db, 'term', termKey(vocabulary, term), request.query, ['label', 'definition', 'retired']);
    return page({ title, href: `/about#${vocabulary}-${term}`, historyHref: `/vocabularies/${vocabulary}/${term}/history`, jsonHref: `/api/v1/vocabularies/${vocabulary}/terms/${term}/history`, manageHref: `/review/vocabularies/${vocabulary}/${term}/edit`, manageLabel: view.t('vocab.editLink') }, revisions);
  }));
}
