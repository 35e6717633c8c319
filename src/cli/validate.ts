/** `borderlens validate <file|dir>…`: checks files as `import` would, and writes nothing. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Catalog } from '../domain/catalog.ts';
import { connectFromConfig } from '../db/connect.ts';
import { formatProblem } from '../domain/problems.ts';
import { liveCatalog } from '../services/live-catalog.ts';
import { termChangesStored } from '../repositories/vocabulary-terms.repository.ts';
import { listInputFiles } from '../files/read-records.ts';
import { checkFiles } from '../services/check-files.ts';
import { loadCatalog } from './context.ts';
import { UsageError } from './main.ts';

export async function validate(args: string[]): Promise<number> {
  if (args.length === 0) throw new UsageError('Usage: borderlens validate <file|dir>...');
  const { config, catalog } = await loadCatalog();
  const files = await inputFiles(args);
  await withEditorsTerms(config, catalog);
  const results = await checkFiles(catalog, files, new Set());
  let bad = 0;
  let records = 0;
  for (const r of results) {
    records += r.deployments.length + r.actors.length;
    for (const p of r.problems) console.error(formatProblem(p));
    if (r.problems.length) bad++;
  }
  console.log(`${files.length} file(s), ${records} valid record(s), ${bad} file(s) with problems`);
  return bad ? 1 : 0;
}

/**
 * Terms editors added through the site are valid too, as they are for `import`, when there is a
 * database to read them from; without one (a fresh clone) the files' vocabularies decide.
 */
async function withEditorsTerms(config: Config, catalog: Catalog): Promise<void> {
  if (!config.databaseUrl && !existsSync(path.join(config.dataDir, 'PG_VERSION'))) return;
  const { db, close } = await connectFromConfig(config);
  try {
    // A database not yet migrated to hold editors' terms has none.
    if (await termChangesStored(db)) await liveCatalog(catalog).load(db);
  } finally {
    await close();
  }
}

/** Expands file and directory arguments; a missing path is a usage error. */
export async function inputFiles(args: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const a of args) {
    try {
      out.push(...(await listInputFiles(a)));
    } catch {
      throw new UsageError(`No such file or directory: ${a}`);
    }
  }
  return out;
}
