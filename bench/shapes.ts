/**
 * The request mix: for each query shape a long, deterministic list of distinct URLs (up to
 * 8,000) built from the data set's own terms, so that a load test never measures one cached
 * query. The runner walks each list with a cursor that carries over from one load test to the
 * next, so a URL is requested again only when a list is used up (reported as "wrapped").
 */
import type { Terms } from './generate.ts';
import { Rng } from './prng.ts';

export type ShapeKey = 'broad' | 'text-filters' | 'rare' | 'filters' | 'detail';

export interface Shape {
  key: ShapeKey;
  name: string;
  /** Search shapes are held to the search targets; the detail page to its own. */
  search: boolean;
  paths: string[];
}

const API = '/api/v1/deployments';

function qs(params: [string, string][]): string {
  return new URLSearchParams(params).toString();
}

export function buildShapes(terms: Terms, count = 8000): Shape[] {
  const rng = new Rng(terms.seed ^ 0x51a9e5);
  // Broad: words found in 20–90 % of records, alone or in pairs, first pages.
  const broadWords = terms.common.filter((c) => c.share >= 0.2 && c.share <= 0.9).map((c) => c.word);
  const topCountries = terms.countries.slice(0, 25).map((c) => c.code);
  const moreCountries = terms.countries.slice(0, 60).map((c) => c.code);
  const midWords = terms.mid.map((m) => m.word);
  const unique = (make: () => string) => {
    const seen = new Set<string>();
    for (let tries = 0; seen.size < count && tries < count * 20; tries++) seen.add(make());
    return rng.shuffle([...seen]);
  };
  const broad = unique(() => {
    const q = rng.chance(0.3) ? rng.pick(broadWords) : `${rng.pick(broadWords)} ${rng.pick(broadWords)}`;
    return `${API}?${qs(rng.chance(0.7) ? [['q', q]] : [['q', q], ['page', String(rng.int(2, 5))]])}`;
  });
  const textFilters = unique(() => {
    const word = rng.chance(0.5) ? rng.pick(broadWords) : rng.pick(midWords);
    return `${API}?${qs([['q', word], ['country', rng.pick(topCountries)], ['category', rng.pick(terms.categories)]])}`;
  });
  const rare = unique(() => `${API}?${qs([['q', rng.pick(terms.rare).word]])}`);
  const filters = unique(() => {
    const p: [string, string][] = [['country', rng.pick(moreCountries)]];
    const second = rng.int(0, 2);
    if (second === 0) p.push(['category', rng.pick(terms.categories)]);
    else if (second === 1) p.push(['status', rng.pick(terms.statuses)]);
    else p.push(['capability', rng.pick(terms.capabilities)]);
    if (rng.chance(0.3)) p.push(['from', String(rng.int(2000, 2020))]);
    return `${API}?${qs(p)}`;
  });
  const detail = rng.shuffle(terms.slugs.map((s) => `/deployments/${s}`));
  return [
    { key: 'broad', name: 'broad text', search: true, paths: broad },
    { key: 'text-filters', name: 'text + country + category', search: true, paths: textFilters },
    { key: 'rare', name: 'rare text', search: true, paths: rare },
    { key: 'filters', name: 'filters only', search: true, paths: filters },
    { key: 'detail', name: 'detail page', search: false, paths: detail },
  ];
}

/** The fixed URLs of "repeated reads": one deployment page and one filtered explore page. */
export function repeatedPaths(terms: Terms): { key: string; name: string; path: string; type: string }[] {
  return [
    { key: 'repeat-detail', name: 'one deployment page, repeated', path: `/deployments/${terms.slugs[0]}`, type: 'text/html; charset=utf-8' },
    { key: 'repeat-filter', name: 'one filter page, repeated', path: `/deployments?country=${terms.countries[2]!.code}`, type: 'text/html; charset=utf-8' },
  ];
}

/**
 * One typical request per shape, for EXPLAIN: a common word, a common word with a common
 * country and category, a rare word, a common country with a common status, a deployment page.
 */
export function representative(terms: Terms): { shape: string; url: string }[] {
  const broad = terms.common.find((c) => c.share >= 0.3 && c.share <= 0.6)?.word ?? terms.common[0]!.word;
  const [c1, c2] = [terms.countries[1]!.code, terms.countries[2]!.code];
  return [
    { shape: 'broad text', url: `${API}?${qs([['q', broad]])}` },
    { shape: 'text + country + category', url: `${API}?${qs([['q', broad], ['country', c1], ['category', 'biometrics_and_identification']])}` },
    { shape: 'rare text', url: `${API}?${qs([['q', terms.rare[0]!.word]])}` },
    { shape: 'filters only', url: `${API}?${qs([['country', c2], ['status', 'active']])}` },
    { shape: 'detail page', url: `/deployments/${terms.slugs[0]}` },
  ];
}
