/**
 * `npm run bench`: generate a data set, load it through the real import, start the real app on
 * it and drive it with autocannon, then do the same against a naive baseline and a bare Fastify
 * route. Results go to bench/out/results-<db>-<size>.json and a summary to the terminal.
 *
 *   npm run bench -- [--size 10k|100k|1m] [--db postgres|pglite] [--connections 1,32]
 *                    [--duration 10] [--pg-url postgres://postgres@127.0.0.1:5432/postgres]
 *                    [--reload | --migrate] [--keep] [--no-search] [--no-baseline] [--no-repeated]
 *                    [--no-explain] [--accept-encoding gzip] [--out-suffix NAME]
 *                    [--import-parallel N]   (write N files at a time; by default as the import command: 2 on PostgreSQL)
 *   npm run bench -- --clean      drop the databases this harness made (borderlens_bench_<size>)
 *                                 and the embedded bench directories
 *
 * Everything runs on 127.0.0.1; every load test is bounded by --duration seconds. The server
 * runs in a child process (bench/server.ts) so the load generator does not share its event loop.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import pg from 'pg';
import { explainRequests, explainText, type ExplainedRequest } from './explain.ts';
import type { Terms } from './generate.ts';
import { benchDatabases, checkRate, DEFAULT_PG_URL, dropTarget, loadTarget, targetFor, type DbKind, type LoadResult, type Target } from './load.ts';
import { BENCH_OUT, parseArgs, parseSize, ROOT, sizeLabel } from './options.ts';
import type { FromServer, ServerKind, ToServer } from './server.ts';
import { buildShapes, repeatedPaths, representative, type Shape } from './shapes.ts';

const MB = 1024 * 1024;

interface Measure {
  scenario: string;
  server: ServerKind;
  connections: number;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Peak resident set size of the server process during the run, in bytes. */
  rssPeak: number;
  /** Distinct URLs in the run's list, and whether the run came back to URLs already requested. */
  distinct: number;
  wrapped: boolean;
}

/** URLs kept for the probe (checks and warm-up) and never used by load tests. */
const PROBE = 20;

/** Where each server's walk through each list stands. */
const cursors = new Map<string, number>();

interface Probe {
  shape: string;
  requests: number;
  failures: number;
  /** Results (total) per request, for search shapes. */
  totals: number[];
  meanMs: number;
}

interface PageWeight {
  url: string;
  encoding: string;
  wireBytes: number;
  bytes: number;
}

interface Activity {
  /** 1, 5 and 15 minute load averages of the machine. */
  loadavg: number[];
  /** Statements running in other databases of the server (other users of the machine). */
  otherQueries: number;
}

/**
 * Watches the PostgreSQL server every 2 s during the load tests for statements in databases
 * other than the bench database: another user of the machine makes every figure lower.
 */
