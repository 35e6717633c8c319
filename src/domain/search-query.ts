/**
 * What a search of the compendium can ask for: free text, facet filters, a start-year range,
 * sorting and paging. The same schema validates the explore page's URL, the API's query string
 * and the filtered downloads, so a URL means the same thing everywhere.
 */
import { z } from 'zod';
import { isCountryCode } from './countries.ts';
import { termIds, type Vocabularies, type VocabularyId } from './vocabulary.ts';
import { OUTCOMES, RULE_ID_PATTERN } from './assessment/ruleset.ts';

export const FACETS = ['country', 'category', 'capability', 'status', 'right', 'outcome', 'rule'] as const;
export type Facet = (typeof FACETS)[number];

/**
 * The vocabulary behind each facet. Country has none (ISO codes); outcome and rule come from the
 * stored assessments (outcome kinds of the rules that apply, and those rules' ids).
 */
export const FACET_VOCABULARY: Record<Exclude<Facet, 'country' | 'outcome' | 'rule'>, VocabularyId> = {
  category: 'categories',
  capability: 'capabilities',
  status: 'statuses',
  right: 'rights_at_risk',
};

export const SORTS = ['relevance', 'newest', 'title'] as const;
export const MAX_PER_PAGE = 100;

/** A query value may be repeated (?country=GR&country=HU) or given once. */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v]), z.array(item).max(50));

/** `ruleIds`: the rules a `rule` filter may name (every rule of the loaded rule sets). */
export function buildSearchQuerySchema(vocabs: Vocabularies, ruleIds: readonly string[] = []) {
  const term = (id: VocabularyId) => z.enum(termIds(vocabs, id) as [string, ...string[]]);
  const year = z.coerce.number().int().min(1900).max(2100);
  const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());
  return z
    .object({
      q: z.string().trim().max(200).refine((s) => !s.includes('\u0000'), 'must not contain a NUL character').optional().describe('Free text; "quoted phrases", OR and -exclusion work; partial words match'),
      country: many(z.string().toUpperCase().refine(isCountryCode, 'not an ISO 3166-1 alpha-2 country code')).describe('Country code; repeat for several (any of them)'),
      category: many(term('categories')).describe('Category term id; repeatable'),
      capability: many(term('capabilities')).describe('Capability term id; repeatable'),
      status: many(term('statuses')).describe('Status term id; repeatable'),
      right: many(term('rights_at_risk')).describe('Right-at-risk term id; repeatable'),
      outcome: many(z.enum(OUTCOMES)).describe('Outcome kind of a rule that applies (prohibited, ban_called_for, …); repeatable'),
      rule: many(ruleIds.length ? z.enum(ruleIds as [string, ...string[]]) : z.string().regex(RULE_ID_PATTERN)).describe('Id of a rule that applies, such as AMNESTY-R2; repeatable'),
      from: optional(year).describe('Earliest start year'),
      to: optional(year).describe('Latest start year'),
      sort: optional(z.enum(SORTS)).describe('relevance (default with q), newest (default without), title'),
      page: optional(z.coerce.number().int().min(1).max(10_000)).default(1),
      per_page: optional(z.coerce.number().int().min(1).max(MAX_PER_PAGE)).default(20),
    })
    .refine((v) => v.from === undefined || v.to === undefined || v.from <= v.to, { path: ['to'], message: 'must not be before from' });
}

export type SearchQuery = z.infer<ReturnType<typeof buildSearchQuerySchema>>;

/** The sort actually applied: relevance only means something with text. */
export function effectiveSort(query: Pick<SearchQuery, 'q' | 'sort'>): (typeof SORTS)[number] {
  if (query.sort === 'relevance' && !query.q) return 'newest';
  return query.sort ?? (query.q ? 'relevance' : 'newest');
}
