/**
 * Imports files of records into the database. Each file is checked whole and written in its own
 * transaction, so a file is either wholly imported or not at all.
 *
 * Files flow through a pipeline: worker threads read and check the next files (parse, schema,
 * citations, the prepared rows) while the current ones are written, at most a few files ahead,
 * so memory holds a few files rather than the whole import. The rules that need every file are
 * kept: a slug seen in an earlier file rejects the later record, and a file that names an actor
 * not known yet (neither in the database nor in the files checked so far) waits until every file
 * has been checked. Actor files are written alone, before the files after them; deployment files
 * may be written `writers` at a time, on connections of their own.
 */
import path from 'node:path';
import { stat } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import type { Catalog } from '../domain/catalog.ts';
import type { Problem } from '../domain/problems.ts';
import type { Database } from '../db/schema.ts';
import { actorSlugs, upsertActor } from '../repositories/actors.repository.ts';
import { insertRevision } from '../repositories/revisions.repository.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { bumpDataVersion, writeDeploymentRows } from '../repositories/deployments.repository.ts';
import type { RuleBook } from './assessment.ts';
import { createCheckPool, defaultCheckWorkers } from './check-pool.ts';
import { FileChecks, type CheckedFile, type FileRecords } from './check-files.ts';

/** Records per set-based write (one JSON parameter of a few megabytes). */
export const WRITE_CHUNK = 2000;

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  /** Records in files that were rejected (a file with any problem is rejected whole). */
  rejected: number;
  problems: Problem[];
}

export interface ImportOptions {
  language: string;
  /**
   * Called as records are written: (records done, records to write). Until every file has been
   * checked, the total is an estimate from the sizes of the files not checked yet.
   */
  onProgress?: (done: number, total: number) => void;
  /** Deployment files written at a time, each in its own transaction and connection (1 unless told; PGlite has one connection). */
  writers?: number;
  /** Worker threads that check files; by default none for small imports (see check-pool.ts). */
  checkWorkers?: number;
  /** Records per set-based write (WRITE_CHUNK unless told). */
  chunk?: number;
  /** Assess deployments as they are checked and write them with their assessment (the refresh afterwards then has nothing to do for them). */
  rules?: RuleBook;
}

