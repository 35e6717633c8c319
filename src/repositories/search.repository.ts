/**
 * Full-text search with facet counts, in SQL.
 *
 * Text matches the weighted tsvector (GIN index) through websearch_to_tsquery when the user
 * writes search syntax (phrases, OR, -exclusion) and through a prefix query otherwise, so partial
 * words ("iBorder") match. Only when that finds nothing does a trigram word-similarity match on
 * the title try misspelt names: an OR of the two would defeat the index on every search.
 *
 * Facet counts follow the disjunctive rule: each facet is counted with every filter but its
 * own, so choosing Greece still shows how many records Hungary would add.
 *
 * Large counts are estimated from the sample table (`deployment_sample`, a compact copy of the
 * records in sample buckets 0–15, kept by a trigger): the search first counts its statements on
 * the sample (on its first 1 % where that sees enough records), and a statement that would read
 * more than FACET_EXACT_MAX records (the total: TOTAL_EXACT_MAX) is counted on the sample and
 * scaled up instead, and labelled as an estimate. Below that the matches' ids are read once and
 * the other statements read the matches by them. The page of results is always exact.
 *
 * Relevance: with up to RANK_ALL matches, every match is ranked by ts_rank_cd over the full
 * document. Above that, ranking every match would read every match's full vector, so matches
 * whose title contains the words come first, ranked on the small title vector (newest first
 * when there are more than TITLE_RANK_MAX of them), then the rest, newest first.
 */
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { effectiveSort, FACETS, type Facet, type SearchQuery } from '../domain/search-query.ts';

export interface SearchHit {
  slug: string;
  title: string;
  summary: string;
  countries: string[];
  categories: string[];
  status: string;
  period_start: string | null;
  period_end: string | null;
  start_year: number | null;
}

export interface SearchResult {
  items: SearchHit[];
  total: number;
  facets: Record<Facet, { value: string; count: number }[]>;
  /** True when no record matched the words and the title's spelling was matched instead. */
  fuzzy: boolean;
  /** True when some facet counts are estimated from the sample (those of `estimatedFacets`). */
  facetsEstimated: boolean;
  /** The facets whose counts are estimated: each read more than FACET_EXACT_MAX records. */
  estimatedFacets: Facet[];
  /** True when the total is estimated from the sample (more than TOTAL_EXACT_MAX matches). */
  totalEstimated: boolean;
}

const ARRAY_COLUMN = {
  country: 'countries',
  category: 'categories',
  capability: 'capabilities',
  right: 'rights',
  outcome: 'assessment_outcomes',
  rule: 'assessment_rules',
} as const;
const RANK_ALL = 2000;

/** Words of a query turned into an AND of prefixes ("iBorder ctrl" → "iborder:* & ctrl:*"). */
export function prefixQuery(q: string): string | undefined {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  return words?.length ? words.slice(0, 12).map((w) => `${w}:*`).join(' & ') : undefined;
}

/** True when the user wrote search syntax (quotes, OR, -word) that websearch_to_tsquery honours. */
function usesSyntax(q: string): boolean {
  return /"|(^|\s)-\S|\sor\s/i.test(q);
}

function textQuery(q: string, language: string): RawBuilder<unknown> {
  const cfg = sql`${language}::regconfig`;
  const prefix = prefixQuery(q);
  return usesSyntax(q) || !prefix ? sql`websearch_to_tsquery(${cfg}, ${q})` : sql`to_tsquery(${cfg}, ${prefix})`;
}

type Qb = SelectQueryBuilder<Database, 'deployments', object>;
type Conn = Kysely<Database> | Transaction<Database>;

interface Filter {
  query: SearchQuery;
  language: string;
  fuzzy: boolean;
  /** Up to how many matches every match is ranked on its full document. */
  rankAll?: number;
  /** Up to how many title matches they are ranked on the title (TITLE_RANK_MAX). */
  titleRankMax?: number;
  /** Rank broad searches in one ordering, without taking title matches from the title's index. */
  plainRanking?: boolean;
  /** Facets counted without their own filter whose statement takes the words as a set of ids. */
  wordsAsIds?: readonly Facet[];
  /** About how many records the compendium holds (the planner's statistics), when known. */
  records?: number;
  /** The ids of every match, when the search read them (see `matchingIds`): they stand for the words and filters. */
  ids?: number[];
  /** About how many matches have the words in their title (from the sample), when the words are a plain query. */
  titles?: number;
}

