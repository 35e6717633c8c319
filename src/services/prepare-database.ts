/**
 * What `start` does before it listens: bring the schema up to date and, on an empty database,
 * load the starter compendium, so `npm start` on a fresh clone shows a populated site.
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Catalog } from '../domain/catalog.ts';
import { formatProblem } from '../domain/problems.ts';
import type { Database } from '../db/schema.ts';
import { refreshAssessments } from './refresh-assessments.ts';
import type { RuleBook } from './assessment.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { listInputFiles } from '../files/read-records.ts';
import { countDeployments } from '../repositories/deployments.repository.ts';
import { importFiles, type ImportSummary } from './import-files.ts';
import { liveCatalog } from './live-catalog.ts';

export async function prepareDatabase(
  db: Kysely<Database>,
  catalog: Catalog,
  options: { contentDir: string; language: string; rules: RuleBook; log: (msg: string) => void },
): Promise<ImportSummary | undefined> {
  const applied = await migrateToLatest(db);
  if (applied.length) options.log(`Applied migrations: ${applied.join(', ')}`);
  // Terms editors added through the site are valid in records too.
  await liveCatalog(catalog).load(db);
  if ((await countDeployments(db)) > 0) {
    await refresh(db, options);
    return undefined;
  }
  const files = [
    ...(await listInputFiles(path.join(options.contentDir, 'actors'))),
    ...(await listInputFiles(path.join(options.contentDir, 'compendium'))),
  ];
  const summary = await importFiles(db, catalog, files, { language: options.language, rules: options.rules });
  options.log(`Loaded the starter compendium: ${summary.created} created, ${summary.rejected} rejected`);
  for (const p of summary.problems) options.log(formatProblem(p));
  await refresh(db, options);
  return summary;
}

/** Brings stored assessments up to date: after a load, or when the rule sets changed. */
async function refresh(db: Kysely<Database>, options: { rules: RuleBook; log: (msg: string) => void }): Promise<void> {
  const started = Date.now();
  const n = await refreshAssessments(db, options.rules, (done) => {
    if (done % 50_000 === 0) options.log(`Assessed ${done} deployments…`);
  });
  if (n > 0) options.log(`Assessed ${n} deployment(s) against ${options.rules.versionKey} in ${Date.now() - started} ms`);
}
