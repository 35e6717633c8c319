/**
 * The explore page: search box, facets with counts, active filters as removable chips, sorted
 * and paginated result cards, and download links for the current result. Works as plain links
 * and forms; with htmx the results region is replaced in place (hx-boost on the region).
 */
import { FACETS, type Facet, type SearchQuery } from '../../domain/search-query.ts';
import { DeploymentCard, type CardData } from '../components/deployment-card.tsx';
import { SearchBox } from '../components/search-box.tsx';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';
import { searchUrl, toggleFacet } from '../search-url.ts';

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface ExploreProps {
  query: SearchQuery;
  items: CardData[];
  total: number;
  facets: Record<Facet, FacetValue[]>;
  /** The words matched nothing and titles spelled like them are shown. */
  fuzzy?: boolean;
  /** The facets whose counts are estimates (each counted over a large set of records). */
  estimated?: readonly Facet[];
  /** The total is an estimate (a very large result). */
  totalEstimated?: boolean;
}

export function ExplorePage(props: ExploreProps) {
  const { t } = useView();
  return (
    <Layout title={t('explore.title')} json={searchUrl('/api/v1/deployments', props.query)} feed={searchUrl('/feed.atom', props.query)}>
      <h1>{t('explore.title')}</h1>
      <ExploreRegion {...props} />
    </Layout>
  );
}

/** The part of the page htmx swaps: everything that depends on the query. */
export function ExploreRegion(props: ExploreProps) {
  const { t, plural } = useView();
  const { query } = props;
  return (
    <div id="explore" class="explore" hx-boost="true" hx-target="#explore" hx-select="#explore" hx-swap="outerHTML" hx-push-url="true">
      <SearchForm query={query} />
      <div class="explore-body">
        {/* Closed on phones so the results come first; always shown on wide screens (CSS). */}
        <details class="filters" open={hasFilters(query) ? true : undefined}>
          <summary>{t('explore.filters')}</summary>
          {props.estimated?.some((f) => props.facets[f].length > 0) && <p class="hint">{t('explore.estimated')}</p>}
          {FACETS.map((f) => (
            <FacetList facet={f} values={props.facets[f]} query={query} estimated={props.estimated?.includes(f)} />
          ))}
          <YearRange query={query} />
        </details>
        <section class="results" aria-labelledby="results-heading">
          <ActiveFilters {...props} />
          <div class="results-head">
            <h2 id="results-heading" aria-live="polite">
              {plural(props.totalEstimated ? 'count.deploymentsAbout' : 'count.deployments', props.total)}
            </h2>
            <p class="downloads" hx-boost="false">
              {t('explore.download')} <a href={searchUrl('/data/deployments.csv', query, { paging: false })} download>CSV</a> ·{' '}
              <a href={searchUrl('/data/deployments.json', query, { paging: false })} download>JSON</a>
            </p>
          </div>
          {props.totalEstimated && <p class="hint">{t('explore.totalEstimated')}</p>}
          {props.fuzzy && props.items.length > 0 && <p class="notice">{t('explore.fuzzy')}</p>}
          {props.items.length === 0 ? (
            <p class="empty">{t('explore.noResults')}</p>
          ) : (
            <ol class="cards" start={(query.page - 1) * query.per_page + 1} hx-boost="false">
              {props.items.map((item) => (
                <li>
                  <DeploymentCard item={item} />
                </li>
              ))}
            </ol>
          )}
          <Pagination query={query} total={props.total} />
        </section>
      </div>
    </div>
  );
}

function HiddenFilters({ query, omit = [] }: { query: SearchQuery; omit?: string[] }) {
  return (
    <>
      {FACETS.filter((f) => !omit.includes(f)).flatMap((f) => query[f].map((v) => <input type="hidden" name={f} value={v} />))}
      {!omit.includes('years') && query.from !== undefined && <input type="hidden" name="from" value={String(query.from)} />}
      {!omit.includes('years') && query.to !== undefined && <input type="hidden" name="to" value={String(query.to)} />}
    </>
  );
}

