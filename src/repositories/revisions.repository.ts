/** Revisions: immutable snapshots of published records, numbered per record from 1. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Conn = Kysely<Database> | Transaction<Database>;
export type RevisionEntity = 'deployment' | 'actor' | 'term';
type Entity = RevisionEntity;

export interface RevisionRow {
  number: number;
  snapshot: unknown;
  author_id: number | null;
  author_name: string | null;
  at: string;
  reason: string;
}

/** Appends a revision; returns its number. Call in the transaction that publishes the record. */
export async function insertRevision(trx: Transaction<Database>, entry: { entity: Entity; key: string; snapshot: unknown; authorId: number | null; reason: string }): Promise<number> {
  // One writer per record at a time, so numbers do not collide.
  await sql`select pg_advisory_xact_lock(hashtext(${`${entry.entity}:${entry.key}`}))`.execute(trx);
  const last = await trx.selectFrom('revisions').select((eb) => eb.fn.max('number').as('n')).where('entity', '=', entry.entity).where('key', '=', entry.key).executeTakeFirst();
  const number = Number(last?.n ?? 0) + 1;
  await trx
    .insertInto('revisions')
    .values({ entity: entry.entity, key: entry.key, number, snapshot: JSON.stringify(entry.snapshot), author_id: entry.authorId, at: new Date().toISOString(), reason: entry.reason })
    .execute();
  return number;
}

/** A record's revisions as RevisionRow reads them, with the author's public display name (never an e-mail). */
function revisionsOf(db: Conn, entity: Entity, key: string) {
  return db
    .selectFrom('revisions as r')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .select(['r.number', 'r.snapshot', 'r.author_id', 'u.display_name as author_name', 'r.at', 'r.reason'])
    .where('r.entity', '=', entity)
    .where('r.key', '=', key);
}

/** A record's revisions, newest first. */
export async function listRevisions(db: Conn, entity: Entity, key: string): Promise<RevisionRow[]> {
  return (await revisionsOf(db, entity, key).orderBy('r.number', 'desc').execute()) as RevisionRow[];
}

/** One revision of a record, or undefined. */
export async function findRevision(db: Conn, entity: Entity, key: string, number: number): Promise<RevisionRow | undefined> {
  return (await revisionsOf(db, entity, key).where('r.number', '=', number).executeTakeFirst()) as RevisionRow | undefined;
}

export async function latestRevisionNumber(db: Conn, entity: Entity, key: string): Promise<number | undefined> {
  const r = await db.selectFrom('revisions').select((eb) => eb.fn.max('number').as('n')).where('entity', '=', entity).where('key', '=', key).executeTakeFirst();
  return r?.n === null || r?.n === undefined ? undefined : Number(r.n);
}