function watchOthers(target: Target, adminUrl: string) {
  let samples = 0;
  let busy = 0;
  let stopped = false;
  const c = new pg.Client({ connectionString: adminUrl });
  const done = (async () => {
    if (target.kind !== 'postgres') return;
    await c.connect();
    while (!stopped) {
      const r = await c.query<{ n: string }>(`select count(*) as n from pg_stat_activity where state = 'active' and pid <> pg_backend_pid() and datname is distinct from $1`, [target.name]);
      samples++;
      if (Number(r.rows[0]!.n) > 0) busy++;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    await c.end();
  })();
  return {
    stop: async () => {
      stopped = true;
      await done.catch(() => {});
      return { samples, busy };
    },
  };
}

interface Results {
  when: string;
  /** How busy the machine was: before loading, and other databases' statements during the load tests. */
  activity: { before: Activity; othersBusy?: { samples: number; busy: number } };
  size: number;
  db: DbKind;
  machine: Record<string, string | number>;
  load?: LoadResult;
  checkOnly?: { records: number; seconds: number; recordsPerSecond: number };
  probes: Probe[];
  measures: Measure[];
  baselineMismatches?: { url: string; app: number; baseline: number }[];
  pageWeight?: PageWeight[];
  appRssPeak: number;
  explain?: { shape: string; url: string; statements: { executionMs: number; seqScan: boolean; rows: number; sql: string }[] }[];
}

// ---------------------------------------------------------------------------------------------
// Server child processes
// ---------------------------------------------------------------------------------------------

interface Server {
  kind: ServerKind;
  args: string[];
  port: number;
  rss: () => Promise<{ peak: number; current: number }>;
  /** Graceful stop (waits for requests in flight, then SIGKILL after 15 s). */
  stop: () => Promise<void>;
  /** Immediate stop, dropping whatever the server still has queued. */
  kill: () => Promise<void>;
}

async function startServer(kind: ServerKind, extra: string[]): Promise<Server> {
  const child: ChildProcess = fork(path.join(ROOT, 'bench', 'server.ts'), ['--kind', kind, ...extra], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waitFor = <T extends FromServer['type']>(type: T, ms: number) =>
    new Promise<Extract<FromServer, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${kind} server: no ${type} after ${ms} ms`)), ms);
      const onMessage = (m: FromServer) => {
        if (m.type !== type) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as Extract<FromServer, { type: T }>);
      };
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`${kind} server exited (${code}) before ${type}`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await waitFor('ready', 180_000);
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return {
    kind,
    args: extra,
    port: ready.port,
    rss: async () => {
      const p = waitFor('rss', 10_000);
      child.send({ type: 'rss' } satisfies ToServer);
      const r = await p;
      return { peak: r.peak, current: r.current };
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' } satisfies ToServer);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function healthy(port: number, ms: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(ms) });
    await res.text();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Cancels statements still running in the bench database (left by a killed server). */
async function cancelQueries(target: Target, adminUrl: string): Promise<void> {
  if (target.kind !== 'postgres') return;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    for (let i = 0; i < 100; i++) {
      const r = await c.query(`select pg_cancel_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and state = 'active'`, [target.name]);
      if (!r.rowCount) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await c.end();
  }
}

/**
 * A load test that ends leaves the requests still queued in the server (and their statements in
 * PostgreSQL) running. The next test must not pay for them: if the server does not answer its
 * health check within 3 s, it is killed, its statements cancelled and a fresh one started.
 */
async function settle(server: Server, target: Target, adminUrl: string): Promise<Server> {
  if (await healthy(server.port, 3000)) return server;
  console.log(`  (${server.kind} server still busy with abandoned requests: restarting it)`);
  await server.kill();
  await cancelQueries(target, adminUrl);
  return startServer(server.kind, server.args);
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

async function measure(server: Server, scenario: string, paths: string[], connections: number, duration: number, headers: Record<string, string>): Promise<Measure> {
  const key = `${server.kind}:${scenario}`;
  const start = cursors.get(key) ?? 0;
  let i = start;
  await server.rss(); // resets the peak
  const r = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections,
    duration,
    timeout: 30,
    headers,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  const { peak } = await server.rss();
  cursors.set(key, i);
  const m: Measure = {
    scenario,
    server: server.kind,
    connections,
    requests: r.requests.total,
    seconds: r.duration,
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    mean: r.latency.mean,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    rssPeak: peak,
    distinct: paths.length,
    wrapped: paths.length > 1 && i > paths.length,
  };
  console.log(
    `  ${server.kind.padEnd(8)} ${scenario.padEnd(32)} c=${String(connections).padEnd(3)} ${m.rps.toFixed(1).padStart(8)} req/s  p50 ${fmtMs(m.p50)}  p99 ${fmtMs(m.p99)}  max ${fmtMs(m.max)}` +
      `${m.errors || m.non2xx ? `  errors ${m.errors} non2xx ${m.non2xx} timeouts ${m.timeouts}` : ''}  rss ${(peak / MB).toFixed(0)} MB${m.wrapped ? '  (list wrapped: some URLs repeated)' : ''}`,
  );
  return m;
}

function fmtMs(ms: number): string {
  return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`.padStart(9);
}

/** A few requests of a shape, one at a time (at most n, or as many as fit in 15 s): checks and warms up. */
async function probe(port: number, shape: Shape, n = PROBE): Promise<{ probe: Probe; totals: Map<string, number> }> {
  const totals = new Map<string, number>();
  /** The totals given exactly: an estimated one (a very large result) is not compared with the baseline's count. */
  const exact = new Map<string, number>();
  let failures = 0;
  const started = performance.now();
  const paths: string[] = [];
  for (const p of shape.paths.slice(-n)) {
    if (performance.now() - started > 15_000) break;
    paths.push(p);
    const res = await fetch(`http://127.0.0.1:${port}${p}`);
    const text = await res.text();
    if (res.status !== 200) {
      failures++;
      if (failures === 1) console.warn(`  ${shape.name}: ${p} answered ${res.status}: ${text.slice(0, 200)}`);
      continue;
    }
    const body = shape.search ? (JSON.parse(text) as { total: number; total_estimated?: boolean }) : undefined;
    if (body) totals.set(p, body.total);
    if (body && !body.total_estimated) exact.set(p, body.total);
  }
  return {
    probe: { shape: shape.key, requests: paths.length, failures, totals: [...totals.values()], meanMs: (performance.now() - started) / paths.length },
    totals: exact,
  };
}

/** Bytes on the wire (and decoded) for a URL fetched as a browser would, with compression. */
function fetchWire(port: number, urlPath: string): Promise<PageWeight> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, headers: { 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const wire = Buffer.concat(chunks);
          const encoding = String(res.headers['content-encoding'] ?? 'identity');
          const body = encoding === 'br' ? zlib.brotliDecompressSync(wire) : encoding === 'gzip' ? zlib.gunzipSync(wire) : encoding === 'deflate' ? zlib.inflateSync(wire) : wire;
          if (res.statusCode !== 200) reject(new Error(`${urlPath}: ${res.statusCode}`));
          else resolve({ url: urlPath, encoding, wireBytes: wire.length, bytes: body.length });
        });
      })
      .on('error', reject);
  });
}

