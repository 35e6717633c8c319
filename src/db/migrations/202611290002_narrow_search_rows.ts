// Search and facet counts visit every matching row. Keeping the large values (the JSONB record,
// the full tsvector, the summary) out of line makes those rows small, so counting facets over
// tens of thousands of matches reads a few megabytes instead of the whole table. A small title
// tsvector, kept in line, ranks broad searches without reading every match's full vector.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table deployments add column period_end text`.execute(db);
  await sql`update deployments set period_end = record->'period'->>'end'`.execute(db);
  // Large values go out of line early; the small columns that filters, facets and sorting read
  // stay in line whatever the row's size (PLAIN storage is never moved out).
  await sql`alter table deployments set (toast_tuple_target = 128)`.execute(db);
  for (const column of ['record', 'search', 'summary']) {
    await sql`alter table deployments alter column ${sql.ref(column)} set storage external`.execute(db);
  }
  for (const column of ['slug', 'title', 'status', 'countries', 'categories', 'capabilities', 'rights', 'period_start', 'period_end']) {
    await sql`alter table deployments alter column ${sql.ref(column)} set storage plain`.execute(db);
  }
  await sql`alter table deployments add column title_search tsvector not null default ''`.execute(db);
  await sql`alter table deployments alter column title_search set storage main`.execute(db);
  await sql`update deployments set title_search = to_tsvector('english', title)`.execute(db);
  await sql`create index deployments_title_search_idx on deployments using gin (title_search)`.execute(db);
  // A fixed pseudo-random bucket (0–99) per record: facet counts over very large result sets
  // are estimated from a few buckets, read through this index.
  await sql`alter table deployments add column sample_bucket smallint not null default 0`.execute(db);
  await sql`update deployments set sample_bucket = abs(hashtext(slug)) % 100`.execute(db);
  await sql`create index deployments_sample_bucket_idx on deployments (sample_bucket)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table deployments drop column title_search`.execute(db);
  await sql`alter table deployments drop column sample_bucket`.execute(db);
  await sql`alter table deployments reset (toast_tuple_target)`.execute(db);
  for (const column of ['record', 'search', 'summary', 'slug', 'title', 'status', 'countries', 'categories', 'capabilities', 'rights', 'period_start']) {
    await sql`alter table deployments alter column ${sql.ref(column)} set storage extended`.execute(db);
  }
  await sql`alter table deployments drop column period_end`.execute(db);
}
