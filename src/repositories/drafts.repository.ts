/** Drafts: working copies of records on their way through review. */
import type { Kysely, Transaction } from 'kysely';
import type { Database, DraftState } from '../db/schema.ts';

type Conn = Kysely<Database> | Transaction<Database>;

export interface DraftRow {
  id: number;
  entity: 'deployment' | 'actor';
  key: string;
  base_number: number | null;
  snapshot: Record<string, unknown>;
  author_id: number;
  author_name: string;
  state: DraftState;
  reason: string | null;
  claimed_by: number | null;
  /** The display name of the editor who claimed it. */
  claimed_name: string | null;
  decision_note: string | null;
  updated_at: Date;
}

const COLUMNS = ['d.id', 'd.entity', 'd.key', 'd.base_number', 'd.snapshot', 'd.author_id', 'u.display_name as author_name', 'd.state', 'd.reason', 'd.claimed_by', 'c.display_name as claimed_name', 'd.decision_note', 'd.updated_at'] as const;

const drafts = (db: Conn) => db.selectFrom('drafts as d').innerJoin('users as u', 'u.id', 'd.author_id').leftJoin('users as c', 'c.id', 'd.claimed_by');

export async function insertDraft(db: Conn, d: { entity: 'deployment' | 'actor'; key: string; base_number: number | null; snapshot: unknown; author_id: number; reason: string | null; state: DraftState }): Promise<number> {
  const row = await db
    .insertInto('drafts')
    .values({ ...d, snapshot: JSON.stringify(d.snapshot) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findDraft(db: Conn, id: number): Promise<DraftRow | undefined> {
  return (await drafts(db).select(COLUMNS).where('d.id', '=', id).executeTakeFirst()) as DraftRow | undefined;
}

export async function updateDraft(db: Conn, id: number, set: Partial<{ snapshot: unknown; state: DraftState; reason: string | null; claimed_by: number | null; decision_note: string | null }>): Promise<void> {
  const { snapshot, ...rest } = set;
  await db
    .updateTable('drafts')
    .set({ ...rest, ...(snapshot !== undefined ? { snapshot: JSON.stringify(snapshot) } : {}), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export interface DraftFilter {
  states: DraftState[];
  authorId?: number;
  entity?: 'deployment' | 'actor';
  /** New records only, or changes to published ones only. */
  kind?: 'new' | 'change';
  /** Claimed by this editor (a number), or by nobody. */
  claimedBy?: number | 'nobody';
  /** Oldest change first (the default for the review queue: who has waited longest) or newest. */
  order?: 'oldest' | 'newest';
}

/** Drafts in some states: the review queue, filtered and sorted, or one author's drafts. */
export async function listDrafts(db: Conn, filter: DraftFilter, limit = 100): Promise<DraftRow[]> {
  let q = drafts(db).select(COLUMNS).where('d.state', 'in', filter.states);
  if (filter.authorId !== undefined) q = q.where('d.author_id', '=', filter.authorId);
  if (filter.entity) q = q.where('d.entity', '=', filter.entity);
  if (filter.kind) q = q.where('d.base_number', filter.kind === 'new' ? 'is' : 'is not', null);
  if (filter.claimedBy === 'nobody') q = q.where('d.claimed_by', 'is', null);
  else if (filter.claimedBy !== undefined) q = q.where('d.claimed_by', '=', filter.claimedBy);
  const order = filter.order ?? (filter.authorId === undefined ? 'oldest' : 'newest');
  return (await q.orderBy('d.updated_at', order === 'oldest' ? 'asc' : 'desc').orderBy('d.id', order === 'oldest' ? 'asc' : 'desc').limit(limit).execute()) as DraftRow[];
}

export async function addComment(db: Conn, draftId: number, authorId: number, body: string): Promise<void> {
  await db.insertInto('draft_comments').values({ draft_id: draftId, author_id: authorId, body }).execute();
}

export async function listComments(db: Conn, draftId: number): Promise<{ author_name: string; body: string; created_at: Date }[]> {
  return db
    .selectFrom('draft_comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .select(['u.display_name as author_name', 'c.body', 'c.created_at'])
    .where('c.draft_id', '=', draftId)
    .orderBy('c.id')
    .execute();
}
