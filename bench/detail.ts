/**
 * The deployment page alone, at one client, on a loaded benchmark database: repeated load tests
 * over distinct pages (never the same page twice in a run, so the response cache never answers),
 * each with the load average, and the p50/p99 of every run.
 *
 *   node --import tsx bench/detail.ts --size 100k [--runs 5] [--duration 10] [--connections 1]
 *        [--pg-url URL] [--accept-encoding br] [--cpu-prof DIR]
 *
 * The database must already be loaded (`npm run bench -- --size 100k --keep`, or bench/load.ts).
 * --cpu-prof DIR starts the server with `node --cpu-prof` and leaves its profile in DIR.
 * --accept-encoding asks for a compressed answer, as a browser does (the default asks for none,
 * as `npm run bench` does).
 *
 * Latencies on a shared two-core machine move with the other work on it; the CPU time the server
 * process spent per request (from /proc, Linux only) moves much less, and is printed beside them.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Terms } from './generate.ts';
import { DEFAULT_PG_URL, existingCount, targetFor } from './load.ts';
import { BENCH_OUT, ROOT, parseArgs, parseSize, sizeLabel } from './options.ts';
import type { FromServer, ToServer } from './server.ts';
import { Rng } from './prng.ts';

const args = parseArgs(process.argv.slice(2));
const size = parseSize(args.get('size') ?? '100k');
const runs = Number(args.get('runs') ?? 5);
const duration = Number(args.get('duration') ?? 10);
const connections = Number(args.get('connections') ?? 1);
const adminUrl = args.get('pg-url') ?? DEFAULT_PG_URL;
const encoding = args.get('accept-encoding');
const profDir = args.get('cpu-prof');

const target = targetFor('postgres', size, adminUrl);
const count = await existingCount(target, adminUrl);
if (count < size) throw new Error(`${target.name} holds ${count} records; load it first (bench/load.ts --size ${sizeLabel(size)})`);
const terms = JSON.parse(await readFile(path.join(BENCH_OUT, `data-${sizeLabel(size)}`, 'terms.json'), 'utf8')) as Terms;
const paths = new Rng(7).shuffle(terms.slugs.map((s) => `/deployments/${s}`));

const child = fork(path.join(ROOT, 'bench', 'server.ts'), ['--kind', 'app', '--url', target.url!], {
  cwd: ROOT,
  execArgv: ['--import', 'tsx', ...(profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [])],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const port = await new Promise<number>((resolve, reject) => {
  child.on('message', (m: FromServer) => m.type === 'ready' && resolve(m.port));
  child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
});

let cursor = 0;
const headers: Record<string, string> = encoding ? { 'accept-encoding': encoding } : {};
// A short warm-up (JIT, connections) on pages the runs do not use.
const warm = paths.splice(0, 200);
let w = 0;
await autocannon({ url: `http://127.0.0.1:${port}`, connections: 1, amount: warm.length, headers, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: warm[w++]! }) }] });

/** CPU time (user + system) of the server process so far, in ms; NaN where /proc is missing. */
function serverCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks of 1/100 s
  } catch {
    return NaN;
  }
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`detail page, ${target.name}, ${connections} connection(s), ${runs} × ${duration} s${encoding ? `, Accept-Encoding: ${encoding}` : ''}`);
console.log('run   req/s     p50     p90     p99     max   non-2xx  CPU/req  load average before');
const p50s: number[] = [];
const p99s: number[] = [];
for (let run = 1; run <= runs; run++) {
  const before = load();
  const cpu = serverCpuMs();
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    headers,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[cursor++ % paths.length]! }) }],
  });
  const cpuPerRequest = (serverCpuMs() - cpu) / r.requests.total;
  p50s.push(r.latency.p50);
  p99s.push(r.latency.p99);
  const f = (n: number) => `${n} ms`.padStart(7);
  console.log(`${String(run).padEnd(4)} ${(r.requests.total / r.duration).toFixed(0).padStart(6)} ${f(r.latency.p50)} ${f(r.latency.p90)} ${f(r.latency.p99)} ${f(r.latency.max)} ${String(r.non2xx).padStart(9)} ${cpuPerRequest.toFixed(2).padStart(5)} ms  ${before}`);
}
if (cursor > paths.length) console.log(`(the list of ${paths.length} pages was used up: later requests may have been cached)`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
console.log(`median of runs: p50 ${median(p50s)} ms, p99 ${median(p99s)} ms; load average after: ${load()}`);

const exited = new Promise((r) => child.once('exit', r));
child.send({ type: 'stop' } satisfies ToServer);
await exited;
