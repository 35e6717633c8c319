/**
 * Loads a generated data set through the real import (importFiles, the service behind
 * `borderlens import`) into a PostgreSQL database of its own or an embedded PGlite directory,
 * and times it.
 *
 *   node --import tsx bench/load.ts --size 10k --db postgres|pglite [--reload | --migrate] [--parallel N] [--pg-url URL]
 *
 * The data set is generated first when it is missing. A database that already holds the whole
 * data set, written by the same write path (migrations, repositories, import service: their
 * source is fingerprinted), is reused unless --reload is given; one written by an older write path
 * is loaded again, or with --migrate migrated in place (its stamp then says so). --parallel N writes N files at
 * a time, each still in its own transaction; by default as the import command does (two files
 * at a time on PostgreSQL, one on PGlite).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { connect, type Db } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createCheckPool, defaultCheckWorkers } from '../src/services/check-pool.ts';
import { loadRuleBook } from '../src/services/assessment.ts';
import { importFiles } from '../src/services/import-files.ts';
import { refreshAssessments } from '../src/services/refresh-assessments.ts';
import { DEFAULT_SEED, TERMS_VERSION, datasetDir, generateDataset, loadCatalog, type Terms } from './generate.ts';
import { BENCH_OUT, ROOT, parseArgs, parseSize, sizeLabel } from './options.ts';

export type DbKind = 'postgres' | 'pglite';
export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface Target {
  kind: DbKind;
  size: number;
  /** PostgreSQL: the URL of the bench database. */
  url?: string;
  /** PGlite: the data directory. */
  dir?: string;
  name: string;
}

export function targetFor(kind: DbKind, size: number, adminUrl = DEFAULT_PG_URL): Target {
  const label = sizeLabel(size);
  if (kind === 'pglite') return { kind, size, dir: path.join(BENCH_OUT, `pglite-${label}`), name: `pglite-${label}` };
  const name = `borderlens_bench_${label}`;
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { kind, size, url: u.toString(), name };
}

