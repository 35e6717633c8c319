/**
 * Full-text search with facet counts, in SQL.
 *
 * Text matches the weighted tsvector (GIN index) through websearch_to_tsquery when the user
 * writes search syntax (phrases, OR, -exclusion) and through a prefix query otherwise, so partial
 * words ("iBorder") match. Only when that finds nothing does a trigram word-similarity match on
 * the title try misspelt names: an OR of the two would defeat the index on every search.
 *
 * Facet counts follow the disjunctive rule: each facet is counted with every filter but its
 * own, so choosing Greece still shows how many records Hungary would add. All facets without an
 * active filter share one filtered set, counted in a single pass together with the total.
 *
 * Relevance: with up to RANK_ALL matches, every match is ranked by ts_rank_cd over the full
 * document. Above that, ranking every match would read every match's full vector, so matches
 * whose title contains the words come first, ranked on the small title vector, then the rest,
 * newest first.
 */
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
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
}

const ARRAY_COLUMN = { country: 'countries', category: 'categories', capability: 'capabilities', right: 'rights' } as const;
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

interface Filter {
  query: SearchQuery;
  language: string;
  fuzzy: boolean;
}

function applyFilters(qb: Qb, { query, language, fuzzy }: Filter, except?: Facet): Qb {
  if (query.q) {
    qb = fuzzy
      ? qb.where(sql<SqlBool>`lower(${query.q}) <% lower(title)`)
      : qb.where(sql<SqlBool>`search @@ ${textQuery(query.q, language)}`);
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

const NEWEST = [sql`start_year desc nulls last`, sql`period_start desc nulls last`, sql`title`, sql`id`];

function ordered(qb: Qb, filter: Filter, total: number): Qb {
  const { query, language, fuzzy } = filter;
  switch (effectiveSort(query)) {
    case 'relevance': {
      if (fuzzy) return qb.orderBy(sql`word_similarity(lower(${query.q}), lower(title))`, 'desc').orderBy('id');
      const tsq = textQuery(query.q!, language);
      if (total <= RANK_ALL) return qb.orderBy(sql`ts_rank_cd(search, ${tsq})`, 'desc').orderBy('title').orderBy('id');
      return NEWEST.reduce((q, o) => q.orderBy(o), qb.orderBy(sql`ts_rank_cd(title_search, ${tsq})`, 'desc'));
    }
    case 'newest':
      return NEWEST.reduce((q, o) => q.orderBy(o), qb);
    case 'title':
      return qb.orderBy(sql`lower(title)`).orderBy('id');
  }
}

type Counts = { total: number; facets: Partial<SearchResult['facets']> };

/** The total and the counts of every facet in `facets`, in one pass over the filtered rows. */
async function sharedCounts(db: Kysely<Database>, filter: Filter, facets: Facet[]): Promise<Counts> {
  const matches = applyFilters(db.selectFrom('deployments'), filter).select(['countries', 'categories', 'capabilities', 'rights', 'status']);
  const parts = [
    sql`select 'total' as facet, null as value, count(*) as count from m`,
    ...facets.map((f) =>
      f === 'status'
        ? sql`select 'status', status, count(*) from m group by status`
        : sql`select ${sql.lit(f)}, v, count(*) from m, unnest(m.${sql.ref(ARRAY_COLUMN[f])}) as v group by v`,
    ),
  ];
  const { rows } = await sql<{ facet: string; value: string | null; count: string }>`
    with m as materialized (${matches}) ${sql.join(parts, sql` union all `)}`.execute(db);
  const out: Counts = { total: 0, facets: {} };
  for (const r of rows) {
    if (r.facet === 'total') out.total = Number(r.count);
    else (out.facets[r.facet as Facet] ??= []).push({ value: String(r.value), count: Number(r.count) });
  }
  return out;
}

/** One facet counted without its own filter (the facet has an active filter). */
async function ownCounts(db: Kysely<Database>, filter: Filter, facet: Facet) {
  const base = applyFilters(db.selectFrom('deployments'), filter, facet);
  const rows =
    facet === 'status'
      ? await base.select(['status as value', (eb) => eb.fn.countAll<string>().as('count')]).groupBy('status').execute()
      : await base
          .innerJoinLateral(sql`unnest(${sql.ref(ARRAY_COLUMN[facet])})`.as('v'), (join) => join.onTrue())
          .select([sql<string>`v`.as('value'), (eb) => eb.fn.countAll<string>().as('count')])
          .groupBy(sql`v`)
          .execute();
  return rows.map((r) => ({ value: String(r.value), count: Number(r.count) }));
}

const byCount = (a: { value: string; count: number }, b: { value: string; count: number }) => b.count - a.count || a.value.localeCompare(b.value);

export async function searchDeployments(db: Kysely<Database>, query: SearchQuery, language: string): Promise<SearchResult> {
  const filtered = FACETS.filter((f) => query[f].length > 0);
  const unfiltered = FACETS.filter((f) => !filtered.includes(f));
  let filter: Filter = { query, language, fuzzy: false };
  let counts = await sharedCounts(db, filter, unfiltered);
  if (counts.total === 0 && query.q) {
    filter = { ...filter, fuzzy: true };
    counts = await sharedCounts(db, filter, unfiltered);
  }
  const [items, ...own] = await Promise.all([
    ordered(applyFilters(db.selectFrom('deployments'), filter), filter, counts.total)
      .select(['slug', 'title', 'summary', 'countries', 'categories', 'status', 'period_start', 'start_year', sql<string | null>`record->'period'->>'end'`.as('period_end')])
      .limit(query.per_page)
      .offset((query.page - 1) * query.per_page)
      .execute(),
    ...filtered.map((f) => ownCounts(db, filter, f)),
  ]);
  filtered.forEach((f, i) => (counts.facets[f] = own[i]));
  const facets = Object.fromEntries(FACETS.map((f) => [f, (counts.facets[f] ?? []).sort(byCount)])) as SearchResult['facets'];
  return { items, total: counts.total, facets, fuzzy: filter.fuzzy };
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
