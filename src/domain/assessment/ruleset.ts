/**
 * The shape of a rule set file (rules/<id>/ruleset.yaml): rules as data, one file per source of
 * law or recommendations. The zod schema here is the one the loader validates with and the one
 * the published JSON Schema (rules/ruleset.schema.json) is generated from.
 */
import { z } from 'zod';
import { partialDateSchema } from '../partial-date.ts';
import { conditionSchema } from './condition.ts';

/** Outcome kinds, most severe first (rules-reference 1.2); reports are ordered this way. */
export const OUTCOMES = ['prohibited', 'ban_called_for', 'high_risk_obligations', 'duty', 'concern'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes that only binding law can produce; a rule giving one needs a jurisdiction gate. */
export const BINDING_OUTCOMES: readonly Outcome[] = ['prohibited', 'high_risk_obligations', 'duty'];

export const TEXT_STATUSES = ['verbatim', 'verbatim_unconfirmed', 'paraphrase'] as const;
export type TextStatus = (typeof TEXT_STATUSES)[number];

export const RULE_ID_PATTERN = /^[A-Z0-9]+(-[A-Z0-9]+)*$/;
const ruleId = z.string().regex(RULE_ID_PATTERN, 'rule ids are upper case, hyphen separated (EUAIA-ART5-1-F)');
const ruleRef = z.string().regex(/^[A-Z0-9]+(-[A-Z0-9]+)*(-?\*)?$/, 'a rule id, or an id prefix ending in *');

const citationSchema = z
  .object({
    instrument: z.string().min(1).describe('The instrument, e.g. "Regulation (EU) 2024/1689 (AI Act)"'),
    article: z.string().min(1).describe('Article, paragraph, point or section'),
    url: z.url({ protocol: /^https?$/ }).describe('The official text'),
  })
  .strict();

const caseSchema = z
  .object({
    when: conditionSchema,
    outcome: z.enum(OUTCOMES),
    note: z.string().min(1).optional().describe('Shown with a finding produced by this case'),
  })
  .strict();

export const ruleSchema = z
  .object({
    id: ruleId,
    title: z.string().min(1).max(200),
    binding: z.boolean().optional().describe('Overrides the rule set: a report filed with a body of law that binds no one'),
    citation: citationSchema,
    text: z.string().min(1).describe('The wording, or a paraphrase: see text_status'),
    text_status: z.enum(TEXT_STATUSES),
    gate: conditionSchema.optional().describe('Jurisdiction or scope gate of this rule, added to the rule set gate'),
    trigger: conditionSchema.optional().describe('When the rule fires; with outcome, shorthand for one case'),
    outcome: z.enum(OUTCOMES).optional(),
    cases: z.array(caseSchema).min(1).optional().describe('Ordered: the first case that holds gives the outcome'),
    duty: z
      .object({ requires: z.array(z.string().regex(/^safeguards\.[a-z0-9_]+$/)).describe('Safeguards that meet the duty when all are true') })
      .strict()
      .optional(),
    modifies: z
      .object({
        rules: z.array(ruleRef).min(1),
        applies_from: partialDateSchema,
      })
      .strict()
      .optional()
      .describe('A transitional rule: when it holds, the rules named here apply from another date'),
    applies_from: partialDateSchema,
    applies_from_original: partialDateSchema.optional().describe('The date before an amendment moved it'),
    applies_until: partialDateSchema.optional(),
    date_note: z.string().min(1).optional().describe('What about the dates is still to be confirmed'),
    note: z.string().min(1).optional(),
    related: z.array(ruleId).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const simple = rule.outcome !== undefined || (rule.trigger !== undefined && rule.modifies === undefined);
    const kinds = [simple, rule.cases !== undefined, rule.modifies !== undefined].filter(Boolean).length;
    if (kinds !== 1) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of: trigger with outcome, cases, or trigger with modifies' });
    }
    if (rule.modifies && rule.trigger === undefined) ctx.addIssue({ code: 'custom', path: ['trigger'], message: 'a modifier needs a trigger' });
    else if (simple && !rule.modifies && (rule.trigger === undefined || rule.outcome === undefined)) {
      ctx.addIssue({ code: 'custom', path: [rule.trigger === undefined ? 'trigger' : 'outcome'], message: 'trigger and outcome go together' });
    }
    const outcomes = rule.cases ? rule.cases.map((c) => c.outcome) : rule.outcome ? [rule.outcome] : [];
    if (outcomes.includes('duty') && !rule.duty) ctx.addIssue({ code: 'custom', path: ['duty'], message: 'a duty names the safeguards that meet it (requires: [] when none can)' });
  });

export const rulesetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(_[a-z0-9]+)*$/, 'rule set ids are snake_case'),
    title: z.string().min(1),
    short_name: z.string().min(1).describe('How a sentence names it: "the EU AI Act", "Amnesty International"'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a semantic version, e.g. 1.0.0'),
    binding: z.boolean().describe('Binding law (true) or recommendations (false)'),
    instrument: z.object({ title: z.string().min(1), url: z.url({ protocol: /^https?$/ }) }).strict(),
    jurisdiction: z
      .object({
        label: z.string().min(1),
        gate: conditionSchema.optional().describe('Where the rules apply; omitted for recommendations addressed to all states'),
      })
      .strict(),
    rules: z.array(ruleSchema).min(1),
  })
  .strict();

export const definitionsSchema = z
  .object({ sets: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.array(z.string().min(1)).min(1)) })
  .strict();

export type Rule = z.infer<typeof ruleSchema>;
export type Ruleset = z.infer<typeof rulesetSchema>;
export type Definitions = z.infer<typeof definitionsSchema>;
export type Citation = z.infer<typeof citationSchema>;

/** The outcomes a rule can give. */
export function ruleOutcomes(rule: Rule): Outcome[] {
  if (rule.cases) return rule.cases.map((c) => c.outcome);
  return rule.outcome ? [rule.outcome] : [];
}

/** Is a rule binding law? The rule may say otherwise than its rule set. */
export function isBinding(rule: Rule, ruleset: Ruleset): boolean {
  return rule.binding ?? ruleset.binding;
}

/** Does a rule id match a reference (an id, or a prefix ending in `*`)? */
export function matchesRuleRef(id: string, ref: string): boolean {
  return ref.endsWith('*') ? id.startsWith(ref.slice(0, -1)) : id === ref;
}
