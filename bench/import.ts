/**
 * The import's phases apart, with the CPU time each costs: checking (reading, parsing,
 * validating and preparing rows, in worker threads as `borderlens import` does), writing files
 * that are already checked (set-based, in a fresh database), and refreshing the stored
 * assessments of what was written. CPU time is counted for this process (all its threads) and
 * for each PostgreSQL backend while it writes, so figures from a busy machine can be read as
 * "what two idle cores would do".
 *
 *   node --import tsx bench/import.ts --size 100k [--files 4] [--workers 1] [--writers 2]
 *                                     [--chunk 2000] [--no-refresh] [--pg-url URL]
 *
 * Uses the generated data set (bench/out/data-<size>), the first --files record files of it, and
 * a database `borderlens_bench_import` that it creates and drops.
 */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { bumpDataVersion, writeDeploymentRows } from '../src/repositories/deployments.repository.ts';
import { loadRuleBook } from '../src/services/assessment.ts';
import { createCheckPool } from '../src/services/check-pool.ts';
import { importFiles, WRITE_CHUNK } from '../src/services/import-files.ts';
import { refreshAssessments } from '../src/services/refresh-assessments.ts';
import { datasetDir, loadCatalog } from './generate.ts';
import { DEFAULT_PG_URL, ensureDataset } from './load.ts';
import { ROOT, parseArgs, parseSize } from './options.ts';

const args = parseArgs(process.argv.slice(2));
const size = parseSize(args.get('size') ?? '100k');
const workers = Number(args.get('workers') ?? 1);
const writers = Number(args.get('writers') ?? 2);
const chunk = Number(args.get('chunk') ?? WRITE_CHUNK);
const adminUrl = args.get('pg-url') ?? DEFAULT_PG_URL;
const NAME = 'borderlens_bench_import';

/** CPU seconds (user + system) a process has used, from /proc (Linux, 100 clock ticks a second). */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const nodeCpu = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const rate = (n: number, s: number) => `${(n / s).toFixed(0)} records/s`;
const perRecord = (cpu: number, n: number) => `${((cpu * 1e6) / n).toFixed(0)} µs CPU a record`;

await ensureDataset(size, console.log);
const dir = datasetDir(size);
const all = (await readdir(path.join(dir, 'compendium'))).sort().map((f) => path.join(dir, 'compendium', f));
const files = all.slice(0, Number(args.get('files') ?? all.length));
const catalog = await loadCatalog();
console.log(`${files.length} files, ${workers} check worker(s), ${writers} writer(s), ${chunk} records a statement; load average ${load()}`);

// 1. Checking alone.
let cpu0 = process.cpuUsage();
let started = performance.now();
const pool = createCheckPool(catalog, workers);
const checked = await Promise.all(files.map((f) => pool.check(f)));
await pool.close();
let seconds = (performance.now() - started) / 1000;
const n = checked.reduce((a, c) => a + c.deployments.length, 0);
if (checked.some((c) => c.problems.length)) throw new Error('the data set has problems');
console.log(`check only: ${n} records in ${seconds.toFixed(1)} s = ${rate(n, seconds)}; ${perRecord(nodeCpu(cpu0), n)} (this process)`);

// 2. Writing alone, into a fresh database.
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`drop database if exists ${NAME} with (force)`);
await admin.query(`create database ${NAME}`);
const url = new URL(adminUrl);
url.pathname = `/${NAME}`;
const db = await connect({ databaseUrl: url.toString(), poolSize: writers + 1 });
try {
  await migrateToLatest(db.db);
  await importFiles(db.db, catalog, (await readdir(path.join(dir, 'actors'))).map((f) => path.join(dir, 'actors', f)), { language: 'english' });
  let pgCpu = 0;
  cpu0 = process.cpuUsage();
  started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < checked.length; i = next++) {
        await db.db.transaction().execute(async (trx) => {
          await sql`set local synchronous_commit = off`.execute(trx);
          const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid;
          const c0 = cpuOf(pid);
          const rows = checked[i]!.deployments;
          for (let k = 0; k < rows.length; k += chunk) await writeDeploymentRows(trx, rows.slice(k, k + chunk), 'english');
          await bumpDataVersion(trx);
          pgCpu += cpuOf(pid) - c0;
        });
      }
    }),
  );
  seconds = (performance.now() - started) / 1000;
  console.log(`write only: ${n} records in ${seconds.toFixed(1)} s = ${rate(n, seconds)}; PostgreSQL ${perRecord(pgCpu, n)}, this process ${perRecord(nodeCpu(cpu0), n)}; load average ${load()}`);

  // 3. Stored assessments of what was written, as `borderlens import` does next.
  if (!args.has('no-refresh')) {
    const book = await loadRuleBook(path.join(ROOT, 'rules'), catalog.vocabs);
    // Every backend of the bench database (the pool's connections stay open), CPU seconds.
    const backends = async () => {
      const pids = (await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [NAME])).rows.map((r) => r.pid);
      return new Map(pids.map((pid) => [pid, cpuOf(pid)]));
    };
    await sql`select 1`.execute(db.db);
    const before = await backends();
    cpu0 = process.cpuUsage();
    started = performance.now();
    const assessed = await refreshAssessments(db.db, book);
    seconds = (performance.now() - started) / 1000;
    const node = nodeCpu(cpu0);
    let pgSeconds = 0;
    for (const [pid, c] of await backends()) pgSeconds += c - (before.get(pid) ?? 0);
    console.log(`assessment refresh: ${assessed} records in ${seconds.toFixed(1)} s = ${rate(assessed, seconds)}; PostgreSQL ${perRecord(pgSeconds, assessed)}, this process ${perRecord(node, assessed)}; load average ${load()}`);
  }
} finally {
  await db.close();
  await admin.query(`drop database if exists ${NAME} with (force)`);
  await admin.end();
}
