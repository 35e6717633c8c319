/**
 * Actors are the organisations behind deployments: the authorities that operate or commission
 * them, the vendors that build or sell them and the funders that pay. Each is a record of its own
 * (data/actors/*.yaml) so that its page gathers everything linked to it.
 */
import { z } from 'zod';
import { isCountryCode } from './countries.ts';
import { slugSchema, sourceSchema } from './deployment.ts';
import { termIds, type Vocabularies } from './vocabulary.ts';

export function buildActorSchema(vocabs: Vocabularies) {
  const types = termIds(vocabs, 'actor_types') as [string, ...string[]];
  return z
    .object({
      slug: slugSchema,
      name: z.string().trim().min(1).max(300),
      type: z.enum(types),
      countries: z.array(z.string().refine(isCountryCode, 'use an ISO 3166-1 alpha-2 country code or EU')).optional(),
      parent: slugSchema.optional().describe('Slug of the organisation this one belongs to'),
      description: z.string().max(5000).optional().describe('Plain text'),
      url: z.url({ protocol: /^https?$/ }).optional(),
      sources: z.array(sourceSchema).optional(),
    })
    .strict();
}

export type ActorSchema = ReturnType<typeof buildActorSchema>;
export type Actor = z.infer<ActorSchema>;
