/**
 * The deployment record (see docs/record.md): one use of a digital technology by an authority,
 * in a place, over a period, about people on the move. The zod schema built here is the single
 * definition behind imports, the API, exports and the OpenAPI document. It is built from the
 * vocabularies, so adding a term is a data change.
 */
import { z } from 'zod';
import { isCountryCode } from './countries.ts';
import { partialDateSchema } from './partial-date.ts';
import { termIds, type Vocabularies, type VocabularyId, type FactAttribute } from './vocabulary.ts';

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const slugSchema = z.string().max(120).regex(SLUG_PATTERN, 'use kebab-case: lower-case letters, digits and single hyphens');

/** A yes/no fact where "we do not know" is a value of its own, never read as "no". */
export const triStateSchema = z.union([z.boolean(), z.literal('unknown')]);
export type TriState = z.infer<typeof triStateSchema>;

/** Safeguards a record can state, each true | false | unknown (rules-reference `safeguards.*`). */
export const SAFEGUARDS = [
  'hria_before_deployment',
  'dpia_before_deployment',
  'fria_before_deployment',
  'fria_notified_msa',
  'registered_eu_db',
  'persons_informed',
  'human_oversight_assigned',
  'two_person_verification',
  'logs_retained_6m',
  'complaint_mechanism',
  'assessment_published',
] as const;

/** Fields a source may say it backs (`supports`). */
export const SUPPORTABLE_FIELDS = [
  'title', 'summary', 'description', 'countries', 'areas', 'authorities', 'vendors', 'funders',
  'deployer_type', 'domains', 'categories', 'capabilities', 'affected_groups', 'status', 'period',
  'scale', 'legal_basis', 'safeguards', 'facts', 'rights_at_risk', 'concerns', 'legal_challenges',
] as const;

const sourceIdList = z.array(z.number().int().positive()).optional();

export const sourceSchema = z
  .object({
    id: z.number().int().positive().describe('Number of the source within the record, cited as [n]'),
    title: z.string().min(1).max(500),
    publisher: z.string().max(300).optional(),
    url: z.url({ protocol: /^https?$/ }).optional(),
    published: partialDateSchema.optional(),
    archived_url: z.url({ protocol: /^https?$/ }).optional(),
    supports: z.array(z.enum(SUPPORTABLE_FIELDS)).optional(),
  })
  .strict();
export type Source = z.infer<typeof sourceSchema>;

function vocabEnum(vocabs: Vocabularies, id: VocabularyId) {
  const ids = termIds(vocabs, id);
  return z.enum(ids as [string, ...string[]]);
}

/** The `facts` object: one key per legal attribute, dotted names nested (evidence.x). */
export function buildFactsSchema(attributes: FactAttribute[]) {
  const top: Record<string, z.ZodType> = {};
  const nested: Record<string, Record<string, z.ZodType>> = {};
  for (const a of attributes) {
    let s: z.ZodType;
    if (a.type === 'bool') s = triStateSchema;
    else if (a.type === 'date') s = z.union([partialDateSchema, z.literal('unknown')]);
    else {
      const values = z.enum(a.values as [string, ...string[]]);
      s = a.type === 'enum' ? z.union([values, z.literal('unknown')]) : z.array(values);
    }
    const [head, tail] = a.name.split('.') as [string, string | undefined];
    if (tail) (nested[head] ??= {})[tail] = s.optional();
    else top[head] = s.optional();
  }
  for (const [k, shape] of Object.entries(nested)) top[k] = z.object(shape).strict().optional();
  return z.object(top).strict();
}

/** Builds the record schema for a set of vocabularies. */
export function buildDeploymentSchema(vocabs: Vocabularies) {
  return z.object(deploymentShape(vocabs)).strict().superRefine(checkCitations);
}

/**
 * The same record with every field optional, for assessing a proposed system or a draft: only
 * vocabulary terms, formats and citations are checked.
 */
export function buildPartialDeploymentSchema(vocabs: Vocabularies) {
  return z.object(deploymentShape(vocabs)).partial().strict().superRefine(checkCitations);
}

