/** Schemas of the assessment API: its inputs, and the report it answers with (for OpenAPI). */
import { z } from 'zod';
import { OUTCOMES, TEXT_STATUSES } from '../../domain/assessment/ruleset.ts';
import { isoDateSchema } from '../../domain/partial-date.ts';


export const asOfQuery = z.object({
  as_of: isoDateSchema.optional().describe('Assess as at this date (YYYY-MM-DD); default today'),
});

export const ruleIdParams = z.object({ id: z.string().regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, 'a rule id such as EUAIA-ART5-1-F') });

const citation = z.object({ instrument: z.string(), article: z.string(), url: z.string() });

export const findingSchema = z.object({
  rule_id: z.string(),
  ruleset: z.string(),
  title: z.string(),
  binding: z.boolean().describe('From binding law (true) or from recommendations (false)'),
  outcome: z.enum(OUTCOMES),
  result: z.enum(['applies', 'undetermined']).describe('undetermined: the rule depends on facts the record leaves unknown (see missing)'),
  duty_status: z.enum(['met', 'unmet', 'unknown']).optional(),
  in_force: z.object({
    at_period: z.boolean().nullable().describe('In force at some time during the deployment\'s period; null when the period is unknown'),
    at_as_of: z.boolean(),
    from: z.string(),
    from_original: z.string().optional().describe('The date before an amendment moved it'),
    moved_by: z.string().optional().describe('A transitional rule that moved the date'),
    until: z.string().optional(),
  }),
  because: z.array(
    z.object({
      fact: z.string(),
      value: z.union([z.string(), z.boolean(), z.array(z.string())]),
      sources: z.array(z.object({ id: z.number().int(), title: z.string(), url: z.string().optional() })).describe('The record\'s sources that back this fact'),
    }),
  ),
  missing: z.array(z.string()).describe('Facts that would decide the rule, or raise its outcome'),
  citation,
  text: z.string(),
  text_status: z.enum(TEXT_STATUSES),
  note: z.string().optional(),
  date_note: z.string().optional(),
  related: z.array(z.string()),
});

export const assessmentSchema = z.object({
  as_of: z.string(),
  rulesets: z.array(z.object({ id: z.string(), version: z.string() })),
  findings: z.array(findingSchema),
  gaps: z.array(
    z.object({
      ban_rule: z.string(),
      ban_ruleset: z.string(),
      binding_rules: z.array(z.string()),
      binding_outcome: z.enum(OUTCOMES),
      statement: z.string(),
    }),
  ),
  summary: z.string().describe('The report in a few plain-language sentences'),
});

export const ruleSummarySchema = z.object({
  id: z.string(),
  ruleset: z.string(),
  title: z.string(),
  outcomes: z.array(z.enum(OUTCOMES)),
  binding: z.boolean(),
  applies_from: z.string(),
  text_status: z.enum(TEXT_STATUSES),
  page_url: z.string(),
});

export const rulesListSchema = z.object({
  rulesets: z.array(z.object({ id: z.string(), title: z.string(), version: z.string(), binding: z.boolean(), jurisdiction: z.string() })),
  items: z.array(ruleSummarySchema),
});
