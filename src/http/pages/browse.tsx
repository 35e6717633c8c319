/** Country and category pages, and their index pages with counts. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isCountryCode } from '../../domain/countries.ts';
import { termIds } from '../../domain/vocabulary.ts';
import { notFound } from '../../errors.ts';
import { search } from '../../services/search.ts';
import { TermIndexPage, TermPage } from '../../views/pages/term-pages.tsx';
import { renderPage } from '../../views/render.tsx';
import type { AppDeps } from '../deps.ts';
import { parseInput } from '../validate.ts';
import { html } from './html.ts';
import { PUBLIC } from '../access.ts';

const countryParams = z.object({ code: z.string().regex(/^[A-Za-z]{2}$/, 'a two-letter country code').transform((s) => s.toUpperCase()) });
const categoryParams = z.object({ id: z.string().max(100) });

export function registerBrowsePages(app: FastifyInstance, deps: AppDeps): void {
  const { db, catalog, config, view, cache } = deps;
  // Index pages list every country and category: their counts, estimated on a large compendium,
  // come from about 10,000 sampled records, so that the small ones are seen.
  const everything = () => search(db, catalog, parseInput(deps.searchQuerySchema, { per_page: '1' }), { language: config.searchLanguage, rules: deps.rules, sampleRows: 10_000 });
  const listOf = (filter: Record<string, string[]>) =>
    search(db, catalog, parseInput(deps.searchQuerySchema, { ...filter, per_page: '100', sort: 'title' }), { language: config.searchLanguage, rules: deps.rules });

  app.get('/countries', PUBLIC, cache.handler(async (_request) => {
    const { facets } = await everything();
    const entries = facets.country.map((c) => ({ id: c.value, label: c.label, count: c.count })).sort((a, b) => a.label.localeCompare(b.label));
    return html(renderPage(view, <TermIndexPage kind="country" entries={entries} />));
  }));

  app.get('/countries/:code', PUBLIC, cache.handler(async (request) => {
    const { code } = parseInput(countryParams, request.params);
    if (!isCountryCode(code)) throw notFound(`No country "${code}"`);
    const result = await listOf({ country: [code] });
    return html(renderPage(view, <TermPage kind="country" id={code} label={view.country(code)} items={result.items} total={result.total} totalEstimated={result.totalEstimated} />));
  }));

  app.get('/categories', PUBLIC, cache.handler(async (_request) => {
    const { facets } = await everything();
    const counts = new Map(facets.category.map((c) => [c.value, c.count]));
    const entries = catalog.vocabs.byId.categories.terms.map((term) => ({ id: term.id, label: view.term('categories', term.id), definition: term.definition, count: counts.get(term.id) ?? 0 }));
    return html(renderPage(view, <TermIndexPage kind="category" entries={entries} />));
  }));

  app.get('/categories/:id', PUBLIC, cache.handler(async (request) => {
    const { id } = parseInput(categoryParams, request.params);
    if (!termIds(catalog.vocabs, 'categories').includes(id)) throw notFound(`No category "${id}"`);
    const term = catalog.vocabs.byId.categories.terms.find((x) => x.id === id)!;
    const result = await listOf({ category: [id] });
    return html(renderPage(view, <TermPage kind="category" id={id} label={view.term('categories', id)} definition={term.definition} items={result.items} total={result.total} totalEstimated={result.totalEstimated} />));
  }));
}
