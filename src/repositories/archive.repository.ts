/** Archiving: a deployment taken out of the current compendium stays readable, with a notice. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Conn = Kysely<Database> | Transaction<Database>;

export async function archivedAt(db: Conn, slug: string): Promise<Date | null | undefined> {
  const row = await db.selectFrom('deployments').select('archived_at').where('slug', '=', slug).executeTakeFirst();
  return row ? row.archived_at : undefined;
}

/** Sets or clears the archive mark; false when there is no such deployment or nothing changed. */
export async function setArchived(db: Conn, slug: string, archived: boolean): Promise<boolean> {
  const r = await db
    .updateTable('deployments')
    .set({ archived_at: archived ? new Date() : null })
    .where('slug', '=', slug)
    .where('archived_at', archived ? 'is' : 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
