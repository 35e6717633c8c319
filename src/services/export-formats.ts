/**
 * The open-data formats: JSON, JSONL, CSV and a Frictionless Data Package. Each turns a stream
 * of records into chunks of text, so a large compendium is never held in memory at once; the
 * CLI writes them to files and the site streams them to readers.
 */
import { stringify } from 'csv-stringify/sync';
import type { Actor } from '../domain/actor.ts';
import { CSV_COLUMNS, recordToCsvRow } from '../domain/csv-shape.ts';
import type { Deployment } from '../domain/deployment.ts';

export const EXPORT_FORMATS = ['json', 'jsonl', 'csv', 'datapackage'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type PageUrl = (slug: string) => string;

/** A JSON array, one record (with its page address) per element. */
export async function* toJson(records: AsyncIterable<Deployment>, pageUrl: PageUrl): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const r of records) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify({ ...r, page_url: pageUrl(r.slug) })}`;
    first = false;
  }
  yield '\n]\n';
}

export async function* toJsonl(records: AsyncIterable<Deployment>, pageUrl: PageUrl): AsyncGenerator<string> {
  for await (const r of records) yield `${JSON.stringify({ ...r, page_url: pageUrl(r.slug) })}\n`;
}

export async function* toCsv(records: AsyncIterable<Deployment>, pageUrl: PageUrl): AsyncGenerator<string> {
  yield stringify([CSV_COLUMNS as unknown as string[]]);
  let batch: string[][] = [];
  for await (const r of records) {
    const row = recordToCsvRow(r, pageUrl(r.slug));
    batch.push(CSV_COLUMNS.map((c) => row[c]));
    if (batch.length === 500) {
      yield stringify(batch);
      batch = [];
    }
  }
  if (batch.length) yield stringify(batch);
}

export const ACTOR_CSV_COLUMNS = ['slug', 'page_url', 'name', 'type', 'countries', 'parent', 'description', 'url'] as const;

export function actorsCsv(actors: Actor[], pageUrl: PageUrl): string {
  const rows = actors.map((a) => [a.slug, pageUrl(a.slug), a.name, a.type, (a.countries ?? []).join('; '), a.parent ?? '', a.description ?? '', a.url ?? '']);
  return stringify([[...ACTOR_CSV_COLUMNS], ...rows]);
}

const DEPLOYMENT_FIELD_DOCS: Partial<Record<(typeof CSV_COLUMNS)[number], { type?: string; description: string }>> = {
  slug: { description: 'Stable identifier of the record' },
  page_url: { type: 'string', description: 'Address of the record\'s page' },
  countries: { description: 'ISO 3166-1 alpha-2 codes (EU for the Union itself), separated by "; "' },
  categories: { description: 'Category term ids, separated by "; "' },
  capabilities: { description: 'Capability term ids, separated by "; "' },
  rights_at_risk: { description: 'Right-at-risk term ids, separated by "; "' },
  scale_people: { type: 'integer', description: 'Number of people affected, as of scale_as_of' },
  safeguards: { description: 'JSON object: each safeguard true, false or "unknown", with the sources that say so' },
  facts: { description: 'JSON object of legal attributes (rules reference, section 2)' },
  legal_challenges: { description: 'JSON array of court cases and complaints' },
  sources: { description: 'JSON array of the sources, numbered; [n] in text fields cites source n' },
};

/** The datapackage.json descriptor for deployments.csv and actors.csv. */
export function dataPackageDescriptor(options: { created: string; homepage: string }) {
  return {
    profile: 'tabular-data-package',
    name: 'borderlens-compendium',
    title: 'Borderlens compendium of digital technologies in asylum, migration and border control',
    homepage: options.homepage,
    created: options.created,
    licenses: [{ name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/', title: 'Creative Commons Attribution 4.0' }],
    resources: [
      {
        name: 'deployments',
        path: 'deployments.csv',
        profile: 'tabular-data-resource',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        schema: {
          fields: CSV_COLUMNS.map((name) => ({ name, type: DEPLOYMENT_FIELD_DOCS[name]?.type ?? 'string', ...(DEPLOYMENT_FIELD_DOCS[name] && { description: DEPLOYMENT_FIELD_DOCS[name]!.description }) })),
          primaryKey: 'slug',
        },
      },
      {
        name: 'actors',
        path: 'actors.csv',
        profile: 'tabular-data-resource',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        schema: { fields: ACTOR_CSV_COLUMNS.map((name) => ({ name, type: 'string' })), primaryKey: 'slug' },
      },
    ],
  };
}