export async function importFiles(db: Kysely<Database>, catalog: Catalog, files: string[], options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, rejected: 0, problems: [] };
  const sizes = await Promise.all(files.map((f) => stat(f).then((s) => s.size, () => 0)));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const pool = createCheckPool(catalog, options.checkWorkers ?? defaultCheckWorkers(totalBytes, files.length), options.rules);
  const checks = new FileChecks(await actorSlugs(db));
  const writers = Math.max(1, options.writers ?? 1);
  // Files checked ahead of the writing: each waits in memory as prepared rows (~7 KB a record).
  const lookahead = writers + 1;

  // Progress: records written, of the records of accepted files plus an estimate for the rest.
  const results: (CheckedFile | undefined)[] = new Array(files.length);
  const rejected = new Set<number>();
  const recordsOf: number[] = new Array(files.length).fill(0);
  let done = 0;
  let checkedBytes = 0;
  let checkedRecords = 0;
  const total = () => {
    let n = 0;
    let uncheckedBytes = 0;
    for (let i = 0; i < files.length; i++) {
      const r = results[i];
      if (!r) uncheckedBytes += sizes[i]!;
      else if (!rejected.has(i)) n += recordsOf[i]!;
    }
    return n + (checkedBytes ? Math.round((uncheckedBytes * checkedRecords) / checkedBytes) : 0);
  };
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, Math.max(done, total()));
  };

  const writeFile = (file: CheckedFile) =>
    db.transaction().execute(async (trx) => {
      // A file is all or nothing whatever happens: nothing is lost by not waiting for the log flush.
      await sql`set local synchronous_commit = off`.execute(trx);
      let changed = false;
      // Every record an import creates or changes becomes a revision in its history.
      const revision = { reason: `Imported from ${path.basename(file.file)}`, authorId: null };
      const mine = { actors: 0, created: 0, updated: 0 };
      for (const actor of file.actors) {
        const o = await upsertActor(trx, actor);
        if (o !== 'unchanged') await insertRevision(trx, { entity: 'actor', key: actor.slug, snapshot: actor, authorId: null, reason: revision.reason });
        if (o !== 'unchanged') mine.actors++;
        changed ||= o !== 'unchanged';
        summary[o]++;
        progress(1);
      }
      const size = options.chunk ?? WRITE_CHUNK;
      for (let i = 0; i < file.deployments.length; i += size) {
        const chunk = file.deployments.slice(i, i + size);
        const counts = await writeDeploymentRows(trx, chunk, options.language, revision);
        changed ||= counts.created + counts.updated > 0;
        mine.created += counts.created;
        mine.updated += counts.updated;
        summary.created += counts.created;
        summary.updated += counts.updated;
        summary.unchanged += counts.unchanged;
        progress(chunk.length);
      }
      if (changed) {
        // The revisions an import writes are in the audit log's chain as one entry per file.
        await appendAudit(trx, { actorId: null, action: 'import', subject: `file:${path.basename(file.file)}`, details: { actors_changed: mine.actors, deployments_created: mine.created, deployments_updated: mine.updated } });
        await bumpDataVersion(trx);
      }
    });

  const inFlight = new Set<Promise<void>>();
  let writeError: unknown;
  const waitUntil = async (atMost: number) => {
    while (inFlight.size > atMost) await Promise.race(inFlight);
  };
  const write = async (file: CheckedFile) => {
    // Actor files are written alone: the deployments after them may name their actors.
    const alone = file.kind === 'actor' || file.actors.length > 0;
    await waitUntil(alone ? 0 : writers - 1);
    if (writeError) return;
    const p: Promise<void> = writeFile(file)
      .catch((err: unknown) => {
        writeError ??= err;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (alone) await waitUntil(0);
  };

  // Actors that are in the database or in a file already written: deployments naming only these
  // can be written now (their links need the actors' rows).
  const written = new Set(checks.actors);
  const canWait = (c: CheckedFile) =>
    c.actors.some((a) => a.parent && !checks.actors.has(a.parent)) || c.deployments.some((d) => d.links.some((l) => !written.has(l.slug)));
  const writeNow = async (i: number) => {
    const c = results[i]!;
    await write(c);
    for (const a of c.actors) written.add(a.slug);
    // Only the writer keeps the rows now: memory holds the files being written and checked.
    results[i] = { ...c, deployments: [], actors: [] };
  };

  // Checks started and not yet taken (a taken result is not kept here: it would hold its rows).
  const checking = new Map<number, Promise<FileRecords>>();
  let started = 0;
  const startCheck = (i: number) => {
    for (; started <= i && started < files.length; started++) {
      const p = pool.check(files[started]!);
      p.catch(() => {});
      checking.set(started, p);
    }
  };
  try {
    startCheck(lookahead - 1);
    const waiting: number[] = [];
    for (let i = 0; i < files.length && !writeError; i++) {
      const next = checking.get(i)!;
      checking.delete(i);
      const checked = checks.admit(await next);
      startCheck(i + lookahead);
      results[i] = checked;
      recordsOf[i] = checked.actors.length + checked.deployments.length;
      checkedBytes += sizes[i]!;
      checkedRecords += checked.count;
      // A file naming actors not known yet waits until every file has been checked: a later
      // file may add them, and only then is it known whether the names are problems.
      if (checked.problems.length) rejected.add(i);
      if (checked.problems.length || canWait(checked)) waiting.push(i);
      else await writeNow(i);
    }
    // Actor files first, so that the deployments waiting for their actors find them.
    const isActorFile = (i: number) => results[i]!.actors.length > 0;
    for (const i of [...waiting.filter(isActorFile), ...waiting.filter((i) => !isActorFile(i))]) {
      if (writeError) break;
      const checked = results[i]!;
      checks.actorProblems(checked);
      if (checked.problems.length) rejected.add(i);
      else await writeNow(i);
    }
    await waitUntil(0);
    if (writeError) throw writeError;
  } finally {
    await Promise.allSettled(inFlight);
    await pool.close();
  }
  results.forEach((r, i) => {
    if (!r || !rejected.has(i)) return;
    summary.rejected += r.count;
    summary.problems.push(...r.problems);
  });
  return summary;
}
