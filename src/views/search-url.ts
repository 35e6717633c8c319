/** Builds explore-page URLs from a query, so every state of the page is a shareable link. */
import { FACETS, type SearchQuery } from '../domain/search-query.ts';

/** The query string for a search (defaults left out, so URLs stay short). */
export function searchParams(query: Partial<SearchQuery>, options: { paging?: boolean } = {}): URLSearchParams {
  const p = new URLSearchParams();
  if (query.q) p.set('q', query.q);
  for (const f of FACETS) for (const v of query[f] ?? []) p.append(f, v);
  if (query.from !== undefined) p.set('from', String(query.from));
  if (query.to !== undefined) p.set('to', String(query.to));
  if (query.sort) p.set('sort', query.sort);
  if (options.paging !== false) {
    if (query.page && query.page > 1) p.set('page', String(query.page));
    if (query.per_page && query.per_page !== 20) p.set('per_page', String(query.per_page));
  }
  return p;
}

export function searchUrl(path: string, query: Partial<SearchQuery>, options?: { paging?: boolean }): string {
  const qs = searchParams(query, options).toString();
  return qs ? `${path}?${qs}` : path;
}

/** The query with one facet value added or removed (and back to page 1). */
export function toggleFacet(query: SearchQuery, facet: (typeof FACETS)[number], value: string): SearchQuery {
  const current = query[facet] as readonly string[];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...query, [facet]: next, page: 1 };
}
