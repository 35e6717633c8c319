// Whether dist/ holds the current sources compiled (see bin/build.js and docs/architecture.md,
// "Running the TypeScript"). Plain JavaScript: it runs before any loader is registered.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SRC = path.join(ROOT, 'src');
export const DIST = path.join(ROOT, 'dist');
export const STAMP = path.join(DIST, '.sources');

/** The sources the program is built from (tests apart), as paths relative to src/. */
export function sourceFiles(dir = SRC, prefix = '') {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...sourceFiles(path.join(dir, entry.name), rel));
    else if (/\.(ts|tsx|mts|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(rel);
  }
  return out.sort();
}

/** A hash of every source file's path and content: what dist/ was built from. */
export function sourcesHash() {
  const hash = createHash('sha256');
  for (const rel of sourceFiles()) hash.update(`${rel}\0`).update(readFileSync(path.join(SRC, rel))).update('\0');
  return hash.digest('hex');
}

/** The URL of dist/<relative>.js when dist/ was built from the sources as they are now. */
export function compiled(relative) {
  try {
    if (readFileSync(STAMP, 'utf8').trim() !== sourcesHash()) return undefined;
  } catch {
    return undefined;
  }
  return pathToFileURL(path.join(DIST, relative)).href;
}
