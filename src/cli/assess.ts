/**
 * `borderlens assess <file> [--as-of DATE] [--format json|markdown]`: assesses one record (YAML
 * or JSON; any field may be missing) and prints the report. Exit code 0 whatever the findings;
 * 1 when the input is not a valid record, with the problems listed.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import type { AssessableRecord } from '../domain/assessment/attributes.ts';
import { formatProblem, zodProblems } from '../domain/problems.ts';
import { translator } from '../i18n/translator.ts';
import { assessmentMarkdown } from '../services/assessment-markdown.ts';
import { assessWith, loadRuleBook, presentAssessment, today } from '../services/assessment.ts';
import { isoDateSchema } from '../domain/partial-date.ts';
import { loadCatalog } from './context.ts';
import { UsageError } from './main.ts';

const USAGE = 'Usage: borderlens assess <file> [--as-of YYYY-MM-DD] [--format json|markdown]';

export async function assessCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { 'as-of': { type: 'string' }, format: { type: 'string', default: 'markdown' } } });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) throw new UsageError(USAGE);
  const format = parsed.values.format;
  if (format !== 'json' && format !== 'markdown') throw new UsageError(`--format must be json or markdown\n${USAGE}`);
  const asOf = isoDateSchema.optional().safeParse(parsed.values['as-of']);
  if (!asOf.success) throw new UsageError(`--as-of: use a date as YYYY-MM-DD\n${USAGE}`);

  const { config, catalog } = await loadCatalog();
  let raw: unknown;
  try {
    raw = parse(await readFile(file, 'utf8'));
  } catch (err) {
    console.error(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message.split('\n')[0]}`);
    return 1;
  }
  const record = catalog.partialDeploymentSchema.safeParse(raw ?? {});
  if (!record.success) {
    for (const p of zodProblems(record.error.issues)) console.error(formatProblem({ ...p, file }));
    return 1;
  }
  const book = await loadRuleBook(config.rulesDir, catalog.vocabs);
  const tr = translator('en');
  const report = presentAssessment(assessWith(book, record.data as AssessableRecord, asOf.data ?? today()), book, tr);
  if (format === 'json') console.log(JSON.stringify(report, null, 2));
  else console.log(assessmentMarkdown(report, book.rulesets, tr, record.data.title));
  return 0;
}
