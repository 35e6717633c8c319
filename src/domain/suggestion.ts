/**
 * A suggestion from anyone, no account needed: a deployment we do not have, or a correction to
 * one we do, with the public sources that back it. Nothing about the person is asked for.
 */
import { z } from 'zod';
import { slugSchema } from './deployment.ts';

export const SUGGESTION_KINDS = ['new', 'correction'] as const;

/** Text a form may send; a NUL character cannot be stored, so it is an error of the field. */
const text = () => z.string().refine((s) => !s.includes('\u0000'), 'remove the NUL character').trim();

export const suggestionSchema = z
  .object({
    kind: z.enum(SUGGESTION_KINDS, { message: 'choose a new deployment or a correction' }),
    deployment_slug: z.preprocess((v) => (v === '' ? undefined : v), slugSchema.optional()),
    what: text().min(10, 'say in a sentence or more what is deployed or what is wrong').max(5000),
    place: text().max(300).optional(),
    sources: text()
      .min(8, 'give at least one public source: a link, or a title and publisher')
      .max(5000),
  })
  .superRefine((s, ctx) => {
    if (s.kind === 'correction' && !s.deployment_slug) ctx.addIssue({ code: 'custom', path: ['deployment_slug'], message: 'say which deployment the correction is for' });
  });

export type Suggestion = z.infer<typeof suggestionSchema>;

export const reviewDecisionSchema = z.object({
  status: z.enum(['accepted', 'rejected']),
  reason: text().max(2000).optional(),
}).refine((d) => d.status !== 'rejected' || (d.reason?.length ?? 0) >= 3, { path: ['reason'], message: 'say why it is rejected' });