async function bodyOf(port: number, urlPath: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}${urlPath}`, { headers: { 'accept-encoding': 'identity' } });
  if (res.status !== 200) throw new Error(`${urlPath}: ${res.status}`);
  return res.text();
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

async function machine(target: Target, adminUrl: string): Promise<Record<string, string | number>> {
  const info: Record<string, string | number> = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
  try {
    info.commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim();
    info.srcChangesNotCommitted = dirty ? dirty.split('\n').length : 0;
  } catch {
    // Not a git checkout: leave the commit out.
  }
  if (target.kind === 'postgres') {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      info.postgres = (await c.query<{ v: string }>('select version() as v')).rows[0]!.v;
      for (const s of ['shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather', 'jit']) {
        info[s] = (await c.query<Record<string, string>>(`show ${s}`)).rows[0]![s]!;
      }
    } finally {
      await c.end();
    }
  } else {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string };
    info.pglite = pkg.version;
  }
  return info;
}

async function activity(target: Target, adminUrl: string): Promise<Activity> {
  let otherQueries = 0;
  if (target.kind === 'postgres') {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      const r = await c.query<{ n: string }>(`select count(*) as n from pg_stat_activity where state = 'active' and pid <> pg_backend_pid() and datname is distinct from $1`, [target.name]);
      otherQueries = Number(r.rows[0]!.n);
    } finally {
      await c.end();
    }
  }
  return { loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100), otherQueries };
}

async function clean(adminUrl: string): Promise<void> {
  for (const name of await benchDatabases(adminUrl)) {
    await new Promise<void>((resolve, reject) => {
      const c = new pg.Client({ connectionString: adminUrl });
      c.connect()
        .then(() => c.query(`drop database if exists ${name} with (force)`))
        .then(() => c.end())
        .then(() => resolve(), reject);
    });
    await rm(path.join(BENCH_OUT, `${name}.loaded.json`), { force: true });
    console.log(`dropped database ${name}`);
  }
  if (existsSync(BENCH_OUT)) {
    for (const d of await readdir(BENCH_OUT)) {
      if (d.startsWith('pglite-')) {
        await rm(path.join(BENCH_OUT, d), { recursive: true, force: true });
        await rm(path.join(BENCH_OUT, `${d}.loaded.json`), { force: true });
        console.log(`removed ${path.relative(ROOT, path.join(BENCH_OUT, d))}`);
      }
    }
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const adminUrl = args.get('pg-url') ?? DEFAULT_PG_URL;
  if (args.has('clean')) return clean(adminUrl);
  const size = parseSize(args.get('size') ?? '10k');
  const kind = (args.get('db') ?? 'postgres') as DbKind;
  if (kind !== 'postgres' && kind !== 'pglite') throw new Error('--db is postgres or pglite');
  const connections = (args.get('connections') ?? (kind === 'pglite' ? '1' : '1,32')).split(',').map(Number);
  const duration = Number(args.get('duration') ?? 10);
  const headers: Record<string, string> = args.has('accept-encoding') ? { 'accept-encoding': args.get('accept-encoding')! } : {};
  const target = targetFor(kind, size, adminUrl);
  const label = `${kind}-${sizeLabel(size)}${args.has('out-suffix') ? `-${args.get('out-suffix')}` : ''}`;
  await mkdir(BENCH_OUT, { recursive: true });
  console.log(`Borderlens benchmark: ${sizeLabel(size)} records on ${kind}, connections ${connections.join(', ')}, ${duration} s per load test`);

  const before = await activity(target, adminUrl);
  if (before.otherQueries || before.loadavg[0]! > 0.5) {
    console.warn(`  The machine is not idle (load average ${before.loadavg.join(', ')}; ${before.otherQueries} statements running in other databases): figures will be lower and noisier.`);
  }
  const parallel = args.has('import-parallel') ? Number(args.get('import-parallel')) : undefined;
  const load = await loadTarget(target, { reload: args.has('reload'), migrate: args.has('migrate'), parallel, adminUrl, log: (m) => console.log(m) });
  const terms = JSON.parse(await readFile(path.join(BENCH_OUT, `data-${sizeLabel(size)}`, 'terms.json'), 'utf8')) as Terms;
  const results: Results = {
    when: new Date().toISOString(),
    activity: { before },
    size,
    db: kind,
    machine: await machine(target, adminUrl),
    load,
    probes: [],
    measures: [],
    appRssPeak: 0,
  };
  if (!load.reused) results.checkOnly = await checkRate(size);
  const shapes = buildShapes(terms);
  const repeated = repeatedPaths(terms);
  const file = path.join(BENCH_OUT, `results-${label}.json`);
  // Written after every load test, so an interrupted run keeps what it measured.
  const save = () => writeFile(file, JSON.stringify(results, null, 1));
  const dbArgs = kind === 'postgres' ? ['--url', target.url!] : ['--dir', target.dir!];

  const others = watchOthers(target, adminUrl);
  try {
    // The app.
    console.log('Starting the app…');
    let app = await startServer('app', dbArgs);
    const appTotals = new Map<string, number>();
    try {
      for (const shape of shapes) {
        const { probe: p, totals } = await probe(app.port, shape);
        results.probes.push(p);
        totals.forEach((v, k) => appTotals.set(k, v));
        if (shape.search) {
          const sorted = [...p.totals].sort((a, b) => a - b);
          console.log(`  probe ${shape.name}: ${p.requests} requests, ${p.failures} failed, ${p.meanMs.toFixed(0)} ms each; results per query median ${sorted[sorted.length >> 1]}, min ${sorted[0]}, max ${sorted[sorted.length - 1]}`);
        }
      }
      for (const c of args.has('no-search') ? [] : connections) {
        for (const shape of shapes) {
          results.measures.push(await measure(app, shape.key, shape.paths.slice(0, -PROBE), c, duration, headers));
          await save();
          app = await settle(app, target, adminUrl);
        }
      }
      const broadWord = terms.common.find((w) => w.share >= 0.2 && w.share <= 0.9)!.word;
      results.pageWeight = [
        await fetchWire(app.port, `/deployments?q=${encodeURIComponent(broadWord)}`),
        await fetchWire(app.port, '/static/site.css'),
        await fetchWire(app.port, '/static/htmx/htmx.min.js'),
      ];
      const total = results.pageWeight.reduce((n, w) => n + w.wireBytes, 0);
      console.log(`  search page with CSS and JS: ${(total / 1024).toFixed(1)} KB on the wire (${results.pageWeight.map((w) => `${w.url} ${w.encoding} ${(w.wireBytes / 1024).toFixed(1)} KB`).join('; ')})`);
      if (!args.has('no-repeated')) {
        for (const r of repeated) {
          const body = await bodyOf(app.port, r.path);
          await writeFile(path.join(BENCH_OUT, `${r.key}-${label}.html`), body);
          for (const c of connections) {
            results.measures.push(await measure(app, r.key, [r.path], c, duration, headers));
            app = await settle(app, target, adminUrl);
          }
        }
      }
      results.appRssPeak = Math.max(...results.measures.filter((m) => m.server === 'app').map((m) => m.rssPeak));
    } finally {
      await app.kill();
      await cancelQueries(target, adminUrl);
    }

    // The naive baseline (PostgreSQL only: it talks to the server with pg).
    if (kind === 'postgres' && !args.has('no-baseline')) {
      console.log('Starting the baseline (bare node:http + pg, naive SQL)…');
      let base = await startServer('baseline', dbArgs);
      try {
        results.baselineMismatches = [];
        for (const shape of shapes.filter((s) => s.search)) {
          const { totals } = await probe(base.port, shape);
          for (const [url, n] of totals) if (appTotals.has(url) && appTotals.get(url) !== n) results.baselineMismatches.push({ url, app: appTotals.get(url) ?? -1, baseline: n });
        }
        if (results.baselineMismatches.length) console.warn(`  baseline and app disagree on ${results.baselineMismatches.length} totals`);
        for (const c of args.has('no-search') ? [] : connections) {
          for (const shape of shapes) {
            results.measures.push(await measure(base, shape.key, shape.paths.slice(0, -PROBE), c, duration, headers));
            await save();
            base = await settle(base, target, adminUrl);
          }
        }
      } finally {
        await base.kill();
        await cancelQueries(target, adminUrl);
      }
    }

    // A bare Fastify route serving the same bytes, for repeated reads.
    if (!args.has('no-repeated')) {
      console.log('Starting the bare Fastify route (static bodies)…');
      const bodies = repeated.map((r) => `${r.path.split('?')[0]}|${path.join(BENCH_OUT, `${r.key}-${label}.html`)}|${r.type}`).join(',');
      const stat = await startServer('static', ['--bodies', bodies]);
      try {
        for (const r of repeated) for (const c of connections) results.measures.push(await measure(stat, r.key, [r.path], c, duration, headers));
      } finally {
        await stat.kill();
      }
    }

    // Plans of the statements behind one request of each shape.
    if (kind === 'postgres' && !args.has('no-explain')) {
      await save();
      try {
        const explained: ExplainedRequest[] = await explainRequests(target.url!, representative(terms));
        const plans = path.join(BENCH_OUT, `explain-${label}.txt`);
        await writeFile(plans, explainText(`EXPLAIN (ANALYZE, BUFFERS), PostgreSQL, ${sizeLabel(size)} records`, explained));
        results.explain = explained.map((e) => ({ shape: e.shape, url: e.url, statements: e.statements.map((s) => ({ executionMs: s.executionMs, seqScan: s.seqScan, rows: s.rows, sql: s.sql })) }));
        console.log(`Plans written to ${path.relative(ROOT, plans)}`);
      } catch (err) {
        console.error(`EXPLAIN failed: ${(err as Error).message}`);
      }
    }
  } finally {
    results.activity.othersBusy = await others.stop();
    if (results.activity.othersBusy.busy) console.warn(`  Other databases had statements running in ${results.activity.othersBusy.busy} of ${results.activity.othersBusy.samples} samples during the load tests.`);
    if (!args.has('keep')) {
      await dropTarget(target, adminUrl);
      console.log(`Dropped ${target.name} (--keep to keep it)`);
    }
  }

  await save();
  console.log(`\n${summary(results, shapes)}\nResults written to ${path.relative(ROOT, file)}`);
}

// ---------------------------------------------------------------------------------------------
// Summary against the targets
// ---------------------------------------------------------------------------------------------

function summary(r: Results, shapes: Shape[]): string {
  const get = (server: ServerKind, scenario: string, c: number) => r.measures.find((m) => m.server === server && m.scenario === scenario && m.connections === c);
  const lines = ['| shape | connections | app req/s | app p50 | app p99 | baseline req/s | app ÷ baseline | errors |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
  const conns = [...new Set(r.measures.map((m) => m.connections))];
  const scenarios = [...shapes.map((s) => s.key), 'repeat-detail', 'repeat-filter'];
  for (const s of scenarios) {
    for (const c of conns) {
      const a = get('app', s, c);
      if (!a) continue;
      const b = get('baseline', s, c) ?? get('static', s, c);
      lines.push(
        `| ${s} | ${c} | ${a.rps.toFixed(1)} | ${a.p50.toFixed(1)} ms | ${a.p99.toFixed(1)} ms | ${b ? `${b.rps.toFixed(1)} (${b.server})` : '–'} | ${b ? (a.rps / b.rps).toFixed(2) : '–'} | ${a.errors + a.non2xx} |`,
      );
    }
  }
  if (r.load && !r.load.reused) lines.push('', `Import: ${r.load.records} records in ${r.load.seconds.toFixed(1)} s = ${r.load.recordsPerSecond.toFixed(0)} records/s (target ≥ 20,000 on PostgreSQL)`);
  if (r.checkOnly) lines.push(`Reading and checking only: ${r.checkOnly.recordsPerSecond.toFixed(0)} records/s`);
  lines.push(`Server RSS peak (app): ${(r.appRssPeak / MB).toFixed(0)} MB`);
  if (r.pageWeight) lines.push(`Search page with CSS and JS: ${(r.pageWeight.reduce((n, w) => n + w.wireBytes, 0) / 1024).toFixed(1)} KB compressed (target ≤ 60 KB)`);
  return lines.join('\n');
}

await main();
