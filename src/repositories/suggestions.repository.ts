/** Suggestions from the public and editors' decisions on them. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Suggestion } from '../domain/suggestion.ts';

type Conn = Kysely<Database> | Transaction<Database>;

export async function insertSuggestion(db: Conn, s: Suggestion): Promise<number> {
  const row = await db
    .insertInto('suggestions')
    .values({ kind: s.kind, deployment_slug: s.deployment_slug ?? null, what: s.what, place: s.place || null, sources: s.sources })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface SuggestionRow {
  id: number;
  kind: 'new' | 'correction';
  deployment_slug: string | null;
  what: string;
  place: string | null;
  sources: string;
  status: 'new' | 'accepted' | 'rejected';
  reason: string | null;
  created_at: Date;
}

export async function listSuggestions(db: Conn, status: SuggestionRow['status'], limit = 100): Promise<SuggestionRow[]> {
  return (await db
    .selectFrom('suggestions')
    .select(['id', 'kind', 'deployment_slug', 'what', 'place', 'sources', 'status', 'reason', 'created_at'])
    .where('status', '=', status)
    .orderBy('id', status === 'new' ? 'asc' : 'desc')
    .limit(limit)
    .execute()) as SuggestionRow[];
}

/** Records an editor's decision on a suggestion still new; false when there is none such. */
export async function decideSuggestion(trx: Conn, id: number, decision: { status: 'accepted' | 'rejected'; reason?: string }, editorId: number): Promise<boolean> {
  const r = await trx
    .updateTable('suggestions')
    .set({ status: decision.status, reason: decision.reason ?? null, handled_by: editorId, handled_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'new')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