function SearchForm({ query }: { query: SearchQuery }) {
  const { t } = useView();
  const sort = (
    <>
      <label for="sort" class="sort-label">
        {t('explore.sort')}
      </label>
      <select id="sort" name="sort">
        {/* No explicit choice: relevance when there are search words, newest otherwise. */}
        <option value="" selected={!query.sort}>
          {t('explore.sort.default')}
        </option>
        {(['relevance', 'newest', 'title'] as const).map((s) => (
          <option value={s} selected={s === query.sort}>
            {t(`explore.sort.${s}`)}
          </option>
        ))}
      </select>
    </>
  );
  return (
    <SearchBox q={query.q} row={sort}>
      <HiddenFilters query={query} />
    </SearchBox>
  );
}

function FacetList({ facet, values, query, estimated }: { facet: Facet; values: FacetValue[]; query: SearchQuery; estimated?: boolean }) {
  const { t } = useView();
  if (!values.length) return null;
  const id = `facet-${facet}`;
  return (
    <section class="facet" aria-labelledby={id}>
      <h3 id={id}>{t(`facet.${facet}`)}</h3>
      <ul>
        {values.map((v) => {
          const active = (query[facet] as readonly string[]).includes(v.value);
          return (
            <li>
              <a href={searchUrl('/deployments', toggleFacet(query, facet, v.value))} aria-current={active ? 'true' : undefined} class={active ? 'active' : undefined}>
                <span class="facet-label">
                  {active && <span aria-hidden="true">✓ </span>}
                  {v.label}
                </span>{' '}
                <span class="count">{estimated ? t('explore.about', { count: v.count }) : v.count}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function YearRange({ query }: { query: SearchQuery }) {
  const { t } = useView();
  return (
    <form class="facet years" method="get" action="/deployments">
      <fieldset>
        <legend>{t('explore.years')}</legend>
        <label>
          {t('explore.yearFrom')} <input type="number" name="from" min={1900} max={2100} inputMode="numeric" value={query.from ?? ''} />
        </label>
        <label>
          {t('explore.yearTo')} <input type="number" name="to" min={1900} max={2100} inputMode="numeric" value={query.to ?? ''} />
        </label>
        {query.q && <input type="hidden" name="q" value={query.q} />}
        {query.sort && <input type="hidden" name="sort" value={query.sort} />}
        <HiddenFilters query={query} omit={['years']} />
        <button type="submit">{t('explore.applyFilters')}</button>
      </fieldset>
    </form>
  );
}

function ActiveFilters({ query, facets }: ExploreProps) {
  const { t } = useView();
  const chips = FACETS.flatMap((f) =>
    query[f].map((v) => ({ label: facets[f].find((x) => x.value === v)?.label ?? v, href: searchUrl('/deployments', toggleFacet(query, f, v)) })),
  );
  if (query.from !== undefined || query.to !== undefined) {
    chips.push({ label: `${t('explore.years')}: ${query.from ?? '…'}–${query.to ?? '…'}`, href: searchUrl('/deployments', { ...query, from: undefined, to: undefined, page: 1 }) });
  }
  if (!chips.length) return null;
  return (
    <div class="active-filters">
      <h3 class="visually-hidden">{t('explore.activeFilters')}</h3>
      <ul>
        {chips.map((c) => (
          <li>
            <a class="chip" href={c.href} aria-label={t('explore.removeFilter', { label: c.label })}>
              {c.label} <span aria-hidden="true">×</span>
            </a>
          </li>
        ))}
        <li>
          <a href={searchUrl('/deployments', { q: query.q })}>{t('explore.clearAll')}</a>
        </li>
      </ul>
    </div>
  );
}

function Pagination({ query, total }: { query: SearchQuery; total: number }) {
  const { t } = useView();
  const pages = Math.max(1, Math.ceil(total / query.per_page));
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={t('explore.pagination')}>
      {query.page > 1 && (
        <a rel="prev" href={searchUrl('/deployments', { ...query, page: query.page - 1 })}>
          {t('explore.previous')}
        </a>
      )}
      <span>{t('explore.page', { page: query.page, pages })}</span>
      {query.page < pages && (
        <a rel="next" href={searchUrl('/deployments', { ...query, page: query.page + 1 })}>
          {t('explore.next')}
        </a>
      )}
    </nav>
  );
}

function hasFilters(query: SearchQuery): boolean {
  return FACETS.some((f) => query[f].length > 0) || query.from !== undefined || query.to !== undefined;
}
