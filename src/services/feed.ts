/**
 * Atom feeds of published changes: the whole compendium, or any filter of the explore page
 * ("biometrics in Greece"), newest first, so that journalists can subscribe to what they follow.
 * Each entry is one revision: a record added, or changed (with the fields that changed and the
 * reason given), linking to the differences on the record's history page.
 */
import { Feed } from 'feed';
import type { Kysely } from 'kysely';
import type { Catalog } from '../domain/catalog.ts';
import type { Deployment } from '../domain/deployment.ts';
import { diffRecords } from '../domain/record-diff.ts';
import { FACETS, type SearchQuery } from '../domain/search-query.ts';
import type { Database } from '../db/schema.ts';
import type { Translator } from '../i18n/translator.ts';
import { recentChanges } from '../repositories/search.repository.ts';
import type { RuleBook } from './assessment.ts';
import { facetLabel } from './search.ts';

export const FEED_ENTRIES = 50;

export async function changesFeed(
  db: Kysely<Database>,
  catalog: Catalog,
  rules: RuleBook,
  query: SearchQuery,
  options: { language: string; baseUrl: string; selfUrl: string; tr: Translator },
): Promise<string> {
  const { t, lang } = options.tr;
  const rows = await recentChanges(db, query, options.language, FEED_ENTRIES);
  const filters = [
    ...(query.q ? [`“${query.q}”`] : []),
    ...FACETS.flatMap((f) => (query[f] as readonly string[]).map((v) => facetLabel(catalog, f, v, lang, rules))),
    ...(query.from !== undefined || query.to !== undefined ? [`${query.from ?? '…'}–${query.to ?? '…'}`] : []),
  ];
  const feed = new Feed({
    id: options.selfUrl,
    title: xmlChars(filters.length ? t('feed.titleFiltered', { filters: filters.join(', ') }) : t('feed.title')),
    description: t('feed.subtitle'),
    link: `${options.baseUrl}/deployments`,
    language: lang,
    copyright: t('feed.rights'),
    updated: rows[0] ? new Date(rows[0].at) : new Date(0),
    generator: 'Borderlens',
    feedLinks: { atom: options.selfUrl },
  });
  for (const row of rows) {
    const record = row.snapshot as Deployment;
    const page = `${options.baseUrl}/deployments/${row.slug}`;
    const history = `${page}/history`;
    const changed = row.previous ? diffRecords(row.previous as Record<string, unknown>, row.snapshot as Record<string, unknown>).map((c) => c.field) : [];
    const what = row.previous ? t('feed.changed', { fields: changed.length ? changed.map((f) => f.replace(/_/g, ' ')).join(', ') : t('feed.nothing') }) : t('feed.added');
    feed.addItem({
      // One entry per revision: a reader shows each published change as news.
      id: `${history}#revision-${row.number}`,
      link: row.previous ? `${history}?from=${row.number - 1}&to=${row.number}#diff` : page,
      title: asHtml(row.previous ? t('feed.entryChanged', { title: record.title }) : t('feed.entryAdded', { title: record.title })),
      // Plain text: citation marks stripped, nothing rendered as HTML.
      description: asHtml(`${what} ${t('feed.reason', { reason: row.reason })} ${record.summary.replace(/\s*\[\d+\]/g, '')}`),
      date: new Date(row.at),
      ...(row.author ? { author: [{ name: xmlChars(row.author) }] } : {}),
    });
  }
  return feed.atom1();
}

/** Characters XML 1.0 cannot carry (most C0 controls, unpaired surrogates, U+FFFE/U+FFFF) are left out. */
function xmlChars(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/**
 * The feed library marks entry titles and summaries `type="html"` (in CDATA), so a reader
 * renders them as HTML: plain text is escaped first, so that "<script>" shows as written and
 * nothing in a record can end the CDATA section.
 */
function asHtml(text: string): string {
  return xmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