function applyFilters(qb: Qb, filter: Filter, except?: Facet, withWords = true): Qb {
  const { query, language, fuzzy } = filter;
  // The matches, already found: a lookup of each by its primary key instead of matching the
  // words again (for a common word, a bitmap of hundreds of thousands of records each time).
  if (filter.ids && except === undefined) return qb.where(sql<SqlBool>`id = any(${filter.ids}::int[])`);
  if (query.q && withWords) {
    const tsq = textQuery(query.q, language);
    if (fuzzy) qb = qb.where(sql<SqlBool>`lower(${query.q}) <% lower(title)`);
    // A facet counted without its own filter keeps the other filters, whose indexes the planner
    // then prefers, testing the words on each of their rows: a read of each row's out-of-line
    // vector. As a set of ids from the text index, the words never leave the index, but every
    // match of the words is read (see `wordsAsIds`).
    // On the sample neither is needed: one GIN index holds the words and the facet columns, so
    // the words and the filters are intersected in the index (migration 202611290016).
    else if (except && filter.wordsAsIds?.includes(except)) qb = qb.where('id', 'in', (eb) => eb.selectFrom('deployments').select('id').where(sql<SqlBool>`search @@ ${tsq}`));
    else qb = qb.where(sql<SqlBool>`search @@ ${tsq}`);
  }
  for (const facet of FACETS) {
    if (facet === except) continue;
    const values = query[facet];
    if (!values.length) continue;
    if (facet === 'status') qb = qb.where('status', 'in', values);
    else qb = qb.where(sql.ref(ARRAY_COLUMN[facet]), '&&', sql<string[]>`${values}::text[]`);
  }
  if (query.from !== undefined) qb = qb.where('start_year', '>=', query.from);
  if (query.to !== undefined) qb = qb.where('start_year', '<=', query.to);
  return qb;
}

/** The facets with a filter in the query. */
function activeFilters(query: SearchQuery): Facet[] {
  return FACETS.filter((f) => query[f].length > 0);
}

const NEWEST = [sql`start_year desc nulls last`, sql`period_start desc nulls last`, sql`title`, sql`id`];

function ordered(qb: Qb, filter: Filter, total: number): Qb {
  const { query, language, fuzzy } = filter;
  switch (effectiveSort(query)) {
    case 'relevance': {
      if (fuzzy) return qb.orderBy(sql`word_similarity(lower(${query.q}), lower(title))`, 'desc').orderBy('id');
      const tsq = textQuery(query.q!, language);
      if (total <= (filter.rankAll ?? RANK_ALL)) return qb.orderBy(sql`ts_rank_cd(search, ${tsq})`, 'desc').orderBy('title').orderBy('id');
      return NEWEST.reduce((q, o) => q.orderBy(o), qb.orderBy(sql`ts_rank_cd(title_search, ${tsq})`, 'desc'));
    }
    case 'newest':
      return NEWEST.reduce((q, o) => q.orderBy(o), qb);
    case 'title':
      return qb.orderBy(sql`lower(title)`).orderBy('id');
  }
}

/**
 * How many records a facet statement may read before its counts are estimated from the sample:
 * counting values costs about 10 µs a record, so beyond a few thousand records the exact counts
 * alone would exceed a search's budget.
 */
export const FACET_EXACT_MAX = 2000;
/**
 * Above how many matches (as the sample puts it) the total is estimated. Counting a common word's
 * matches costs milliseconds per thousand; the sample's error at this size is about 3.5 % (one
 * standard deviation), so a total of 4,000 or fewer is, in practice, always counted exactly.
 */
