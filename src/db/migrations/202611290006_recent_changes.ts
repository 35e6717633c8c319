// Feeds list the most recently changed records first; without this index a feed of the whole
// compendium would sort every row.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index deployments_updated_idx on deployments (updated_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index deployments_updated_idx`.execute(db);
}
