/**
 * `borderlens import <file|dir>…`: imports records, with a progress bar on large imports and a
 * summary. Exit code 1 when any file was rejected; its problems are listed.
 */
import { SingleBar, Presets } from 'cli-progress';
import { connectFromConfig } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { formatProblem } from '../domain/problems.ts';
import { importFiles } from '../services/import-files.ts';
import { liveCatalog } from '../services/live-catalog.ts';
import { loadCatalog } from './context.ts';
import { loadRuleBook } from '../services/assessment.ts';
import { refreshAssessments } from '../services/refresh-assessments.ts';
import { UsageError } from './main.ts';
import { inputFiles } from './validate.ts';

export async function importCommand(args: string[]): Promise<number> {
  if (args.length === 0) throw new UsageError('Usage: borderlens import <file|dir>...');
  const { config, catalog } = await loadCatalog();
  const files = await inputFiles(args);
  // Loaded before anything is written: a broken rule set stops the import, not half of it.
  const rules = await loadRuleBook(config.rulesDir, catalog.vocabs);
  const { db, kind, close } = await connectFromConfig(config);
  const bar = new SingleBar({ format: 'Importing [{bar}] {percentage}% | {value}/{total} records', stream: process.stderr }, Presets.shades_classic);
  let barStarted = false;
  let nextLine: number | undefined;
  try {
    await migrateToLatest(db);
    // Terms editors added through the site are valid in imported records too.
    await liveCatalog(catalog).load(db);
    console.error(`Checking ${files.length} file(s)…`);
    const summary = await importFiles(db, catalog, files, {
      language: config.searchLanguage,
      rules,
      // Two files at a time on a server (two backends computing search vectors); PGlite has one connection.
      writers: kind === 'postgres' ? 2 : 1,
      onProgress: (done, total) => {
        if (total < 500) return;
        if (!process.stderr.isTTY) {
          // Logs and CI get a line every tenth instead of a bar.
          const step = Math.max(100, Math.ceil(total / 10 / 100) * 100);
          nextLine ??= step;
          if (done >= nextLine || done === total) {
            console.error(`imported ${done}/${total} records`);
            nextLine = (Math.floor(done / step) + 1) * step;
          }
          return;
        }
        if (!barStarted) {
          bar.start(total, 0);
          barStarted = true;
        }
        if (total !== bar.getTotal()) bar.setTotal(total);
        bar.update(done);
      },
    });
    if (barStarted) bar.stop();
    for (const p of summary.problems) console.error(formatProblem(p));
    console.log(`created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}`);
    const assessed = await refreshAssessments(db, rules, (done) => {
      if (done % 10_000 === 0) console.error(`assessed ${done} records`);
    });
    if (assessed > 0) console.log(`assessed ${assessed} record(s)`);
    return summary.problems.length ? 1 : 0;
  } finally {
    if (barStarted) bar.stop();
    await close();
  }
}
