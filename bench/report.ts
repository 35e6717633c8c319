/**
 * Prints the results of earlier runs (bench/out/results-*.json) as Markdown tables, with each
 * figure set against its target, for docs/performance.md.
 *
 *   node --import tsx bench/report.ts [--dir bench/out]
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BENCH_OUT, parseArgs, sizeLabel } from './options.ts';

interface Measure {
  scenario: string;
  server: 'app' | 'baseline' | 'static';
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  rssPeak: number;
  wrapped: boolean;
}

interface Results {
  activity?: { before: { loadavg: number[]; otherQueries: number }; othersBusy?: { samples: number; busy: number } };
  size: number;
  db: 'postgres' | 'pglite';
  machine: Record<string, string | number>;
  load?: { records: number; seconds: number; recordsPerSecond: number; reused: boolean; databaseBytes?: number; parallel?: number };
  checkOnly?: { recordsPerSecond: number };
  probes: { shape: string; totals: number[]; meanMs: number }[];
  measures: Measure[];
  pageWeight?: { url: string; encoding: string; wireBytes: number; bytes: number }[];
  appRssPeak: number;
}

const NAMES: Record<string, string> = {
  broad: 'broad text',
  'text-filters': 'text + country + category',
  rare: 'rare text',
  filters: 'filters only',
  detail: 'detail page',
  'repeat-detail': 'one deployment page, repeated',
  'repeat-filter': 'one filter page, repeated',
};
const SEARCH = ['broad', 'text-filters', 'rare', 'filters'];

const ms = (v: number, requests: number) => (requests === 0 ? 'none done' : v === 0 ? '< 1 ms' : `${v.toLocaleString('en-GB')} ms`);
const rps = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const mark = (ok: boolean) => (ok ? '✅' : '❌');

/** The single-client p99 target for search shapes, if the issue sets one for this run. */
function searchTarget(r: Results): number | undefined {
  if (r.db === 'pglite' && r.size <= 10_000) return 100;
  if (r.db === 'postgres' && r.size === 100_000) return 100;
  if (r.db === 'postgres' && r.size === 1_000_000) return 300;
  return undefined;
}

