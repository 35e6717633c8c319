// A compact copy of a fixed sample of deployments (those in sample buckets 0–15, about 1 in 6),
// holding only what counting needs: the search document and the facet columns. Counts over
// large results (the total, facets) are estimated from it: reading a sixth of the matches, or
// fewer (the first buckets only), from a table of narrow rows instead of every match from the
// deployments' wide heap.
//
// A trigger keeps it in step with every write to deployments (import, publish, assessment
// refresh, archive), so no write path has to know about it. Changing which buckets are sampled
// needs a new migration and SAMPLE_BUCKETS in src/repositories/search.repository.ts.
//
// Also an index on deployments in the order of "newest first", so that a page in that order
// stops after its rows.
import { sql, type Kysely } from 'kysely';

const SAMPLE_BUCKETS = 16;
/** The first buckets, which estimates of the largest results read: a text index of their own. */
const FIRST_BUCKETS = 4;
const FACET_COLUMNS = ['status', 'countries', 'categories', 'capabilities', 'rights', 'start_year', 'assessment_outcomes', 'assessment_rules'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table deployment_sample (
      id integer primary key,
      sample_bucket smallint not null,
      status text not null,
      countries text[] not null,
      categories text[] not null,
      capabilities text[] not null,
      rights text[] not null,
      start_year integer,
      assessment_outcomes text[] not null,
      assessment_rules text[] not null,
      search tsvector not null
    )`.execute(db);
  // As on deployments: the document out of line (the text index answers without reading it),
  // the facet columns in line, so a row is a couple of hundred bytes.
  await sql`alter table deployment_sample set (toast_tuple_target = 128)`.execute(db);
  await sql`alter table deployment_sample alter column search set storage external`.execute(db);
  for (const column of ['status', 'countries', 'categories', 'capabilities', 'rights', 'assessment_outcomes', 'assessment_rules']) {
    await sql`alter table deployment_sample alter column ${sql.ref(column)} set storage plain`.execute(db);
  }
  await sql`create index deployment_sample_search_idx on deployment_sample using gin (search)`.execute(db);
  await sql.raw(`create index deployment_sample_search_first_idx on deployment_sample using gin (search) where sample_bucket < ${FIRST_BUCKETS}`).execute(db);
  for (const column of ['countries', 'categories', 'capabilities', 'rights', 'assessment_outcomes', 'assessment_rules']) {
    await sql`create index ${sql.id(`deployment_sample_${column}_idx`)} on deployment_sample using gin (${sql.ref(column)})`.execute(db);
  }
  await sql`create index deployment_sample_status_idx on deployment_sample (status)`.execute(db);
  await sql`create index deployment_sample_start_year_idx on deployment_sample (start_year)`.execute(db);

  const cols = FACET_COLUMNS.join(', ');
  const fn = `
    create function deployment_sample_sync() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' and (tg_op = 'DELETE' or new.sample_bucket >= ${SAMPLE_BUCKETS}) then
        delete from deployment_sample where id = old.id;
      end if;
      if tg_op <> 'DELETE' and new.sample_bucket < ${SAMPLE_BUCKETS} then
        insert into deployment_sample (id, sample_bucket, ${cols}, search)
        values (new.id, new.sample_bucket, ${FACET_COLUMNS.map((c) => `new.${c}`).join(', ')}, new.search)
        on conflict (id) do update set sample_bucket = excluded.sample_bucket, ${FACET_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}, search = excluded.search;
      end if;
      return null;
    end $$`;
  await sql.raw(fn).execute(db);
  // Only rows in (or leaving) the sample call the function, and updates only when a column the
  // sample holds is written: the assessment refresh and imports of the other rows pay nothing.
  const watched = ['sample_bucket', ...FACET_COLUMNS, 'search'].join(', ');
  const trigger = (name: string, event: string, when: string) =>
    sql.raw(`create trigger ${name} after ${event} on deployments for each row when (${when}) execute function deployment_sample_sync()`).execute(db);
  await trigger('deployment_sample_insert', 'insert', `new.sample_bucket < ${SAMPLE_BUCKETS}`);
  await trigger('deployment_sample_update', `update of ${watched}`, `old.sample_bucket < ${SAMPLE_BUCKETS} or new.sample_bucket < ${SAMPLE_BUCKETS}`);
  await trigger('deployment_sample_delete', 'delete', `old.sample_bucket < ${SAMPLE_BUCKETS}`);

  // Newest first (the order of the explore page and of broad matches after the title matches):
  // read through this index, a page stops after its rows instead of sorting every match.
  await sql`create index deployments_newest_idx on deployments (start_year desc nulls last, period_start desc nulls last, title, id)`.execute(db);

  await sql.raw(`insert into deployment_sample (id, sample_bucket, ${cols}, search) select id, sample_bucket, ${cols}, search from deployments where sample_bucket < ${SAMPLE_BUCKETS}`).execute(db);
  await sql`analyze deployment_sample`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index deployments_newest_idx`.execute(db);
  for (const t of ['deployment_sample_insert', 'deployment_sample_update', 'deployment_sample_delete']) await sql`drop trigger ${sql.id(t)} on deployments`.execute(db);
  await sql`drop function deployment_sample_sync()`.execute(db);
  await sql`drop table deployment_sample`.execute(db);
}