export const TOTAL_EXACT_MAX = 5000;
/** Up to how many matches a search reads their ids (see `matchingIds`): room for the sample's error. */
const MATCHING_IDS_MAX = 4 * TOTAL_EXACT_MAX;
/**
 * A facet counted without its own filter but with words reads more records than it counts: the
 * matches of the words or the records of its other filters (see `wordsAsIds`). Such a statement
 * is counted exactly while it reads at most this many times FACET_EXACT_MAX records: reading
 * one costs about a tenth of counting its values.
 */
const READS_PER_ROW = 10;

/** Records a facet statement with words reads: the cheaper of the words as a set of ids and the per-row test (each read about PER_ROW_FACTOR times dearer). */
const wordReads = (words: number, others: number) => Math.min(words + others, PER_ROW_FACTOR * others);

/** The sample buckets the sample table holds (see migration 202611290014): 0 … SAMPLE_BUCKETS - 1 of 100. */
const SAMPLE_BUCKETS = 16;
/**
 * The sample's first level, its first bucket (1 % of the records, with an index of its own,
 * migration 202611290016): a search is sized there first, and a count is taken again on the
 * whole sample only when the first level saw fewer than LEVEL_ROWS records for it.
 */
const FIRST_LEVEL = 1;
/** Sampled records from which a count is precise enough (about ±5 %, one standard deviation) to stand. */
const LEVEL_ROWS = 400;
/** About how many sampled records an estimate counts: more buckets of the sample for smaller results. */
const SAMPLE_ROWS = 1500;

