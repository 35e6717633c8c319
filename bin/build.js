#!/usr/bin/env node
// `npm run build` (and postinstall): compiles src/ to dist/ with the TypeScript compiler, types
// unchecked (`npm run typecheck` does that), and notes which sources it was built from, so that
// bin/borderlens.js runs dist/ only while it matches them. dist/ is never committed. Without the
// compiler (an install without dev dependencies) nothing is built and the program runs from the
// sources through tsx, as it does whenever dist/ is out of date.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DIST, ROOT, STAMP, sourcesHash } from './compiled.js';

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.warn('TypeScript is not installed: not compiling; the sources will run through tsx.');
  process.exit(0);
}
const hash = sourcesHash();
rmSync(DIST, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(DIST, { recursive: true, force: true });
  console.warn('Compiling failed: the sources will run through tsx.');
  process.exit(0);
}
writeFileSync(STAMP, `${hash}\n`);
console.log('Compiled src/ to dist/.');
