/**
 * A search of the compendium with every facet value labelled in the reader's language: the one
 * loader behind the explore page, its JSON twin in the API and the filtered downloads.
 */
import type { Kysely } from 'kysely';
import type { Catalog } from '../domain/catalog.ts';
import { countryName } from '../domain/countries.ts';
import { FACETS, FACET_VOCABULARY, type Facet, type SearchQuery } from '../domain/search-query.ts';
import { termLabel } from '../domain/vocabulary.ts';
import type { Database } from '../db/schema.ts';
import { searchDeployments, type SearchHit } from '../repositories/search.repository.ts';
import { translator } from '../i18n/translator.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { RuleBook } from './assessment.ts';

export interface LabelledFacetValue {
  value: string;
  label: string;
  count: number;
}

export interface LabelledSearchResult {
  items: SearchHit[];
  total: number;
  facets: Record<Facet, LabelledFacetValue[]>;
  fuzzy: boolean;
  facetsEstimated: boolean;
  estimatedFacets: Facet[];
  totalEstimated: boolean;
}

/** The label of a facet value in a language; rule titles come from the rule book when given. */
export function facetLabel(catalog: Catalog, facet: Facet, value: string, lang = 'en', rules?: RuleBook): string {
  if (facet === 'country') return countryName(value, lang);
  if (facet === 'outcome') return translator(lang).t(`outcome.${value}` as MessageKey);
  if (facet === 'rule') {
    const found = rules?.rule(value);
    return found ? `${found.rule.title} (${value})` : value;
  }
  return termLabel(catalog.vocabs, FACET_VOCABULARY[facet], value, lang);
}

export async function search(
  db: Kysely<Database>,
  catalog: Catalog,
  query: SearchQuery,
  options: { language: string; lang?: string; rules?: RuleBook; sampleRows?: number },
): Promise<LabelledSearchResult> {
  const result = await searchDeployments(db, query, options.language, { sampleRows: options.sampleRows });
  const facets = Object.fromEntries(
    FACETS.map((f) => [f, result.facets[f].map((v) => ({ ...v, label: facetLabel(catalog, f, v.value, options.lang, options.rules) }))]),
  ) as Record<Facet, LabelledFacetValue[]>;
  return { ...result, facets };
}
