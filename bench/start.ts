/**
 * How long `npm start` takes, on the embedded database, to answer its first 200.
 *
 *   node --import tsx bench/start.ts [--runs 3] [--port 3917] [--command "npm start"]
 *
 * Each run starts the command three ways, one after the other, each in a process group of its
 * own (stopped with SIGTERM once both URLs have answered):
 *
 * - cold: an empty BORDERLENS_DATA directory (the first start of a fresh clone: a cluster from
 *   the template, migrations, the starter compendium imported and assessed) and an empty TMPDIR,
 *   so that nothing cached by a loader in the temporary directory from an earlier start helps;
 * - fresh data: an empty BORDERLENS_DATA directory, the usual TMPDIR;
 * - warm: the directory the previous start filled (a restart).
 *
 * It polls http://127.0.0.1:PORT/healthz and / every 10 ms and reports, from the moment the
 * command was spawned, when each first answered 200, and the CPU time the command's processes had
 * used by then. The load average is printed with every run: other work on the machine changes the
 * times a lot (the CPU time much less).
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { BENCH_OUT, ROOT, parseArgs } from './options.ts';

const args = parseArgs(process.argv.slice(2));
const runs = Number(args.get('runs') ?? 3);
const port = Number(args.get('port') ?? 3917);
const command = args.get('command') ?? 'npm start';

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => {
      req.destroy();
      resolve(0);
    });
  });
}

interface Timing {
  healthz: number;
  page: number;
  /** CPU time (user + system) of the processes of the command's group when / answered, in ms. */
  cpu: number;
}

/**
 * CPU time of every live process in a process group (npm, the shells, the server with all its
 * threads), from /proc (Linux only; NaN elsewhere). Wall-clock time on a shared machine depends
 * on the other work; CPU time much less.
 */
function groupCpuMs(pgid: number): number {
  try {
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      } catch {
        // gone meanwhile
      }
    }
    return ticks * 10; // ticks of 1/100 s
  } catch {
    return NaN;
  }
}

async function once(dataDir: string, tmpDir: string | undefined): Promise<Timing> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, BORDERLENS_DATA: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (tmpDir) env.TMPDIR = tmpDir;
  const child = spawn(command, { cwd: ROOT, env, shell: true, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  const timing: Partial<Timing> = {};
  const deadline = started + 60_000;
  try {
    while (timing.healthz === undefined || timing.page === undefined) {
      if (exited) throw new Error(`${command} exited before answering:\n${stderr}`);
      if (performance.now() > deadline) throw new Error(`no answer within 60 s:\n${stderr}`);
      const [h, p] = await Promise.all([
        timing.healthz === undefined ? status(`http://127.0.0.1:${port}/healthz`) : Promise.resolve(0),
        timing.page === undefined ? status(`http://127.0.0.1:${port}/`) : Promise.resolve(0),
      ]);
      const now = performance.now() - started;
      if (h === 200) timing.healthz = now;
      if (p === 200) {
        timing.page = now;
        timing.cpu = groupCpuMs(child.pid!);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    if (!exited) {
      const gone = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await gone;
    }
    // The shell exits first; wait until the server itself has let go of the port.
    while ((await status(`http://127.0.0.1:${port}/healthz`)) !== 0) await new Promise((r) => setTimeout(r, 20));
  }
  return timing as Timing;
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const ms = (n: number) => `${Math.round(n)} ms`.padStart(8);

const base = path.join(BENCH_OUT, 'start');
await mkdir(base, { recursive: true });
console.log(`${command}, ${runs} run(s), port ${port}`);
console.log(`${'run'.padEnd(4)} ${'kind'.padEnd(11)} ${'/healthz'.padStart(8)} ${'/'.padStart(8)} ${'CPU'.padStart(8)}   load average`);
const results: Record<string, number[]> = { cold: [], 'fresh data': [], warm: [] };
const cpus: Record<string, number[]> = { cold: [], 'fresh data': [], warm: [] };
for (let i = 1; i <= runs; i++) {
  const dir = await mkdtemp(path.join(base, 'data-'));
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'borderlens-start-'));
  try {
    for (const [kind, data, tmpDir] of [
      ['cold', dir, tmp],
      ['warm', dir, undefined],
    ] as const) {
      const before = load();
      const t = await once(data, tmpDir);
      results[kind]!.push(t.page);
      cpus[kind]!.push(t.cpu);
      console.log(`${String(i).padEnd(4)} ${kind.padEnd(11)} ${ms(t.healthz)} ${ms(t.page)} ${ms(t.cpu)}   ${before}`);
    }
    const fresh = await mkdtemp(path.join(base, 'data-'));
    const before = load();
    const t = await once(fresh, undefined);
    results['fresh data']!.push(t.page);
    cpus['fresh data']!.push(t.cpu);
    console.log(`${String(i).padEnd(4)} ${'fresh data'.padEnd(11)} ${ms(t.healthz)} ${ms(t.page)} ${ms(t.cpu)}   ${before}`);
    await rm(fresh, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  } finally {
    // The server may still be closing its database when the port is free.
    await rm(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    await rm(tmp, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
console.log(`median time to the first 200 of /: ${Object.entries(results).map(([k, v]) => `${k} ${Math.round(median(v))} ms`).join(', ')}`);
console.log(`median CPU time by then: ${Object.entries(cpus).map(([k, v]) => `${k} ${Math.round(median(v))} ms`).join(', ')}; load average now ${load()}`);