export async function openTarget(t: Target, poolSize?: number): Promise<Db> {
  return t.kind === 'postgres' ? connect({ databaseUrl: t.url, poolSize }) : connect({ dataDir: t.dir });
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function dropTarget(t: Target, adminUrl = DEFAULT_PG_URL): Promise<void> {
  await rm(stampFile(t), { force: true });
  if (t.kind === 'pglite') await rm(t.dir!, { recursive: true, force: true });
  else await admin(adminUrl, (c) => c.query(`drop database if exists ${t.name} with (force)`));
}

/** Bench databases this harness made (borderlens_bench_<size>, e.g. borderlens_bench_100k), and only those. */
export async function benchDatabases(adminUrl = DEFAULT_PG_URL): Promise<string[]> {
  const rows = await admin(adminUrl, async (c) => (await c.query<{ datname: string }>(`select datname from pg_database where datname like 'borderlens_bench_%'`)).rows);
  return rows.map((r) => r.datname).filter((n) => /^borderlens_bench_\d+[km]?$/.test(n));
}

/** Records in a target, or -1 when it does not exist or has no schema yet. */
export async function existingCount(t: Target, adminUrl: string): Promise<number> {
  if (t.kind === 'pglite') {
    if (!existsSync(t.dir!)) return -1;
  } else {
    const exists = await admin(adminUrl, async (c) => (await c.query('select 1 from pg_database where datname = $1', [t.name])).rowCount);
    if (!exists) return -1;
  }
  const db = await openTarget(t, 1);
  try {
    const r = await sql<{ n: string }>`select count(*) as n from deployments`.execute(db.db);
    return Number(r.rows[0]!.n);
  } catch {
    return -1;
  } finally {
    await db.close();
  }
}

export async function ensureDataset(size: number, log: (m: string) => void): Promise<{ dir: string; terms: Terms }> {
  const dir = datasetDir(size);
  const termsFile = path.join(dir, 'terms.json');
  if (existsSync(termsFile)) {
    const terms = JSON.parse(await readFile(termsFile, 'utf8')) as Terms;
    if (terms.size === size && terms.seed === DEFAULT_SEED && terms.version === TERMS_VERSION) return { dir, terms };
  }
  log(`Generating ${sizeLabel(size)} records…`);
  const g = await generateDataset(size, { log });
  log(`  ${g.records.toLocaleString('en-GB')} records, ${g.actors} actors, ${(g.bytes / 1e6).toFixed(0)} MB in ${g.seconds.toFixed(1)} s`);
  return { dir, terms: JSON.parse(await readFile(termsFile, 'utf8')) as Terms };
}

/** What decides the contents of a loaded database besides the data: the write path's source. */
async function writePathFingerprint(): Promise<string> {
  const files = [
    ...(await readdir(path.join(ROOT, 'src', 'db', 'migrations'))).sort().map((f) => path.join('src', 'db', 'migrations', f)),
    path.join('src', 'db', 'migrate.ts'),
    path.join('src', 'repositories', 'deployments.repository.ts'),
    path.join('src', 'repositories', 'actors.repository.ts'),
    path.join('src', 'services', 'import-files.ts'),
  ];
  const h = createHash('sha256');
  for (const f of files) h.update(f).update(await readFile(path.join(ROOT, f)));
  return h.digest('hex').slice(0, 16);
}

function stampFile(t: Target): string {
  return path.join(BENCH_OUT, `${t.name}.loaded.json`);
}

async function stampMatches(t: Target): Promise<boolean> {
  if (!existsSync(stampFile(t))) return false;
  const stamp = JSON.parse(await readFile(stampFile(t), 'utf8')) as { fingerprint: string; seed: number };
  return stamp.fingerprint === (await writePathFingerprint()) && stamp.seed === DEFAULT_SEED;
}

export interface LoadResult {
  target: string;
  records: number;
  actors: number;
  /** Wall time of importFiles over every file, in seconds. */
  seconds: number;
  recordsPerSecond: number;
  /** VACUUM ANALYZE after the import, in seconds (not part of the import rate). */
  vacuumSeconds: number;
  /** Size of the database on disk after loading (PostgreSQL: pg_database_size). */
  databaseBytes?: number;
  reused: boolean;
  /** Files imported at a time. */
  parallel: number;
  /** Stored assessments brought up to date afterwards, as `borderlens import` does (not part of the import rate; none stale after an import that assessed its records). */
  assessed?: { records: number; seconds: number };
}

/**
 * Brings the stored assessments (the outcome and rule facets) up to date, as `borderlens import`
 * and `start` do: all of them after a load, only the stale ones (a changed rule set) on reuse.
 */
async function refreshStored(t: Target, log: (m: string) => void): Promise<{ records: number; seconds: number }> {
  const catalog = await loadCatalog();
  const book = await loadRuleBook(path.join(ROOT, 'rules'), catalog.vocabs);
  const db = await openTarget(t);
  try {
    const started = performance.now();
    const records = await refreshAssessments(db.db, book, (done) => {
      if (done % 50_000 === 0) log(`  assessed ${done.toLocaleString('en-GB')} records`);
    });
    // The refresh rewrites every row, and the triggers every row of the sample table: both are
    // half dead rows until vacuumed (the sample's indexes then return each match twice).
    if (records > 0) await sql`vacuum analyze deployments, deployment_sample`.execute(db.db);
    const seconds = (performance.now() - started) / 1000;
    if (records > 0) log(`  stored assessments of ${records.toLocaleString('en-GB')} records in ${seconds.toFixed(1)} s (with VACUUM ANALYZE)`);
    return { records, seconds };
  } finally {
    await db.close();
  }
}

export async function loadTarget(
  t: Target,
  options: { reload?: boolean; parallel?: number; adminUrl?: string; log?: (m: string) => void; migrate?: boolean } = {},
): Promise<LoadResult> {
  // Deployment files written at a time: as `borderlens import` does (two on a server, one on PGlite).
  const parallel = options.parallel ?? (t.kind === 'postgres' ? 2 : 1);
  const adminUrl = options.adminUrl ?? DEFAULT_PG_URL;
  const log = options.log ?? (() => {});
  const { dir } = await ensureDataset(t.size, log);
  if (!options.reload) {
    const n = await existingCount(t, adminUrl);
    if (n === t.size && (await stampMatches(t))) {
      log(`Reusing ${t.name} (${n.toLocaleString('en-GB')} records); --reload to import again`);
      const assessed = await refreshStored(t, log);
      return { target: t.name, records: n, actors: 0, seconds: 0, recordsPerSecond: 0, vacuumSeconds: 0, reused: true, parallel, databaseBytes: await databaseBytes(t, adminUrl), assessed };
    }
    if (n === t.size && options.migrate) {
      // Much quicker than loading 1M records again, but the database was not written by the
      // current import: its import figures are the old ones. The stamp says so.
      const db = await openTarget(t);
      try {
        log(`Migrating ${t.name} in place: ${(await migrateToLatest(db.db)).join(', ') || 'nothing to apply'}`);
        await sql`vacuum analyze`.execute(db.db);
      } finally {
        await db.close();
      }
      const stamp = JSON.parse(await readFile(stampFile(t), 'utf8')) as Record<string, unknown>;
      await writeFile(stampFile(t), JSON.stringify({ ...stamp, fingerprint: await writePathFingerprint(), migratedInPlace: new Date().toISOString() }));
      return loadTarget(t, { ...options, migrate: false });
    }
    if (n === t.size) log(`${t.name} was loaded by an older write path (migrations, repositories or import changed): loading it again (--migrate to migrate it in place)`);
  }
  await dropTarget(t, adminUrl);
  if (t.kind === 'postgres') await admin(adminUrl, (c) => c.query(`create database ${t.name}`));

  const catalog = await loadCatalog();
  const actorFiles = (await readdir(path.join(dir, 'actors'))).map((f) => path.join(dir, 'actors', f));
  const recordFiles = (await readdir(path.join(dir, 'compendium'))).sort().map((f) => path.join(dir, 'compendium', f));
  const db = await openTarget(t);
  let result: LoadResult;
  try {
    await migrateToLatest(db.db);
    log(`Importing ${t.size.toLocaleString('en-GB')} records into ${t.name} through importFiles (${recordFiles.length} files${parallel > 1 ? `, ${parallel} at a time` : ''})…`);
    const started = performance.now();
    // One importFiles call over every file, as `borderlens import <dir>` makes: files are checked in
    // worker threads a few files ahead of the writing, so memory holds a few files, not the set.
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    let lastLog = 0;
    // As `borderlens import` does: deployments are assessed while they are checked and written
    // with their assessment, so the refresh afterwards finds nothing to do.
    const rules = await loadRuleBook(path.join(ROOT, 'rules'), catalog.vocabs);
    const summary = await importFiles(db.db, catalog, [...actorFiles, ...recordFiles], {
      language: 'english',
      writers: parallel,
      rules,
      onProgress: (done, total) => {
        if (done - lastLog < (t.size <= 100_000 ? 10_000 : 50_000) && done !== total) return;
        lastLog = done;
        const elapsed = (performance.now() - started) / 1000;
        log(`  ${done.toLocaleString('en-GB')} records and actors, ${elapsed.toFixed(0)} s, ${(done / elapsed).toFixed(0)} a second`);
      },
    }).finally(() => clearInterval(sampler));
    if (summary.problems.length) throw new Error(`import rejected: ${summary.problems.slice(0, 5).map((p) => `${p.file}:${p.line} ${p.path}: ${p.message}`).join('; ')}`);
    const actors = actorFiles.length ? summary.created + summary.updated + summary.unchanged - t.size : 0;
    const records = summary.created + summary.updated + summary.unchanged - actors;
    log(`  peak RSS of the importing process ${(peakRss / 1e6).toFixed(0)} MB`);
    const seconds = (performance.now() - started) / 1000;
    const v0 = performance.now();
    await sql`vacuum analyze`.execute(db.db);
    const vacuumSeconds = (performance.now() - v0) / 1000;
    result = {
      target: t.name,
      records,
      actors,
      seconds,
      recordsPerSecond: records / seconds,
      vacuumSeconds,
      reused: false,
      parallel,
      databaseBytes: t.kind === 'postgres' ? await databaseBytes(t, adminUrl) : undefined,
    };
    await writeFile(stampFile(t), JSON.stringify({ fingerprint: await writePathFingerprint(), seed: DEFAULT_SEED, size: t.size, loaded: new Date().toISOString() }));
    log(`  imported ${records.toLocaleString('en-GB')} records in ${seconds.toFixed(1)} s: ${result.recordsPerSecond.toFixed(0)} records/s; VACUUM ANALYZE ${vacuumSeconds.toFixed(1)} s`);
  } finally {
    await db.close();
  }
  result.assessed = await refreshStored(t, log);
  if (t.kind === 'postgres') result.databaseBytes = await databaseBytes(t, adminUrl);
  return result;
}

async function databaseBytes(t: Target, adminUrl: string): Promise<number | undefined> {
  if (t.kind !== 'postgres') return undefined;
  return admin(adminUrl, async (c) => Number((await c.query<{ n: string }>('select pg_database_size($1) as n', [t.name])).rows[0]!.n));
}

/** Reading and checking only (no database writes): every records file through the check workers `importFiles` would use. */
export async function checkRate(size: number): Promise<{ records: number; seconds: number; recordsPerSecond: number }> {
  const dir = datasetDir(size);
  const catalog = await loadCatalog();
  const files = (await readdir(path.join(dir, 'compendium'))).sort().map((f) => path.join(dir, 'compendium', f));
  const bytes = (await Promise.all(files.map((f) => stat(f)))).reduce((a, s) => a + s.size, 0);
  const started = performance.now();
  const pool = createCheckPool(catalog, defaultCheckWorkers(bytes, files.length));
  let records = 0;
  try {
    await Promise.all(files.map((f) => pool.check(f).then((checked) => (records += checked.deployments.length))));
  } finally {
    await pool.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { records, seconds, recordsPerSecond: records / seconds };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const size = parseSize(args.get('size') ?? '10k');
  const kind = (args.get('db') ?? 'postgres') as DbKind;
  const adminUrl = args.get('pg-url') ?? DEFAULT_PG_URL;
  const r = await loadTarget(targetFor(kind, size, adminUrl), {
    reload: args.has('reload'),
    migrate: args.has('migrate'),
    parallel: args.has('parallel') ? Number(args.get('parallel')) : undefined,
    adminUrl,
    log: console.log,
  });
  console.log(JSON.stringify(r));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