function deploymentShape(vocabs: Vocabularies) {
  const country = z.string().refine(isCountryCode, 'use an ISO 3166-1 alpha-2 country code (GR, US) or EU');
  const actorRefs = z.array(slugSchema).optional();
  const safeguards = Object.fromEntries(SAFEGUARDS.map((k) => [k, triStateSchema.optional()])) as Record<
    (typeof SAFEGUARDS)[number],
    z.ZodOptional<typeof triStateSchema>
  >;
  return {
    slug: slugSchema,
    title: z.string().trim().min(1).max(200),
    summary: z.string().trim().min(1).max(800).describe('Plain text'),
    description: z.string().max(50_000).optional().describe('Markdown, rendered sanitised'),
    countries: z.array(country).min(1),
    areas: z.array(vocabEnum(vocabs, 'areas')).optional(),
    authorities: actorRefs,
    vendors: actorRefs,
    funders: actorRefs,
    deployer_type: vocabEnum(vocabs, 'deployer_types').optional(),
    domains: z.array(vocabEnum(vocabs, 'domains')).optional(),
    categories: z.array(vocabEnum(vocabs, 'categories')).min(1),
    capabilities: z.array(vocabEnum(vocabs, 'capabilities')).optional(),
    affected_groups: z.array(vocabEnum(vocabs, 'affected_groups')).optional(),
    status: vocabEnum(vocabs, 'statuses'),
    period: z
      .object({ start: partialDateSchema.optional(), end: partialDateSchema.nullable().optional() })
      .strict()
      .optional(),
    scale: z
      .object({
        people: z.number().int().nonnegative().optional(),
        as_of: partialDateSchema.optional(),
        note: z.string().max(1000).optional(),
        sources: sourceIdList,
      })
      .strict()
      .optional(),
    legal_basis: z.string().max(5000).optional(),
    safeguards: z.object({ ...safeguards, sources: sourceIdList }).strict().optional(),
    facts: buildFactsSchema(vocabs.facts.attributes).optional(),
    rights_at_risk: z.array(vocabEnum(vocabs, 'rights_at_risk')).optional(),
    concerns: z.string().max(50_000).optional().describe('Markdown, attributed and cited'),
    legal_challenges: z
      .array(
        z
          .object({
            forum: z.string().min(1).max(300),
            case: z.string().max(300).optional(),
            year: z.number().int().min(1900).max(2100).optional(),
            outcome: z.string().max(2000).optional(),
            sources: sourceIdList,
          })
          .strict(),
      )
      .optional(),
    sources: z.array(sourceSchema).min(1, 'a record needs at least one source'),
    reviewed: partialDateSchema.optional(),
  };
}

export type DeploymentSchema = ReturnType<typeof buildDeploymentSchema>;
export type Deployment = z.infer<DeploymentSchema>;

const CITATION = /\[(\d+)\]/g;

/** Numbers cited as [n] in a text field. */
export function citedNumbers(text: string | undefined): number[] {
  if (!text) return [];
  return [...text.matchAll(CITATION)].map((m) => Number(m[1]));
}

/**
 * Every source a field cites must exist, and source numbers are unique: a citation that points
 * nowhere is a defect a reader cannot check. Works on unvalidated input too, so that these
 * problems are reported together with the schema's own.
 */
export function citationProblems(value: unknown): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const r = (value ?? {}) as Record<string, unknown>;
  if (!Array.isArray(r.sources)) return out;
  const ids = new Set<unknown>();
  r.sources.forEach((s: unknown, i) => {
    const id = (s as { id?: unknown } | null)?.id;
    if (ids.has(id)) out.push({ path: ['sources', i, 'id'], message: `duplicate source id ${String(id)}` });
    ids.add(id);
  });
  const cite = (path: (string | number)[], list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const n of list) if (!ids.has(n)) out.push({ path, message: `cites source ${String(n)}, which the record does not list` });
  };
  const nested = (k: string) => (r[k] && typeof r[k] === 'object' ? (r[k] as Record<string, unknown>) : {});
  cite(['scale', 'sources'], nested('scale').sources);
  cite(['safeguards', 'sources'], nested('safeguards').sources);
  if (Array.isArray(r.legal_challenges)) {
    r.legal_challenges.forEach((c: unknown, i) => cite(['legal_challenges', i, 'sources'], (c as { sources?: unknown } | null)?.sources));
  }
  for (const field of ['summary', 'description', 'concerns', 'legal_basis']) {
    const text = r[field];
    if (typeof text === 'string') cite([field], citedNumbers(text));
  }
  return out;
}

function checkCitations(record: unknown, ctx: z.RefinementCtx): void {
  for (const p of citationProblems(record)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
}

/** Every actor slug a record names, with its role. */
export function actorLinks(record: Pick<Deployment, 'authorities' | 'vendors' | 'funders'>): { slug: string; role: ActorRole }[] {
  return [
    ...(record.authorities ?? []).map((slug) => ({ slug, role: 'authority' as const })),
    ...(record.vendors ?? []).map((slug) => ({ slug, role: 'vendor' as const })),
    ...(record.funders ?? []).map((slug) => ({ slug, role: 'funder' as const })),
  ];
}
export type ActorRole = 'authority' | 'vendor' | 'funder';

/** What lists show of a deployment: result cards, related records, an actor's records. */
export interface DeploymentSummary {
  slug: string;
  title: string;
  summary: string;
  countries: string[];
  status: string;
  period_start: string | null;
  period_end: string | null;
}
