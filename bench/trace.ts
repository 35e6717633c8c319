/**
 * Where a search shape's time goes, request by request, without HTTP: the shapes' URLs run
 * through `searchDeployments` against a loaded bench database, one request at a time (or
 * --clients N at a time), each statement timed through Kysely's log. Prints per shape the
 * request latency (p50, p90, p99, max) and the slowest requests with their statements, and
 * checks that every request gives the same result as the committed reference when asked
 * (--save-results FILE writes them, --compare FILE compares). Where a result says a count is
 * estimated (the total, or a facet's counts) and the reference's is exact, that count is not
 * compared but its error is reported: the page of results always is.
 *
 *   node --import tsx bench/trace.ts --size 100k [--shapes broad,text-filters,rare,filters]
 *        [--requests 200] [--clients 1] [--slowest 3] [--save-results FILE] [--compare FILE]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { buildSearchQuerySchema } from '../src/domain/search-query.ts';
import type { Database } from '../src/db/schema.ts';
import { searchDeployments, type SearchResult } from '../src/repositories/search.repository.ts';
import type { Terms } from './generate.ts';
import { loadCatalog } from './generate.ts';
import { DEFAULT_PG_URL, targetFor } from './load.ts';
import { BENCH_OUT, parseArgs, parseSize, sizeLabel } from './options.ts';
import { buildShapes } from './shapes.ts';

interface Statement {
  ms: number;
  sql: string;
}

const args = parseArgs(process.argv.slice(2));
const size = parseSize(args.get('size') ?? '100k');
const target = targetFor('postgres', size, args.get('pg-url') ?? DEFAULT_PG_URL);
const n = Number(args.get('requests') ?? 200);
const clients = Number(args.get('clients') ?? 1);
const slowest = Number(args.get('slowest') ?? 3);
const wanted = (args.get('shapes') ?? 'broad,text-filters,rare,filters').split(',');

const terms = JSON.parse(await readFile(path.join(BENCH_OUT, `data-${sizeLabel(size)}`, 'terms.json'), 'utf8')) as Terms;
const catalog = await loadCatalog();
const schema = buildSearchQuerySchema(catalog.vocabs);

// Each request gets a Kysely instance of its own over the shared pool (the app's pool size), so
// its statements are logged to it alone.
const pool = new pg.Pool({ connectionString: target.url, max: 10 });
const dbFor = (log: Statement[]) =>
  new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') log.push({ ms: e.queryDurationMillis, sql: oneLine(e.query) });
    },
  });

function oneLine(q: CompiledQuery): string {
  return q.sql.replace(/\s+/g, ' ').slice(0, 160) + (q.parameters.length ? `  [${q.parameters.map((p) => JSON.stringify(p)).join(', ').slice(0, 120)}]` : '');
}

function parse(url: string) {
  const u = new URL(url, 'http://localhost');
  const raw: Record<string, string | string[]> = {};
  for (const k of new Set(u.searchParams.keys())) {
    const all = u.searchParams.getAll(k);
    raw[k] = all.length === 1 ? all[0]! : all;
  }
  return schema.parse(raw);
}

/** JSON with object keys sorted: the order of a result's facets is not part of the result. */
const canonical = (v: unknown): string =>
  JSON.stringify(JSON.parse(JSON.stringify(v)), (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));
/** The parts of a result that `r` gives exactly (estimated ones left out), and none of the estimate flags. */
function comparable(x: SearchResult, r: SearchResult) {
  const estimated = new Set<string>(r.estimatedFacets ?? []);
  return {
    items: x.items,
    total: r.totalEstimated ? undefined : x.total,
    fuzzy: x.fuzzy,
    facets: Object.fromEntries(Object.entries(x.facets).filter(([f]) => !estimated.has(f))),
  };
}

/** Errors of estimates against exact reference counts: the total, and facet values of 100 or more. */
const errors = { totals: [] as number[], values: [] as number[] };
function estimateErrors(ref: SearchResult, r: SearchResult) {
  if (r.totalEstimated && !ref.totalEstimated) errors.totals.push(Math.abs(r.total - ref.total) / ref.total);
  for (const f of r.estimatedFacets ?? []) {
    if (ref.estimatedFacets?.includes(f) || (ref.facetsEstimated && !ref.estimatedFacets)) continue;
    const got = new Map(r.facets[f].map((v) => [v.value, v.count]));
    for (const v of ref.facets[f]) if (v.count >= 100) errors.values.push(Math.abs((got.get(v.value) ?? 0) - v.count) / v.count);
  }
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const saved: Record<string, SearchResult> = {};
const reference = args.has('compare') ? (JSON.parse(await readFile(args.get('compare')!, 'utf8')) as Record<string, SearchResult>) : undefined;
let mismatches = 0;

for (const shape of buildShapes(terms).filter((s) => s.search && wanted.includes(s.key))) {
  // The same URLs every run: the probe's end of the list, which load tests never use.
  const urls = shape.paths.slice(-n);
  const runs: { url: string; ms: number; total: number; statements: Statement[] }[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < urls.length; i = next++) {
      const url = urls[i]!;
      const statements: Statement[] = [];
      const db = dbFor(statements);
      const t0 = performance.now();
      const r = await searchDeployments(db, parse(url), 'english');
      runs.push({ url, ms: performance.now() - t0, total: r.total, statements });
      if (args.has('save-results')) saved[url] = r;
      const ref = reference?.[url];
      if (ref && canonical(comparable(ref, r)) !== canonical(comparable(r, r))) {
        mismatches++;
        if (mismatches <= 5) console.log(`  MISMATCH ${url}`);
      }
      if (ref) estimateErrors(ref, r);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, worker));
  const wall = (performance.now() - t0) / 1000;
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
  const totals = runs.map((r) => r.total).sort((a, b) => a - b);
  console.log(
    `${shape.name}: ${runs.length} requests, ${clients} at a time, ${(runs.length / wall).toFixed(1)} req/s; p50 ${pct(ms, 50).toFixed(0)} ms, p90 ${pct(ms, 90).toFixed(0)} ms, p99 ${pct(ms, 99).toFixed(0)} ms, max ${ms[ms.length - 1]!.toFixed(0)} ms; matches median ${pct(totals, 50)}`,
  );
  for (const r of runs.sort((a, b) => b.ms - a.ms).slice(0, slowest)) {
    console.log(`  ${r.ms.toFixed(0)} ms  ${r.url}  (${r.total} matches)`);
    for (const s of r.statements) console.log(`     ${s.ms.toFixed(1).padStart(7)} ms  ${s.sql}`);
  }
}
if (args.has('save-results')) await writeFile(args.get('save-results')!, JSON.stringify(saved));
if (reference) console.log(mismatches ? `${mismatches} results differ from ${args.get('compare')}` : `every result equals ${args.get('compare')} (estimated counts left out)`);
for (const [what, list] of Object.entries(errors)) {
  if (!list.length) continue;
  const sorted = list.sort((a, b) => a - b);
  console.log(`estimate error, ${what === 'totals' ? 'totals' : 'facet values of 100 or more'} (${list.length}): median ${(100 * pct(sorted, 50)).toFixed(1)} %, p90 ${(100 * pct(sorted, 90)).toFixed(1)} %, max ${(100 * sorted[sorted.length - 1]!).toFixed(1)} %`);
}
await pool.end();
