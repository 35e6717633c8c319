/** Response schemas of the API (inputs are the domain schemas: search query, slugs). */
import { z } from 'zod';
import type { Catalog } from '../../domain/catalog.ts';
import { slugSchema } from '../../domain/deployment.ts';
import { FACETS } from '../../domain/search-query.ts';
import { VOCABULARY_IDS } from '../../domain/vocabulary.ts';

export const slugParams = z.object({ slug: slugSchema.describe('The record\'s slug') });

export const vocabularyParams = z.object({ vocabulary: z.enum(VOCABULARY_IDS).describe('A vocabulary, such as categories') });
export const termParams = vocabularyParams.extend({ term: z.string().regex(/^[a-z0-9]+(_[a-z0-9]+)*$/, 'term ids are snake_case').describe('A term id, such as biometrics_and_identification') });

/** The revisions of a deployment, an actor or a term, newest first. */
export const historySchema = z.object({
  revisions: z.array(
    z.object({
      number: z.number().int(),
      at: z.string().describe('When it was published (ISO 8601, UTC)'),
      author: z.string().nullable().describe('The public display name of who published it; null for an import'),
      reason: z.string(),
      snapshot: z.unknown().describe('The whole record, actor or term as published'),
    }),
  ),
});

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
  total: z.number().int().describe('How many deployments match: exact, unless `total_estimated` is true'),
  total_estimated: z
    .boolean()
    .describe('True when the result is so large (more than about 5,000 matches) that `total` is estimated from a fixed sample of records, rounded to two significant digits; the items are exact either way'),
  page: z.number().int(),
  per_page: z.number().int(),
  facets_estimated: z.boolean().describe('True when some facet counts are estimated from a sample: those of the facets in `estimated_facets`'),
  estimated_facets: z
    .array(z.enum(FACETS))
    .describe('The facets whose counts are estimated from a fixed sample of records and scaled up, because counting them exactly would read more than about 2,000 records; the other facets are exact'),
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
