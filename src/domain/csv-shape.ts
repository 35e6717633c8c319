/**
 * The flat, one-row-per-deployment shape used by CSV exports and imports. Lists of terms, codes
 * and slugs are joined with "; " (none of them can contain it); nested parts that do not
 * flatten well (sources, safeguards, facts, legal challenges) are JSON in one cell, so a CSV
 * export imports back to the same records.
 */
import type { Deployment } from './deployment.ts';
import type { Problem } from './problems.ts';

const LIST_FIELDS = [
  'countries', 'areas', 'authorities', 'vendors', 'funders', 'domains', 'categories',
  'capabilities', 'affected_groups', 'rights_at_risk',
] as const;
const TEXT_FIELDS = ['slug', 'title', 'summary', 'description', 'deployer_type', 'status', 'legal_basis', 'concerns', 'reviewed'] as const;
const JSON_FIELDS = ['safeguards', 'facts', 'legal_challenges', 'sources'] as const;

/** Column order of CSV exports (and the table schema of the data package). */
export const CSV_COLUMNS = [
  'slug', 'page_url', 'title', 'summary', 'countries', 'areas', 'authorities', 'vendors', 'funders',
  'deployer_type', 'domains', 'categories', 'capabilities', 'affected_groups', 'status',
  'period_start', 'period_end', 'scale_people', 'scale_as_of', 'scale_note', 'scale_sources',
  'rights_at_risk', 'legal_basis', 'description', 'concerns', 'safeguards', 'facts',
  'legal_challenges', 'sources', 'reviewed',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

const SEP = '; ';

/** A record as a flat row; `url` is the record's public address. */
export function recordToCsvRow(record: Deployment, url: string): Record<CsvColumn, string> {
  const row = Object.fromEntries(CSV_COLUMNS.map((c) => [c, ''])) as Record<CsvColumn, string>;
  for (const f of TEXT_FIELDS) row[f] = record[f] ?? '';
  for (const f of LIST_FIELDS) row[f] = (record[f] ?? []).join(SEP);
  for (const f of JSON_FIELDS) row[f] = record[f] === undefined ? '' : JSON.stringify(record[f]);
  row.page_url = url;
  row.period_start = record.period?.start ?? '';
  row.period_end = record.period?.end ?? '';
  row.scale_people = record.scale?.people === undefined ? '' : String(record.scale.people);
  row.scale_as_of = record.scale?.as_of ?? '';
  row.scale_note = record.scale?.note ?? '';
  row.scale_sources = (record.scale?.sources ?? []).join(SEP);
  return row;
}

type Converted = { ok: true; value: Record<string, unknown> } | { ok: false; problems: Problem[] };

/** A CSV row back into the record shape (not yet validated). Empty cells are absent fields. */
export function csvRowToRecord(row: Record<string, string>): Converted {
  const out: Record<string, unknown> = {};
  const problems: Problem[] = [];
  const cell = (k: string) => (row[k] ?? '').trim();
  for (const f of TEXT_FIELDS) if (cell(f)) out[f] = cell(f);
  for (const f of LIST_FIELDS) if (cell(f)) out[f] = splitList(cell(f));
  for (const f of JSON_FIELDS) {
    if (!cell(f)) continue;
    try {
      out[f] = JSON.parse(cell(f));
    } catch {
      problems.push({ path: f, message: 'this column holds JSON, and it does not parse' });
    }
  }
  if (cell('period_start') || cell('period_end')) {
    out.period = { ...(cell('period_start') && { start: cell('period_start') }), ...(cell('period_end') && { end: cell('period_end') }) };
  }
  const scale: Record<string, unknown> = {};
  if (cell('scale_people')) scale.people = /^\d+$/.test(cell('scale_people')) ? Number(cell('scale_people')) : cell('scale_people');
  if (cell('scale_as_of')) scale.as_of = cell('scale_as_of');
  if (cell('scale_note')) scale.note = cell('scale_note');
  if (cell('scale_sources')) scale.sources = splitList(cell('scale_sources')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  if (Object.keys(scale).length) out.scale = scale;
  return problems.length ? { ok: false, problems } : { ok: true, value: out };
}

function splitList(s: string): string[] {
  return s.split(';').map((x) => x.trim()).filter(Boolean);
}