function table(r: Results): string {
  const get = (server: string, scenario: string, c: number) => r.measures.find((m) => m.server === server && m.scenario === scenario && m.connections === c);
  const conns = [...new Set(r.measures.filter((m) => m.server === 'app').map((m) => m.connections))].sort((a, b) => a - b);
  const target = searchTarget(r);
  const lines: string[] = [];
  const head = ['shape', ...conns.flatMap((c) => [`c=${c} req/s`, `c=${c} p50`, `c=${c} p99`])];
  const hasBase = r.measures.some((m) => m.server === 'baseline');
  const hasStatic = r.measures.some((m) => m.server === 'static');
  if (hasBase || hasStatic) head.push(`reference c=${conns[conns.length - 1]} req/s`, 'app ÷ reference');
  head.push('target');
  lines.push(`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i ? '---:' : '---')).join(' | ')} |`);
  for (const s of Object.keys(NAMES)) {
    if (!get('app', s, conns[0]!)) continue;
    const cells = [NAMES[s]!];
    for (const c of conns) {
      const m = get('app', s, c)!;
      const bad = m.errors + m.non2xx;
      const few = m.requests < 100 ? ` (${m.requests} req)` : '';
      cells.push(`${rps(m.rps)}${few}${bad ? ` (${bad} errors)` : ''}`, ms(m.p50, m.requests), ms(m.p99, m.requests));
    }
    const top = conns[conns.length - 1]!;
    const ref = get('baseline', s, top) ?? get('static', s, top);
    const a = get('app', s, top)!;
    const ratio = ref && ref.rps > 0 ? a.rps / ref.rps : undefined;
    if (hasBase || hasStatic) cells.push(ref ? `${rps(ref.rps)} (${ref.server === 'static' ? 'bare Fastify' : 'naive SQL'})` : '–', ratio === undefined ? '–' : `${ratio.toFixed(2)}×`);
    const c1 = get('app', s, 1);
    const checks: string[] = [];
    if (SEARCH.includes(s) && target !== undefined && c1) checks.push(`p99 ≤ ${target} ms ${mark(c1.requests > 0 && c1.p99 <= target)}`);
    if (SEARCH.includes(s) && r.db === 'postgres' && r.size === 100_000 && ratio !== undefined && top === 32) {
      const need = s === 'broad' ? 2 : 0.8;
      checks.push(`≥ ${need}× naive ${mark(ratio >= need)}`);
    }
    if (s === 'detail' && c1) checks.push(`p99 ≤ 10 ms ${mark(c1.requests > 0 && c1.p99 <= 10)}`);
    if (s.startsWith('repeat') && ratio !== undefined) checks.push(`≥ 0.8× bare ${mark(ratio >= 0.8)}`);
    cells.push(checks.join('; ') || '–');
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function facts(r: Results): string {
  const out: string[] = [];
  if (r.load && !r.load.reused) {
    const ok = r.db !== 'postgres' || r.load.recordsPerSecond >= 20_000;
    const par = (r.load.parallel ?? 1) > 1 ? `, ${r.load.parallel} files at a time` : '';
    out.push(`- Import (importFiles${par}): ${r.load.records.toLocaleString('en-GB')} records in ${r.load.seconds.toFixed(1)} s = **${r.load.recordsPerSecond.toFixed(0)} records/s**${r.db === 'postgres' ? ` (target ≥ 20,000 ${mark(ok)})` : ''}${r.load.databaseBytes ? `; database ${(r.load.databaseBytes / 1e6).toFixed(0)} MB` : ''}`);
  }
  if (r.checkOnly) out.push(`- Reading and checking alone (every records file, through the import's check workers): ${r.checkOnly.recordsPerSecond.toFixed(0)} records/s`);
  const rssTarget = r.size >= 1_000_000 ? ` (target ≤ 400 MB at 1M ${mark(r.appRssPeak <= 400 * 1024 * 1024)})` : '';
  out.push(`- App server RSS, peak over all load tests: ${(r.appRssPeak / 1024 / 1024).toFixed(0)} MB${rssTarget}`);
  if (r.pageWeight) {
    const total = r.pageWeight.reduce((n, w) => n + w.wireBytes, 0);
    out.push(
      `- A 20-result search page with its CSS and JS, as served: **${(total / 1024).toFixed(1)} KB** (${r.pageWeight.map((w) => `${w.url.split('?')[0]} ${(w.wireBytes / 1024).toFixed(1)} KB ${w.encoding}`).join(', ')}) (target ≤ 60 KB ${mark(total <= 60 * 1024)})`,
    );
  }
  const sel = r.probes
    .filter((p) => p.totals.length)
    .map((p) => {
      const t = [...p.totals].sort((a, b) => a - b);
      return `${NAMES[p.shape]} median ${t[t.length >> 1]!.toLocaleString('en-GB')} (${t[0]!.toLocaleString('en-GB')}–${t[t.length - 1]!.toLocaleString('en-GB')})`;
    });
  if (sel.length) out.push(`- Results per query in the probe sample: ${sel.join('; ')}`);
  if (r.activity) {
    const o = r.activity.othersBusy;
    out.push(`- Machine before the run: load average ${r.activity.before.loadavg.join(' / ')} (1/5/15 min)${o ? `; other databases had statements running in ${o.busy} of ${o.samples} samples taken during the load tests` : ''}`);
  }
  out.push(`- Code measured: commit ${r.machine.commit ?? '?'}${r.machine.srcChangesNotCommitted ? ` with ${r.machine.srcChangesNotCommitted} uncommitted files in src/` : ''}`);
  const wrapped = r.measures.filter((m) => m.wrapped).map((m) => `${m.server} ${NAMES[m.scenario]} c=${m.connections}`);
  if (wrapped.length) out.push(`- Lists used up and started again (URLs repeated) in: ${wrapped.join(', ')}`);
  return out.join('\n');
}

async function main(): Promise<void> {
  const dir = parseArgs(process.argv.slice(2)).get('dir') ?? BENCH_OUT;
  if (!existsSync(dir)) throw new Error('no results yet: run npm run bench first');
  const files = (await readdir(dir)).filter((f) => /^results-.*\.json$/.test(f));
  const runs = await Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8')) as Results));
  runs.sort((a, b) => (a.db === b.db ? a.size - b.size : a.db === 'postgres' ? -1 : 1));
  for (const r of runs) {
    console.log(`### ${r.db === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${sizeLabel(r.size)} records\n`);
    console.log(`${table(r)}\n\n${facts(r)}\n`);
  }
}

await main();
