/** `borderlens validate <file|dir>…`: checks files as `import` would, and writes nothing. */
import { formatProblem } from '../domain/problems.ts';
import { listInputFiles } from '../files/read-records.ts';
import { checkFiles } from '../services/check-files.ts';
import { loadCatalog } from './context.ts';
import { UsageError } from './main.ts';

export async function validate(args: string[]): Promise<number> {
  if (args.length === 0) throw new UsageError('Usage: borderlens validate <file|dir>...');
  const { catalog } = await loadCatalog();
  const files = await inputFiles(args);
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
