/**
 * Keeps stored assessments in step with records and rule sets: finds the deployments whose
 * stored assessment is missing or stale, assesses them a batch at a time and saves the result.
 * Called after imports and at start (a changed rule set is picked up on restart).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { saveAssessments, staleAssessments, type AssessmentRow } from '../repositories/assessments.repository.ts';
import { bumpDataVersion } from '../repositories/deployments.repository.ts';
import { storedAssessment, type RuleBook } from './assessment.ts';

const BATCH = 1000;

/** Recomputes stale assessments; returns how many were written. */
export async function refreshAssessments(db: Kysely<Database>, book: RuleBook, onProgress?: (done: number) => void, onlySlugs?: readonly string[]): Promise<number> {
  let after = 0;
  let done = 0;
  for (;;) {
    const batch = await staleAssessments(db, book.versionKey, after, BATCH, onlySlugs);
    if (!batch.length) break;
    // What the row keeps (which rules apply, which are open, the outcomes), without the report.
    const rows: AssessmentRow[] = batch.map((d) => ({ id: d.id, assessed_hash: d.content_hash, ...storedAssessment(book, d.record) }));
    await db.transaction().execute(async (trx) => {
      await saveAssessments(trx, rows);
      await bumpDataVersion(trx);
    });
    done += rows.length;
    onProgress?.(done);
    after = batch[batch.length - 1]!.id;
  }
  return done;
}
