/** Response schemas of the API (inputs are the domain schemas: search query, slugs). */
import { z } from 'zod';
import type { Catalog } from '../../domain/catalog.ts';
import { slugSchema } from '../../domain/deployment.ts';
import { FACETS } from '../../domain/search-query.ts';

export const slugParams = z.object({ slug: slugSchema.describe('The record\'s slug') });

const facetValue = z.object({ value: z.string(), label: z.string(), count: z.number().int() });

export const deploymentSummarySchema = z.object({
  slug: z.string(),
  page_url: z.string().describe('Address of the record\'s page'),
  title: z.string(),
  summary: z.string(),
  countries: z.array(z.string()),
  categories: z.array(z.string()),
  status: z.string(),
  period_start: z.string().nullable(),
});

export const searchResponseSchema = z.object({
  items: z.array(deploymentSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  per_page: z.number().int(),
  facets_estimated: z.boolean().describe('True when the result is so large that facet counts are estimated from a sample'),
  facets: z.object(Object.fromEntries(FACETS.map((f) => [f, z.array(facetValue)])) as Record<(typeof FACETS)[number], z.ZodArray<typeof facetValue>>),
});

export const actorListSchema = z.object({
  items: z.array(z.object({ slug: z.string(), name: z.string(), type: z.string(), page_url: z.string(), deployments: z.number().int() })),
});

export function actorDetailSchema(catalog: Catalog) {
  return catalog.actorSchema.extend({
    page_url: z.string().describe('Address of the actor\'s page'),
    deployments: z.array(z.object({ slug: z.string(), title: z.string(), roles: z.array(z.enum(['authority', 'vendor', 'funder'])) })),
  });
}

const term = z.object({ id: z.string(), label: z.string(), definition: z.string(), retired: z.boolean().optional() });
export const vocabulariesSchema = z.object({
  vocabularies: z.array(z.object({ id: z.string(), label: z.string(), definition: z.string(), terms: z.array(term) })),
  facts: z.array(z.object({ name: z.string(), type: z.string(), label: z.string(), values: z.array(z.string()).optional() })),
});
