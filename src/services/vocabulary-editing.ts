/**
 * Editors add, relabel and retire vocabulary terms. Term ids never change and terms are never
 * deleted (records keep using a retired term; it is only no longer offered for new ones). Each
 * change is a revision of the term (entity 'term', key "vocabulary/term") with its author and a
 * required reason, and an audit entry, in one transaction; then the running catalogue reloads.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Catalog } from '../domain/catalog.ts';
import { zodProblems } from '../domain/problems.ts';
import { roleRank } from '../domain/roles.ts';
import { termEditSchema, VOCABULARY_IDS, type Term, type TermChange, type VocabularyId } from '../domain/vocabulary.ts';
import type { Actor } from '../domain/workflow.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { bumpDataVersion } from '../repositories/deployments.repository.ts';
import { findRevision, insertRevision, latestRevisionNumber } from '../repositories/revisions.repository.ts';
import { saveTermChange } from '../repositories/vocabulary-terms.repository.ts';
import type { Outcome } from './editorial.ts';
import { liveCatalog } from './live-catalog.ts';

export const isVocabularyId = (id: string): id is VocabularyId => (VOCABULARY_IDS as readonly string[]).includes(id);

/** The key of a term's revisions. */
export const termKey = (vocabulary: VocabularyId, term: string): string => `${vocabulary}/${term}`;

/** A term of the running vocabularies (the files' with the editors' changes), or undefined. */
export function findTerm(catalog: Catalog, vocabulary: VocabularyId, term: string): Term | undefined {
  return catalog.vocabs.byId[vocabulary].terms.find((t) => t.id === term);
}

export interface TermInput {
  vocabulary: VocabularyId;
  /** Set when changing an existing term; a new term's id comes from `fields.term`. */
  term?: string;
  fields: { term?: unknown; label?: unknown; definition?: unknown; retired?: unknown };
  reason: string;
}

export async function saveTerm(deps: { db: Kysely<Database>; catalog: Catalog }, editor: Actor, input: TermInput): Promise<Outcome<{ vocabulary: VocabularyId; term: string; changed: boolean }>> {
  const { db, catalog } = deps;
  if (roleRank(editor.role) < roleRank('editor')) return { problems: [{ path: 'role', message: 'only an editor may change vocabulary terms' }], status: 403 };
  const live = liveCatalog(catalog);
  await live.refreshIfStale(db);
  const terms = catalog.vocabs.byId[input.vocabulary].terms;
  const existing = input.term === undefined ? undefined : findTerm(catalog, input.vocabulary, input.term);
  if (input.term !== undefined && !existing) return { problems: [{ path: 'term', message: `no term "${input.term}" in ${input.vocabulary}` }], status: 404 };
  const parsed = termEditSchema.safeParse({ ...input.fields, term: input.term ?? input.fields.term, retired: input.fields.retired === true });
  const problems = parsed.success ? [] : zodProblems(parsed.error.issues);
  if (input.reason.trim().length < 3) problems.push({ path: 'reason', message: 'give a reason for the change' });
  if (!parsed.success || problems.length) return { problems };
  if (!existing && terms.some((t) => t.id === parsed.data.term)) return { problems: [{ path: 'term', message: `"${parsed.data.term}" is already a term of ${input.vocabulary}` }], status: 409 };

  const change: TermChange = { vocabulary: input.vocabulary, ...parsed.data };
  if (existing && existing.label === change.label && existing.definition === change.definition && Boolean(existing.retired) === change.retired) {
    return { ok: { vocabulary: change.vocabulary, term: change.term, changed: false } };
  }
  const reason = input.reason.trim();
  await db.transaction().execute(async (trx) => {
    await saveTermChange(trx, change);
    const key = termKey(change.vocabulary, change.term);
    // A term from the files gets its first revision as it was there, so its history shows what changed.
    if (existing && (await latestRevisionNumber(trx, 'term', key)) === undefined) {
      const before = { vocabulary: change.vocabulary, id: existing.id, label: existing.label, definition: existing.definition, retired: Boolean(existing.retired) };
      await insertRevision(trx, { entity: 'term', key, snapshot: before, authorId: null, reason: 'As in the vocabulary files' });
    }
    const snapshot = { vocabulary: change.vocabulary, id: change.term, label: change.label, definition: change.definition, retired: change.retired };
    const n = await insertRevision(trx, { entity: 'term', key, snapshot, authorId: editor.id, reason });
    await appendAudit(trx, { actorId: editor.id, action: existing ? 'term.change' : 'term.add', subject: `term:${key}`, details: { revision: n, reason } });
    // Pages show term labels: cached pages must go.
    await bumpDataVersion(trx);
  });
  await live.load(db);
  return { ok: { vocabulary: change.vocabulary, term: change.term, changed: true } };
}

/** Restores a term's earlier revision (label, definition, retired) as a new one, with a reason. */
export async function restoreTermRevision(deps: { db: Kysely<Database>; catalog: Catalog }, editor: Actor, vocabulary: VocabularyId, term: string, number: number, reason: string): Promise<Outcome<{ vocabulary: VocabularyId; term: string; changed: boolean }>> {
  if (reason.trim().length < 3) return { problems: [{ path: 'reason', message: 'give a reason for the change' }] };
  const old = await findRevision(deps.db, 'term', termKey(vocabulary, term), number);
  if (!old) return { problems: [{ path: 'number', message: `no revision ${number} of ${termKey(vocabulary, term)}` }], status: 404 };
  const snapshot = old.snapshot as { label: string; definition: string; retired: boolean };
  return saveTerm(deps, editor, { vocabulary, term, fields: { label: snapshot.label, definition: snapshot.definition, retired: snapshot.retired }, reason: `Restored revision ${number}: ${reason.trim()}` });
}
