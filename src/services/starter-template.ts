/**
 * The first `npm start` on a fresh clone migrates a new embedded database, imports the starter
 * compendium and assesses it: seconds of work whose result is the same for everyone with the
 * same code, data and rules. `npm ci` (postinstall) does it once and keeps a dump of the result
 * under node_modules/.cache, keyed by a hash of the sources, the content and rule directories,
 * the search language and the PGlite version; `start` on a new data directory begins from that
 * dump when the key matches, and prepares the database as before otherwise. Nothing of the
 * user's is in it: the revisions and audit entries it holds are those of that import.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../config.ts';
import { buildCatalog } from '../domain/catalog.ts';
import { connect } from '../db/connect.ts';
import { loadVocabularies } from '../files/vocabularies.ts';
import { loadRuleBook } from './assessment.ts';
import { prepareDatabase } from './prepare-database.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every file below the directories, by path and content. */
function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    hash.update(`missing ${dir}\0`);
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) hashTree(hash, full);
    else hash.update(`${path.relative(ROOT, full)}\0`).update(readFileSync(full)).update('\0');
  }
}

function pgliteVersion(): string {
  return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string }).version;
}

/** Where the dump for this code, content, rules and language is (or would be) kept. */
export function starterTemplatePath(config: Config): string {
  const hash = createHash('sha256').update(`${pgliteVersion()}\0${config.searchLanguage}\0`);
  for (const dir of [path.join(ROOT, 'src'), path.resolve(config.contentDir), path.resolve(config.rulesDir)]) hashTree(hash, dir);
  return path.join(ROOT, 'node_modules', '.cache', 'borderlens', `starter-${hash.digest('hex').slice(0, 24)}.tar.gz`);
}

/** The dump to start a new embedded database from, if one was made for exactly this code and data. */
export async function starterTemplate(config: Config): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(starterTemplatePath(config))]);
  } catch {
    return undefined;
  }
}

/** Prepares a database in memory as `start` would, and keeps its dump at `file`. */
export async function buildStarterTemplate(config: Config, file = starterTemplatePath(config)): Promise<void> {
  const catalog = buildCatalog(await loadVocabularies(path.join(config.contentDir, 'vocabularies')));
  const rules = await loadRuleBook(config.rulesDir, catalog.vocabs);
  const { db, close, dump } = await connect({});
  try {
    const summary = await prepareDatabase(db, catalog, { contentDir: config.contentDir, language: config.searchLanguage, rules, log: () => {} });
    if (summary?.rejected) throw new Error(`${summary.rejected} starter file(s) rejected`);
    const blob = await dump!();
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, Buffer.from(await blob.arrayBuffer()));
    await rename(tmp, file);
  } finally {
    await close();
  }
}

// `node --import tsx src/services/starter-template.ts` (the postinstall script) prepares the cache.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildStarterTemplate(loadConfig())
    .then(() => console.log('Prepared the starter database.'))
    .catch((err: Error) => console.warn(`Could not prepare the starter database (${err.message}); the first start will load the compendium itself.`));
}