async function countMatches(db: Conn, filter: Filter): Promise<number> {
  const r = await applyFilters(db.selectFrom('deployments'), filter).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * The ids of a search's matches, when the sample says they are few enough to count exactly: the
 * total is their number, and the page and the facets counted over the matches read them by
 * primary key instead of matching the words and filters again (at 1,000,000 records the bitmap
 * of a common word alone took 100 ms, once for each statement). If the sample was wrong and there
 * are more than MATCHING_IDS_MAX, undefined: the matches are counted instead.
 */
async function matchingIds(db: Conn, filter: Filter): Promise<number[] | undefined> {
  const rows = await applyFilters(db.selectFrom('deployments'), filter).select('id').limit(MATCHING_IDS_MAX + 1).execute();
  return rows.length > MATCHING_IDS_MAX ? undefined : rows.map((r) => r.id);
}

/** The sample table, under the name `deployments` so that the same filters apply to it. */
function fromSample(db: Conn): Qb {
  return db.selectFrom('deployment_sample as deployments') as unknown as Qb;
}

/** A count on the sample, scaled up to the whole compendium. */
const scaled = (n: number | string, buckets = SAMPLE_BUCKETS) => (Number(n) * 100) / buckets;

/** A large estimate to two significant digits (75,498 → 75,000), as precise as the sample is. */
export function roughly(n: number): number {
  if (n < 100) return Math.round(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
}

/**
 * What the search's statements would read, counted on the sample in one statement: the matches
 * (the total), and for each facet counted without its own filter, the records of the other
 * filters with and without the words (whether to count it exactly, and how to take the words).
 */
interface SampleSizes {
  total: number;
  /** The matches of the words alone (with words and a facet counted without its filter). */
  words: number;
  /** Per facet with an active filter: the records its statement reads, and those of its other filters alone. */
  without: Partial<Record<Facet, { rows: number; others: number }>>;
  /** About how many records the compendium holds, when the statistics say. */
  records?: number;
  /** The matches with the words in their title, for a plain query in relevance order. */
  titles?: number;
}

/**
 * The counts that size a search, in one statement on the buckets below `buckets`, raw (not
 * scaled): see SampleSizes.
 */
async function countOnSample(db: Conn, filter: Filter, excepts: Facet[], buckets: number, only?: Set<string>): Promise<Record<string, number>> {
  const level = (qb: Qb) => (buckets < SAMPLE_BUCKETS ? qb.where('sample_bucket', '<', sql.lit(buckets)) : qb);
  const count = (qb: Qb) => level(qb).select((eb) => eb.fn.countAll<string>().as('n'));
  const parts: [string, Qb | RawBuilder<unknown>][] = [['total', count(applyFilters(fromSample(db), filter))]];
  if (plainWords(filter)) parts.push(['titles', count(applyFilters(fromSample(db), filter, undefined, false).where(sql<SqlBool>`title_search @@ ${textQuery(filter.query.q!, filter.language)}`))]);
  if (filter.query.q && excepts.length) parts.push(['words', count(applyFilters(fromSample(db), { ...filter, query: { ...filter.query, ...Object.fromEntries(FACETS.map((f) => [f, []])), from: undefined, to: undefined } }))]);
  for (const f of excepts) {
    parts.push([`rows_${f}`, count(applyFilters(fromSample(db), filter, f))]);
    if (filter.query.q) parts.push([`others_${f}`, count(applyFilters(fromSample(db), filter, f, false))]);
  }
  const wanted = parts.filter(([name]) => !only || only.has(name));
  if (!only) wanted.push(['records', sql`select reltuples from pg_class where oid = 'deployments'::regclass`]);
  const { rows } = await sql<Record<string, string>>`select ${sql.join(wanted.map(([name, qb]) => sql`(${qb}) as ${sql.id(name)}`))}`.execute(db);
  return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
}

/**
 * What the search's statements would read, estimated from the sample: first on its first level,
 * then, for the counts that level saw too few records of, on the whole sample. A common word's
 * matches are counted on 1 % of the records instead of 16 %; a narrow search pays for two
 * statements, each reading few records.
 */
async function sampleSizes(db: Conn, filter: Filter, excepts: Facet[], levelRows = LEVEL_ROWS): Promise<SampleSizes> {
  const first = await countOnSample(db, filter, excepts, FIRST_LEVEL);
  const few = new Set(Object.keys(first).filter((k) => k !== 'records' && first[k]! < levelRows));
  const whole = few.size ? await countOnSample(db, filter, excepts, SAMPLE_BUCKETS, few) : {};
  const sized = (name: string) => (name in whole ? scaled(whole[name]!) : scaled(first[name] ?? 0, FIRST_LEVEL));
  const without: SampleSizes['without'] = {};
  for (const f of excepts) without[f] = { rows: sized(`rows_${f}`), others: sized(filter.query.q ? `others_${f}` : `rows_${f}`) };
  const records = first.records!;
  return { total: sized('total'), words: sized('words'), titles: 'titles' in first ? sized('titles') : undefined, without, records: records > 0 ? records : undefined };
}

/** One facet statement: the facets it counts, without which filter, and whether from the sample. */
interface FacetGroup {
  except?: Facet;
  facets: Facet[];
  /** Records it reads (estimated); counted on the sample when above the exact maximum. */
  rows: number;
  estimated: boolean;
}

/**
 * Facet counts. Facets without an active filter share one statement over the matches; a facet
 * with an active filter is counted without it (a statement of its own). A statement that would
 * read more than the exact maximum is counted on the sample instead (all such statements in one),
 * on as many of its buckets as keep about SAMPLE_ROWS records, and scaled up.
 */
async function facetCounts(run: Runner, filter: Filter, groups: FacetGroup[], wordsAsIds: Facet[], sampleRows: number): Promise<SearchResult['facets']> {
  const out = Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as SearchResult['facets'];
  // Each row of the matches gives one (facet, value) pair per value of each counted facet, and
  // the pairs are counted in one aggregate, straight from the rows read (no materialised copy).
  const pairs = (f: Facet) =>
    f === 'status' ? sql`select ${sql.lit(f)} as facet, m.status as value` : sql`select ${sql.lit(f)} as facet, v as value from unnest(m.${sql.ref(ARRAY_COLUMN[f])}) as v`;
  const columns = (facets: Facet[]) => facets.map((f) => (f === 'status' ? 'status' : ARRAY_COLUMN[f]));
  const counted = (matches: Qb, facets: Facet[], scale: number) =>
    sql<{ facet: string; value: string; count: string }>`
      select f.facet, f.value, count(*) * ${sql.lit(scale)} as count
      from (${matches}) as m, lateral (${sql.join(facets.map(pairs), sql` union all `)}) as f
      group by f.facet, f.value`;
  const exact = groups.filter((g) => !g.estimated);
  const estimated = groups.filter((g) => g.estimated);
  const tasks = exact.map(({ except, facets }) => async (db: Conn) => {
    const matches = applyFilters(db.selectFrom('deployments'), { ...filter, wordsAsIds }, except).select(columns(facets));
    return (await counted(matches, facets, 1).execute(db)).rows;
  });
  if (estimated.length) {
    tasks.push(async (db: Conn) => {
      const statements = estimated.map(({ except, facets, rows }) => {
        const buckets = Math.min(SAMPLE_BUCKETS, Math.max(1, Math.ceil((100 * sampleRows) / Math.max(rows, 1))));
        let matches = applyFilters(fromSample(db), filter, except);
        // A literal, so that the planner may read the first buckets through their own text index.
        if (buckets < SAMPLE_BUCKETS) matches = matches.where('sample_bucket', '<', sql.lit(buckets));
        return counted(matches.select(columns(facets)), facets, 100 / buckets);
      });
      return (await sql<{ facet: string; value: string; count: string }>`${sql.join(statements, sql` union all `)}`.execute(db)).rows;
    });
  }
  for (const rows of await run.all(tasks)) {
    for (const r of rows) out[r.facet as Facet].push({ value: String(r.value), count: Math.round(Number(r.count)) });
  }
  for (const f of FACETS) out[f].sort(byCount);
  return out;
}

/**
 * Per row of the other filters, the per-row test of the words reads the row's out-of-line vector
 * (about nine times the cost of reading a row); the set of ids reads every match of the words
 * (about one row's read each), wherever the other filters are. With this many times fewer rows
 * in the other filters than matches of the words, the per-row test is cheaper.
 */
const PER_ROW_FACTOR = 8;

/**
 * For a text search with filters, which facets counted without their own filter should take the
 * words as a set of ids: those whose other filters keep more than 1/PER_ROW_FACTOR as many rows
 * as the words match. Both sizes are counted on the sample.
 */
function chooseWordsAsIds(filter: Filter, sizes: SampleSizes, excepts: Facet[]): Facet[] {
  const { query } = filter;
  if (!query.q || filter.fuzzy) return [];
  return excepts.filter((f) => activeFilters(query).some((o) => o !== f) && sizes.without[f]!.others * PER_ROW_FACTOR > sizes.words);
}

const byCount = (a: { value: string; count: number }, b: { value: string; count: number }) => b.count - a.count || a.value.localeCompare(b.value);

/**
 * Runs a search's statements: one after another in the search's transaction, or, when that pays,
 * the facet statements each on a connection of its own beside the page (see `searchDeployments`).
 */
interface Runner {
  concurrent: boolean;
  one<T>(task: (db: Conn) => Promise<T>): Promise<T>;
  all<T>(tasks: ((db: Conn) => Promise<T>)[]): Promise<T[]>;
}

async function settings(trx: Conn, query: SearchQuery): Promise<void> {
  // The planner does not know that testing a match outside the index reads each record's
  // whole search document; with text to match, the GIN index is always the cheaper way in.
  // Enough memory for a broad match's bitmap to stay exact (a lossy page is rechecked row by
  // row against each row's out-of-line vector) and for the facet sample to stay off disk.
  // No parallel workers: whether a search spends more than one core is decided here (see
  // `runConcurrently`), and workers started for a search while other searches wait only add
  // processes to the same cores. No memoizing of the facet pairs: every row's arrays are a new
  // key, so the cache only costs (a third of the time of counting the sample's facets). No JIT
  // compilation: a search's statements run for milliseconds, and at 1,000,000 records their costs
  // pass the JIT threshold, where compiling took 20–25 ms a statement. All in one round trip, for
  // the transaction only.
  const seqscan = query.q ? sql`set_config('enable_seqscan', 'off', true), ` : sql``;
  await sql`select ${seqscan}set_config('work_mem', '64MB', true), set_config('max_parallel_workers_per_gather', '0', true), set_config('enable_memoize', 'off', true), set_config('jit', 'off', true)`.execute(trx);
}

function sequentialRunner(trx: Conn): Runner {
  return {
    concurrent: false,
    one: (task) => task(trx),
    all: async (tasks) => {
      const out = [];
      for (const task of tasks) out.push(await task(trx));
      return out;
    },
  };
}

/** The search's own transaction for `one`, a transaction of its own (same settings) for each task of `all`. */
function concurrentRunner(db: Kysely<Database>, trx: Conn, query: SearchQuery): Runner {
  const apart = <T>(task: (db: Conn) => Promise<T>) =>
    db.transaction().execute(async (other) => {
      await settings(other, query);
      return task(other);
    });
  return { concurrent: true, one: (task) => task(trx), all: (tasks) => Promise.all(tasks.map(apart)) };
}

/** Searches in flight per database handle, to decide whether one search may use several connections. */
const inFlight = new WeakMap<Kysely<Database>, { n: number }>();

/**
 * Below this many matches, and without a filter (so every facet is counted from the matches in
 * one statement), a search's statements take a few milliseconds: a transaction for each would
 * cost more than running them at the same time saves.
 */
const CONCURRENT_MIN_MATCHES = 500;

/**
 * Whether a search's facet statements run beside its page, each on a connection of its own.
 * That spends both cores on one request, so it only pays when no other search is in flight (with
 * other searches waiting, it adds transactions and takes connections from them, and the cores
 * are busy anyway), and when the statements are heavy: many matches, or facets counted without
 * an active filter, whose rows are not bounded by the total.
 */
function runConcurrently(query: SearchQuery, total: number, searches: number): boolean {
  return searches <= 1 && (total >= CONCURRENT_MIN_MATCHES || activeFilters(query).length > 0);
}

export async function searchDeployments(
  db: Kysely<Database>,
  query: SearchQuery,
  language: string,
  options: {
    facetExactMax?: number;
    totalExactMax?: number;
    /** About how many sampled records an estimate counts (SAMPLE_ROWS): more for pages that list every value. */
    sampleRows?: number;
    rankAll?: number;
    /** Sampled records from which a count on the sample's first level stands (LEVEL_ROWS). */
    levelRows?: number;
    titleRankMax?: number;
  } = {},
): Promise<SearchResult> {
  const facetExactMax = options.facetExactMax ?? FACET_EXACT_MAX;
  const totalExactMax = options.totalExactMax ?? TOTAL_EXACT_MAX;
  const multiple = db.getExecutor().adapter.supportsMultipleConnections !== false;
  let counter = inFlight.get(db);
  if (!counter) inFlight.set(db, (counter = { n: 0 }));
  counter.n++;
  try {
    // The counts, and the page, run in the search's transaction; PGlite has one connection, so
    // there everything does.
    return await db.transaction().execute(async (trx) => {
      await settings(trx, query);
      let filter: Filter = { query, language, fuzzy: false, rankAll: options.rankAll, titleRankMax: options.titleRankMax };
      const excepts = activeFilters(query);
      // Without words or filters the total is the size of the compendium: counted exactly, from
      // the smallest index, and nothing else needs the sample's sizes.
      const everything = !query.q && !excepts.length && query.from === undefined && query.to === undefined;
      const sizes = everything ? { total: 0, words: 0, without: {} } : await sampleSizes(trx, filter, excepts, options.levelRows);
      const totalEstimated = sizes.total > totalExactMax;
      filter.records = sizes.records;
      filter.titles = sizes.titles;
      const ids = totalEstimated ? undefined : await matchingIds(trx, filter);
      let total = totalEstimated ? roughly(sizes.total) : (ids?.length ?? (await countMatches(trx, filter)));
      if (total === 0 && query.q) {
        filter = { ...filter, fuzzy: true };
        total = await countMatches(trx, filter);
      } else if (ids) filter.ids = ids;
      // The sample holds no titles: misspelt words are always counted exactly (they match few).
      const estimate = (rows: number, reads = rows) => !filter.fuzzy && (rows > facetExactMax || reads > facetExactMax * READS_PER_ROW);
      const shared = FACETS.filter((f) => !excepts.includes(f));
      const groups: FacetGroup[] = [
        ...(shared.length ? [{ facets: shared, rows: total, estimated: estimate(total) }] : []),
        ...excepts.map((f) => {
          const { rows, others } = sizes.without[f]!;
          return { except: f, facets: [f], rows, estimated: estimate(rows, query.q ? wordReads(sizes.words, others) : rows) };
        }),
      ];
      const wordsAsIds = chooseWordsAsIds(filter, sizes, groups.flatMap((g) => (g.except && !g.estimated ? [g.except] : [])));
      const run = multiple && runConcurrently(query, total, counter.n) ? concurrentRunner(db, trx, query) : sequentialRunner(trx);
      const page = () => run.one((db) => pageOfHits(db, filter, total));
      const facetsOf = () => facetCounts(run, filter, groups, wordsAsIds, options.sampleRows ?? SAMPLE_ROWS);
      const [items, facets] = run.concurrent ? await Promise.all([page(), facetsOf()]) : [await page(), await facetsOf()];
      const estimatedFacets = groups.flatMap((g) => (g.estimated ? g.facets : []));
      // A facet with one value chosen counts that value in the matches: the total, which is
      // exact (or the better estimate), and shown even if the sample missed it.
      for (const f of estimatedFacets) {
        const chosen = query[f] as readonly string[];
        if (chosen.length !== 1) continue;
        facets[f] = [{ value: chosen[0]!, count: total }, ...facets[f].filter((v) => v.value !== chosen[0])].sort(byCount);
      }
      return { items, total, facets, fuzzy: filter.fuzzy, facetsEstimated: estimatedFacets.length > 0, estimatedFacets, totalEstimated };
    });
  } finally {
    counter.n--;
  }
}

/**
 * With many matches, relevance puts the records with the words in their title first (ranked on
 * the small title vector, or newest first above TITLE_RANK_MAX), then the rest, newest first. For a plain query (an AND of prefixes)
 * a record whose title does not match ranks 0, so the page can be taken from the title matches
 * through the title's index, and from the rest only when they do not fill it: the title rank is
 * never computed for the records that cannot have one. Search syntax (-word) can rank a title
 * that does not match, so it keeps the single ordering.
 */
function titleFirst(filter: Filter, total: number): boolean {
  return plainWords(filter) && !filter.fuzzy && !filter.plainRanking && total > (filter.rankAll ?? RANK_ALL);
}

/** Words without search syntax, in relevance order: those the title-first ranking applies to. */
function plainWords(filter: Filter): boolean {
  const q = filter.query.q;
  return !!q && effectiveSort(filter.query) === 'relevance' && !usesSyntax(q) && !!prefixQuery(q);
}

/**
 * Above about this many title matches (as the sample puts it), ranking them would read each
 * one's row (tens of thousands of pages of the heap, 342 ms for 46,535 at 1,000,000 records),
 * so they are listed newest first, through the newest-first index, which stops after the page
 * (34 ms there). Below it, they are ranked on the title vector.
 */
export const TITLE_RANK_MAX = 5000;

async function pageIds(db: Conn, filter: Filter, total: number): Promise<number[]> {
  const { query } = filter;
  const offset = (query.page - 1) * query.per_page;
  if (!titleFirst(filter, total)) {
    const rows = await ordered(applyFilters(db.selectFrom('deployments'), filter), filter, total).select('id').limit(query.per_page).offset(offset).execute();
    return rows.map((r) => r.id);
  }
  const tsq = textQuery(query.q!, filter.language);
  const newest = (qb: Qb) => NEWEST.reduce((q, o) => q.orderBy(o), qb);
  const end = offset + query.per_page;
  // The words are tested on the title's index only: testing them on the whole document too
  // would read each title match's out-of-line vector. A title vector is part of its record's
  // document, so a title match is a match; the few rows kept are checked all the same, and if
  // one is not a match (a title indexed in another language), the page is ranked the plain way.
  const titleMatches = applyFilters(db.selectFrom('deployments'), filter, undefined, false).where(sql<SqlBool>`title_search @@ ${tsq}`);
  const inTitle = await newest((filter.titles ?? 0) > (filter.titleRankMax ?? TITLE_RANK_MAX) ? titleMatches : titleMatches.orderBy(sql`ts_rank_cd(title_search, ${tsq})`, 'desc'))
    .select('id')
    .limit(end)
    .execute();
  if (inTitle.length) {
    const { n } = await db
      .selectFrom('deployments')
      .where('id', 'in', inTitle.map((r) => r.id))
      .where(sql<SqlBool>`search @@ ${tsq}`)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(n) !== inTitle.length) return pageIds(db, { ...filter, plainRanking: true }, total);
  }
  const ids = inTitle.slice(offset).map((r) => r.id);
  if (inTitle.length === end) return ids;
  // Fewer title matches than the page needs: all of them are in `inTitle`, the rest follow.
  // Newest first through its index, testing the words on each record (a read of its out-of-line
  // vector, about ten times a record's read in a bitmap) until the page is full, pays while the
  // matches are dense; with sparse matches, reading them all and sorting is cheaper. The planner
  // misjudges the density of several words, so the choice is made here, on the total.
  const walk = filter.records === undefined || end * filter.records * PER_ROW_FACTOR < total * total;
  const unindexed = (qb: Qb) => [sql`start_year + 0 desc nulls last`, ...NEWEST.slice(1)].reduce((q, o) => q.orderBy(o), qb);
  const rest = await (walk ? newest : unindexed)(applyFilters(db.selectFrom('deployments'), filter).where(sql<SqlBool>`not (title_search @@ ${tsq})`))
    .select('id')
    .limit(query.per_page - ids.length)
    .offset(Math.max(0, offset - inTitle.length))
    .execute();
  return [...ids, ...rest.map((r) => r.id)];
}

/** The page is chosen on narrow columns first; only its rows are then read in full. */
async function pageOfHits(db: Conn, filter: Filter, total: number): Promise<SearchHit[]> {
  const ids = await pageIds(db, filter, total);
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('deployments')
    .select(['id', 'slug', 'title', 'summary', 'countries', 'categories', 'status', 'period_start', 'period_end', 'start_year'])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map(({ id, ...hit }) => [id, hit]));
  return ids.map((id) => byId.get(id)!);
}

