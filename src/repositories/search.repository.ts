/**
 * Full-text search with facet counts, in SQL. Text matches the weighted tsvector through
 * websearch_to_tsquery (phrases, OR, exclusion) or, for plain words, a prefix query so partial
 * words ("iBorder") match; a trigram match on the title catches misspelt names. Facet counts
 * follow the usual disjunctive rule: each facet is counted with every filter but its own, so
 * choosing Greece still shows how many records Hungary would add.
 */
import { sql, type Expression, type Kysely, type SqlBool, type SelectQueryBuilder } from 'kysely';
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
}

const ARRAY_COLUMN = { country: 'countries', category: 'categories', capability: 'capabilities', right: 'rights' } as const;

/** Words of a query turned into an AND of prefixes ("iBorder ctrl" → "iborder:* & ctrl:*"). */
export function prefixQuery(q: string): string | undefined {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  return words?.length ? words.slice(0, 12).map((w) => `${w}:*`).join(' & ') : undefined;
}

/** True when the user wrote search syntax (quotes, OR, -word) that websearch_to_tsquery honours. */
function usesSyntax(q: string): boolean {
  return /"|(^|\s)-\S|\sor\s/i.test(q);
}

function textQuery(q: string, language: string) {
  const cfg = sql`${language}::regconfig`;
  const prefix = prefixQuery(q);
  return usesSyntax(q) || !prefix ? sql`websearch_to_tsquery(${cfg}, ${q})` : sql`to_tsquery(${cfg}, ${prefix})`;
}

type Qb = SelectQueryBuilder<Database, 'deployments', object>;

function applyFilters(qb: Qb, query: SearchQuery, language: string, except?: Facet): Qb {
  if (query.q) {
    const tsq = textQuery(query.q, language);
    qb = qb.where(sql<SqlBool>`(search @@ ${tsq} or lower(title) % lower(${query.q}))`);
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

function orderBy(qb: Qb, query: SearchQuery, language: string): Qb {
  switch (effectiveSort(query)) {
    case 'relevance': {
      const rank: Expression<number> = sql`ts_rank_cd(search, ${textQuery(query.q!, language)}) + similarity(lower(title), lower(${query.q}))`;
      return qb.orderBy(rank, 'desc').orderBy('title');
    }
    case 'newest':
      return qb.orderBy(sql`start_year desc nulls last`).orderBy(sql`period_start desc nulls last`).orderBy('title');
    case 'title':
      return qb.orderBy(sql`lower(title)`).orderBy('slug');
  }
}

async function facetCounts(db: Kysely<Database>, query: SearchQuery, language: string, facet: Facet) {
  const base = applyFilters(db.selectFrom('deployments'), query, language, facet);
  const rows =
    facet === 'status'
      ? await base.select(['status as value', (eb) => eb.fn.countAll<string>().as('count')]).groupBy('status').execute()
      : await base
          .innerJoinLateral(sql`unnest(${sql.ref(ARRAY_COLUMN[facet])})`.as('v'), (join) => join.onTrue())
          .select([sql<string>`v`.as('value'), (eb) => eb.fn.countAll<string>().as('count')])
          .groupBy(sql`v`)
          .execute();
  return rows.map((r) => ({ value: String(r.value), count: Number(r.count) })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

export async function searchDeployments(db: Kysely<Database>, query: SearchQuery, language: string): Promise<SearchResult> {
  const filtered = applyFilters(db.selectFrom('deployments'), query, language);
  const [items, total, ...facetLists] = await Promise.all([
    orderBy(filtered, query, language)
      .select(['slug', 'title', 'summary', 'countries', 'categories', 'status', 'period_start', 'start_year', sql<string | null>`record->'period'->>'end'`.as('period_end')])
      .limit(query.per_page)
      .offset((query.page - 1) * query.per_page)
      .execute(),
    filtered.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ...FACETS.map((f) => facetCounts(db, query, language, f)),
  ]);
  const facets = Object.fromEntries(FACETS.map((f, i) => [f, facetLists[i]!])) as SearchResult['facets'];
  return { items, total: Number(total.n), facets };
}

/** Every record matching a query (no paging), in the query's order, a batch at a time: for downloads. */
export async function* matchingRecords(db: Kysely<Database>, query: SearchQuery, language: string, batchSize = 500): AsyncGenerator<unknown> {
  const base = orderBy(applyFilters(db.selectFrom('deployments'), query, language), query, language).select('record');
  for (let offset = 0; ; offset += batchSize) {
    const rows = await base.limit(batchSize).offset(offset).execute();
    for (const r of rows) yield r.record;
    if (rows.length < batchSize) return;
  }
}
