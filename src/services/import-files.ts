/**
 * Imports files of records into the database: check everything first, then write each valid
 * file in its own transaction, so a file is either wholly imported or not at all.
 */
import type { Kysely } from 'kysely';
import type { Catalog } from '../domain/catalog.ts';
import type { Problem } from '../domain/problems.ts';
import type { Database } from '../db/schema.ts';
import { actorSlugs, upsertActor } from '../repositories/actors.repository.ts';
import { bumpDataVersion, upsertDeployments } from '../repositories/deployments.repository.ts';
import type { WriteOutcome } from '../repositories/write-outcome.ts';
import { checkFiles } from './check-files.ts';

const WRITE_BATCH = 500;

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
  /** Called as records are written: (records done, records to write). */
  onProgress?: (done: number, total: number) => void;
}

export async function importFiles(db: Kysely<Database>, catalog: Catalog, files: string[], options: ImportOptions): Promise<ImportSummary> {
  const checked = await checkFiles(catalog, files, await actorSlugs(db));
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, rejected: 0, problems: [] };
  const good = checked.filter((f) => {
    if (!f.problems.length) return true;
    summary.rejected += f.count;
    summary.problems.push(...f.problems);
    return false;
  });
  const total = good.reduce((n, f) => n + f.actors.length + f.deployments.length, 0);
  let done = 0;
  const count = (o: WriteOutcome) => {
    summary[o]++;
    done++;
    if (done % 100 === 0 || done === total) options.onProgress?.(done, total);
  };
  for (const file of good) {
    await db.transaction().execute(async (trx) => {
      let changed = false;
      for (const actor of file.actors) {
        const o = await upsertActor(trx, actor);
        changed ||= o !== 'unchanged';
        count(o);
      }
      // Batches keep each statement well under PostgreSQL's 65,535 parameters.
      for (let i = 0; i < file.deployments.length; i += WRITE_BATCH) {
        for (const o of await upsertDeployments(trx, file.deployments.slice(i, i + WRITE_BATCH), options.language)) {
          changed ||= o !== 'unchanged';
          count(o);
        }
      }
      if (changed) await bumpDataVersion(trx);
    });
  }
  return summary;
}
