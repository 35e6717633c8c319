/**
 * Reads records from files in any of the import formats (YAML, JSON, JSONL, CSV) into plain
 * objects, each with the line it starts on where the format has lines. Parsing only: checking
 * against the schema is the caller's job, and a file that cannot be parsed yields problems.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { LineCounter, parseAllDocuments, isSeq, isMap, type Document, type Node } from 'yaml';
import { csvRowToRecord } from '../domain/csv-shape.ts';
import type { Problem } from '../domain/problems.ts';

export interface RawRecord {
  value: unknown;
  /** Line where the record starts (1-based), where the format has lines. */
  line?: number;
  /** Line of a field path inside the record, where the format can tell (YAML). */
  lineOf?: (path: readonly PropertyKey[]) => number | undefined;
}

export interface ReadFile {
  file: string;
  records: RawRecord[];
  problems: Problem[];
}

export const FORMATS = ['yaml', 'json', 'jsonl', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export function formatOf(file: string): Format | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  return undefined;
}

/** The files to read for a path: the file itself, or the importable files below a directory, sorted. */
export async function listInputFiles(target: string): Promise<string[]> {
  const info = await stat(target);
  if (info.isFile()) return [target];
  const entries = await readdir(target, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && formatOf(e.name) && e.name !== 'datapackage.json')
    .map((e) => path.join(e.parentPath, e.name))
    // Vocabularies are configuration, not records; they load at start-up.
    .filter((f) => !path.relative(target, f).split(path.sep).includes('vocabularies'));
  // Actors first, so that the deployments naming them find them.
  const isActor = (f: string) => path.relative(target, f).split(path.sep).includes('actors');
  return files.sort((a, b) => Number(isActor(b)) - Number(isActor(a)) || a.localeCompare(b));
}

/** Reads one file. Never throws for bad content: it reports problems instead. */
export async function readRecordsFile(file: string): Promise<ReadFile> {
  const format = formatOf(file);
  if (!format) return { file, records: [], problems: [{ file, path: '', message: `unsupported file type; use ${FORMATS.join(', ')}` }] };
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    return { file, records: [], problems: [{ file, path: '', message: (err as Error).message }] };
  }
  let text: string;
  try {
    // Fatal decoding: a stray byte is an error, while a real U+FFFD in the text is kept. A
    // byte order mark is dropped.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { file, records: [], problems: [{ file, path: '', message: 'the file is not valid UTF-8' }] };
  }
  const parsed = parseText(text, format, file);
  for (const record of parsed.records) parsed.problems.push(...unstorableText(record, file));
  return { file, ...parsed };
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Escapes such as "\u0000" or "\uD800" in JSON and YAML make strings that no UTF-8 text, and so
 * no database, can hold: a NUL character or half of a surrogate pair. They are problems of the
 * file, reported with the field, rather than errors when the record is written.
 */
function unstorableText(record: RawRecord, file: string): Problem[] {
  const problems: Problem[] = [];
  const bad = (s: string) => s.includes('\u0000') || UNPAIRED_SURROGATE.test(s);
  // A stack rather than recursion, and paths built only when needed: a file may nest deeper
  // than the call stack goes.
  interface Item { value: unknown; key?: string | number; parent?: Item }
  const pathOf = (item: Item) => {
    const at: (string | number)[] = [];
    for (let i: Item | undefined = item; i?.parent; i = i.parent) at.unshift(i.key!);
    return at;
  };
  const stack: Item[] = [{ value: record.value }];
  // YAML aliases can make one object appear twice, or inside itself.
  const seen = new Set<object>();
  while (stack.length) {
    const item = stack.pop()!;
    const { value } = item;
    if (value && typeof value === 'object') {
      if (seen.has(value)) continue;
      seen.add(value);
    }
    if (typeof value === 'string') {
      if (bad(value)) {
        const at = pathOf(item);
        const what = value.includes('\u0000') ? 'a NUL character' : 'an unpaired surrogate, which is not valid Unicode';
        problems.push({ file, line: record.lineOf?.(at) ?? record.line, path: at.join('.'), message: `contains ${what}` });
      }
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: item });
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value).reverse()) {
        if (bad(k)) problems.push({ file, line: record.line, path: pathOf(item).join('.'), message: 'a field name contains a NUL character or an unpaired surrogate' });
        stack.push({ value: v, key: k, parent: item });
      }
    }
  }
  return problems;
}

/** Parses text in a format; exported for tests and for API bodies. */
export function parseText(text: string, format: Format, file?: string): { records: RawRecord[]; problems: Problem[] } {
  try {
    switch (format) {
      case 'yaml':
        return parseYaml(text, file);
      case 'json': {
        const data: unknown = JSON.parse(text);
        return { records: (Array.isArray(data) ? data : [data]).map((value) => ({ value })), problems: [] };
      }
      case 'jsonl':
        return parseJsonl(text, file);
      case 'csv':
        return parseCsvText(text, file);
    }
  } catch (err) {
    return { records: [], problems: [{ file, path: '', message: `cannot parse ${format}: ${(err as Error).message}` }] };
  }
}

function parseYaml(text: string, file?: string): { records: RawRecord[]; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const problems: Problem[] = [];
  const records: RawRecord[] = [];
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  for (const doc of list) {
    for (const e of doc.errors) {
      problems.push({ file, line: lineAt(e.pos[0]), path: '', message: `YAML: ${e.message.split('\n')[0]}` });
    }
  }
  if (problems.length) return { records, problems };
  for (const doc of list as Document.Parsed[]) {
    if (doc.contents === null) continue;
    const items: { node: Node; at: (string | number)[] }[] = isSeq(doc.contents)
      ? doc.contents.items.map((node, i) => ({ node: node as Node, at: [i] }))
      : [{ node: doc.contents as Node, at: [] }];
    const all = doc.toJS({ maxAliasCount: 100 }) as unknown;
    for (const { node, at } of items) {
      const value = at.length ? (all as unknown[])[at[0] as number] : all;
      records.push({
        value,
        line: lineAt(node.range?.[0]),
        lineOf: (p) => {
          const target = doc.getIn([...at, ...p] as unknown[], true) as Node | undefined;
          const found = target && (isMap(target) || isSeq(target) || 'range' in target) ? target : undefined;
          return lineAt(found?.range?.[0]);
        },
      });
    }
  }
  return { records, problems };
}

function parseJsonl(text: string, file?: string): { records: RawRecord[]; problems: Problem[] } {
  const records: RawRecord[] = [];
  const problems: Problem[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    try {
      records.push({ value: JSON.parse(line), line: i + 1 });
    } catch (err) {
      problems.push({ file, line: i + 1, path: '', message: `not valid JSON: ${(err as Error).message}` });
    }
  });
  return { records, problems };
}

function parseCsvText(text: string, file?: string): { records: RawRecord[]; problems: Problem[] } {
  const rows = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true, info: true }) as {
    record: Record<string, string>;
    info: { lines: number };
  }[];
  const records: RawRecord[] = [];
  const problems: Problem[] = [];
  for (const { record, info } of rows) {
    const converted = csvRowToRecord(record);
    if (converted.ok) records.push({ value: converted.value, line: info.lines });
    else problems.push(...converted.problems.map((p) => ({ ...p, file, line: info.lines })));
  }
  return { records, problems };
}
