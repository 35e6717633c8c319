/** The read-only API, /api/v1: deployments, actors and vocabularies. */
import { z } from 'zod';
import { VOCABULARY_IDS } from '../../domain/vocabulary.ts';
import { notFound } from '../../errors.ts';
import { deploymentsOfActor, findActor, listActors } from '../../repositories/actors.repository.ts';
import { findDeployment } from '../../repositories/deployments.repository.ts';
import { search } from '../../services/search.ts';
import type { AppDeps } from '../deps.ts';
import { apiRoute, type ApiRoute } from './route.ts';
import { actorDetailSchema, actorListSchema, searchResponseSchema, slugParams, vocabulariesSchema } from './schemas.ts';

export function apiV1Routes(deps: AppDeps): ApiRoute<any, any, any>[] {
  const { db, catalog, config, baseUrl } = deps;
  return [
    apiRoute({
      method: 'GET',
      url: '/api/v1/deployments',
      operationId: 'searchDeployments',
      summary: 'Search deployments',
      description: 'Full-text search with facet filters. Repeat a filter for several values (country=GR&country=HU): a record matches if it has any of them; different filters combine with AND. Facet counts are computed with every filter but the facet\'s own.',
      tag: 'Deployments',
      // Read at each request: the schema is made again when editors change vocabulary terms.
      get query() {
        return deps.searchQuerySchema;
      },
      response: searchResponseSchema,
      handler: async ({ query }) => {
        const result = await search(db, catalog, query, { language: config.searchLanguage, rules: deps.rules });
        return {
          items: result.items.map((i) => ({ slug: i.slug, page_url: `${baseUrl}/deployments/${i.slug}`, title: i.title, summary: i.summary, countries: i.countries, categories: i.categories, status: i.status, period_start: i.period_start })),
          total: result.total,
          total_estimated: result.totalEstimated,
          page: query.page,
          per_page: query.per_page,
          facets_estimated: result.facetsEstimated,
          estimated_facets: result.estimatedFacets,
          facets: result.facets,
        };
      },
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/deployments/:slug',
      operationId: 'getDeployment',
      summary: 'One deployment, the full record with its sources',
      tag: 'Deployments',
      params: slugParams,
      response: catalog.deploymentSchema,
      errors: [400, 404],
      handler: async ({ params }) => (await findDeployment(db, params.slug)) ?? Promise.reject(notFound(`No deployment "${params.slug}"`)),
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/actors',
      operationId: 'listActors',
      summary: 'Every actor with the number of deployments linked to it',
      tag: 'Actors',
      response: actorListSchema,
      handler: async () => ({ items: (await listActors(db)).map((a) => ({ ...a, page_url: `${baseUrl}/actors/${a.slug}` })) }),
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/actors/:slug',
      operationId: 'getActor',
      summary: 'One actor and the deployments linked to it',
      tag: 'Actors',
      params: slugParams,
      response: actorDetailSchema(catalog),
      errors: [400, 404],
      handler: async ({ params }) => {
        const actor = await findActor(db, params.slug);
        if (!actor) throw notFound(`No actor "${params.slug}"`);
        const linked = await deploymentsOfActor(db, params.slug);
        return { ...actor, page_url: `${baseUrl}/actors/${actor.slug}`, deployments: linked.map((d) => ({ slug: d.slug, title: d.title, roles: d.roles })) };
      },
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/vocabularies',
      operationId: 'listVocabularies',
      summary: 'Every vocabulary term with its label and definition',
      tag: 'Vocabularies',
      response: vocabulariesSchema,
      handler: async () => ({
        vocabularies: VOCABULARY_IDS.map((id) => {
          const v = catalog.vocabs.byId[id];
          return { id, label: v.label, definition: v.definition, terms: v.terms.map(({ translations: _t, ...term }) => term) };
        }),
        facts: catalog.vocabs.facts.attributes,
      }),
    }),
  ];
}

export const healthResponse = z.object({ status: z.literal('ok') });
