/** Home and explore pages. With the HX-Request header, explore answers with its results region only. */
import type { FastifyInstance } from 'fastify';
import { termIds } from '../../domain/vocabulary.ts';
import { search } from '../../services/search.ts';
import { changesFeed } from '../../services/feed.ts';
import { ExplorePage, ExploreRegion, type ExploreProps } from '../../views/pages/explore.tsx';
import { HomePage } from '../../views/pages/home.tsx';
import { renderFragment, renderPage } from '../../views/render.tsx';
import type { AppDeps } from '../deps.ts';
import { parseInput } from '../validate.ts';
import { html } from './html.ts';
import { PUBLIC } from '../access.ts';

export function registerExplorePages(app: FastifyInstance, deps: AppDeps): void {
  const { db, catalog, config, view, cache } = deps;

  app.get('/', PUBLIC, cache.handler(async () => {
    const result = await search(db, catalog, parseInput(deps.searchQuerySchema, { per_page: '1' }), { language: config.searchLanguage, rules: deps.rules, sampleRows: 10_000 });
    const counts = new Map(result.facets.category.map((c) => [c.value, c.count]));
    const categories = termIds(catalog.vocabs, 'categories').map((id) => ({
      id,
      label: view.term('categories', id),
      definition: catalog.vocabs.byId.categories.terms.find((x) => x.id === id)!.definition,
      count: counts.get(id) ?? 0,
    }));
    return html(renderPage(view, <HomePage total={result.total} categories={categories} />));
  }));

  // The Atom feed of changes for any filter of the explore page, linked from each page's head.
  app.get('/feed.atom', PUBLIC, cache.handler(async (request) => {
    const query = parseInput(deps.searchQuerySchema, request.query);
    const selfUrl = `${deps.baseUrl}${request.url}`;
    const body = await changesFeed(db, catalog, deps.rules, query, { language: config.searchLanguage, baseUrl: deps.baseUrl, selfUrl, tr: view });
    return { type: 'application/atom+xml; charset=utf-8', body };
  }));

  app.get('/deployments', PUBLIC, cache.handler(async (request) => {
    const query = parseInput(deps.searchQuerySchema, request.query);
    const result = await search(db, catalog, query, { language: config.searchLanguage, rules: deps.rules });
    const props: ExploreProps = { query, items: result.items, total: result.total, facets: result.facets, fuzzy: result.fuzzy, estimated: result.estimatedFacets, totalEstimated: result.totalEstimated };
    if (request.headers['hx-request'] === 'true') return html(renderFragment(view, <ExploreRegion {...props} />));
    return html(renderPage(view, <ExplorePage {...props} />));
  }));
}
