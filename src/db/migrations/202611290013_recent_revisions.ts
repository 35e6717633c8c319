// Feeds list the latest published changes (revisions) first; without this index a feed of the
// whole compendium would sort every revision.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index revisions_recent_idx on revisions (entity, at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index revisions_recent_idx`.execute(db);
}
