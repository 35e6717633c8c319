// The sample table's text and facet columns in one GIN index, so that a search's words and its
// filters are intersected inside the index: only the sampled records that match all of them are
// read. With an index per column the planner either tested the words on each row of a filter
// (a read of each row's out-of-line search vector) or, as the search wrote it, matched the words
// first as a set of ids: every sampled match of a common word, 160,000 ids at 1,000,000 records,
// hashed once for each count (70–160 ms each).
//
// The same index, partial, for the first bucket (1 % of the records): the first level at which a
// search is sized (see `sampleSizes` in src/repositories/search.repository.ts).
import { sql, type Kysely } from 'kysely';

const COLUMNS = 'search, countries, categories, capabilities, rights, assessment_outcomes, assessment_rules';
const ARRAYS = ['countries', 'categories', 'capabilities', 'rights', 'assessment_outcomes', 'assessment_rules'];
/** The buckets of the first level: sample_bucket < FIRST_LEVEL. */
const FIRST_LEVEL = 1;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index deployment_sample_search_idx`.execute(db);
  await sql`drop index deployment_sample_search_first_idx`.execute(db);
  for (const column of ARRAYS) await sql`drop index ${sql.id(`deployment_sample_${column}_idx`)}`.execute(db);
  await sql.raw(`create index deployment_sample_match_idx on deployment_sample using gin (${COLUMNS})`).execute(db);
  await sql.raw(`create index deployment_sample_match_first_idx on deployment_sample using gin (${COLUMNS}) where sample_bucket < ${FIRST_LEVEL}`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index deployment_sample_match_idx`.execute(db);
  await sql`drop index deployment_sample_match_first_idx`.execute(db);
  await sql`create index deployment_sample_search_idx on deployment_sample using gin (search)`.execute(db);
  await sql`create index deployment_sample_search_first_idx on deployment_sample using gin (search) where sample_bucket < 4`.execute(db);
  for (const column of ARRAYS) await sql`create index ${sql.id(`deployment_sample_${column}_idx`)} on deployment_sample using gin (${sql.ref(column)})`.execute(db);
}