/** Every record matching a query (no paging), in the query's order, a batch at a time: for downloads. */
export async function* matchingRecords(db: Kysely<Database>, query: SearchQuery, language: string, batchSize = 500): AsyncGenerator<unknown> {
  const filter: Filter = { query, language, fuzzy: false };
  const base = ordered(applyFilters(db.selectFrom('deployments'), filter), filter, Number.MAX_SAFE_INTEGER).select('record');
  for (let offset = 0; ; offset += batchSize) {
    const rows = await base.limit(batchSize).offset(offset).execute();
    for (const r of rows) yield r.record;
    if (rows.length < batchSize) return;
  }
}

export interface PublishedChange {
  slug: string;
  number: number;
  at: string;
  reason: string;
  author: string | null;
  snapshot: unknown;
  /** The revision before it; null for a record's first. */
  previous: unknown | null;
}

/**
 * The latest published changes (revisions) to records that match a search's filters, newest
 * first: what a feed lists. A record matches by its current state.
 */
export async function recentChanges(db: Kysely<Database>, query: SearchQuery, language: string, limit: number): Promise<PublishedChange[]> {
  const filter: Filter = { query, language, fuzzy: false };
  const filtered = Boolean(query.q) || query.from !== undefined || query.to !== undefined || FACETS.some((f) => (query[f] as readonly string[]).length > 0);
  let qb = db
    .selectFrom('revisions as r')
    .leftJoin('revisions as p', (j) => j.onRef('p.entity', '=', 'r.entity').onRef('p.key', '=', 'r.key').on('p.number', '=', sql<number>`r.number - 1`))
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .select(['r.key as slug', 'r.number', 'r.at', 'r.reason', 'u.display_name as author', 'r.snapshot', 'p.snapshot as previous'])
    .where('r.entity', '=', 'deployment');
  if (filtered) qb = qb.where('r.key', 'in', applyFilters(db.selectFrom('deployments'), filter).select('slug'));
  return (await qb.orderBy('r.at', 'desc').orderBy('r.id', 'desc').limit(limit).execute()) as PublishedChange[];
}
