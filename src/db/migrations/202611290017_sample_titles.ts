// The sample table also holds each record's title vector, in its GIN index, so that a search can
// estimate how many records have the words in their title. Broad searches list those first;
// ranking tens of thousands of them read as many pages of the deployments' heap (342 ms for
// 46,535 title matches at 1,000,000 records), so above a threshold they are listed newest first
// through the newest-first index instead, and the estimate decides which (see `pageIds` in
// src/repositories/search.repository.ts).
import { sql, type Kysely } from 'kysely';

const SAMPLE_BUCKETS = 16;
const FIRST_LEVEL = 1;
const FACET_COLUMNS = ['status', 'countries', 'categories', 'capabilities', 'rights', 'start_year', 'assessment_outcomes', 'assessment_rules'];

/** The trigger function of migration 202611290014, copying `columns`. */
function syncFunction(columns: string[]): string {
  const cols = columns.join(', ');
  return `
    create or replace function deployment_sample_sync() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' and (tg_op = 'DELETE' or new.sample_bucket >= ${SAMPLE_BUCKETS}) then
        delete from deployment_sample where id = old.id;
      end if;
      if tg_op <> 'DELETE' and new.sample_bucket < ${SAMPLE_BUCKETS} then
        insert into deployment_sample (id, sample_bucket, ${cols})
        values (new.id, new.sample_bucket, ${columns.map((c) => `new.${c}`).join(', ')})
        on conflict (id) do update set sample_bucket = excluded.sample_bucket, ${columns.map((c) => `${c} = excluded.${c}`).join(', ')};
      end if;
      return null;
    end $$`;
}

async function indexes(db: Kysely<unknown>, columns: string): Promise<void> {
  await sql`drop index if exists deployment_sample_match_idx`.execute(db);
  await sql`drop index if exists deployment_sample_match_first_idx`.execute(db);
  await sql.raw(`create index deployment_sample_match_idx on deployment_sample using gin (${columns})`).execute(db);
  await sql.raw(`create index deployment_sample_match_first_idx on deployment_sample using gin (${columns}) where sample_bucket < ${FIRST_LEVEL}`).execute(db);
}

async function updateTrigger(db: Kysely<unknown>, watched: string[]): Promise<void> {
  await sql`drop trigger deployment_sample_update on deployments`.execute(db);
  await sql
    .raw(
      `create trigger deployment_sample_update after update of ${['sample_bucket', ...watched].join(', ')} on deployments for each row
       when (old.sample_bucket < ${SAMPLE_BUCKETS} or new.sample_bucket < ${SAMPLE_BUCKETS}) execute function deployment_sample_sync()`,
    )
    .execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table deployment_sample add column title_search tsvector not null default ''`.execute(db);
  await sql`update deployment_sample s set title_search = d.title_search from deployments d where d.id = s.id`.execute(db);
  const columns = [...FACET_COLUMNS, 'search', 'title_search'];
  await sql.raw(syncFunction(columns)).execute(db);
  await updateTrigger(db, columns);
  await indexes(db, 'search, title_search, countries, categories, capabilities, rights, assessment_outcomes, assessment_rules');
  await sql`analyze deployment_sample`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const columns = [...FACET_COLUMNS, 'search'];
  await sql.raw(syncFunction(columns)).execute(db);
  await updateTrigger(db, columns);
  await indexes(db, 'search, countries, categories, capabilities, rights, assessment_outcomes, assessment_rules');
  await sql`alter table deployment_sample drop column title_search`.execute(db);
}
