// Search and facet counts visit every matching row. Keeping the large values (the JSONB record,
// the full tsvector, the summary) out of line makes those rows small, so counting facets over
// tens of thousands of matches reads a few megabytes instead of the whole table. A small title
// tsvector, kept in line, ranks broad searches without reading every match's full vector.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table deployments set (toast_tuple_target = 128)`.execute(db);
  await sql`alter table deployments alter column record set storage external`.execute(db);
  await sql`alter table deployments add column title_search tsvector not null default ''`.execute(db);
  await sql`alter table deployments alter column title_search set storage main`.execute(db);
  await sql`update deployments set title_search = to_tsvector('english', title)`.execute(db);
  await sql`create index deployments_title_search_idx on deployments using gin (title_search)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table deployments drop column title_search`.execute(db);
  await sql`alter table deployments reset (toast_tuple_target)`.execute(db);
  await sql`alter table deployments alter column record set storage extended`.execute(db);
}
