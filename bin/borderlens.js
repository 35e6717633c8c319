#!/usr/bin/env node
// Entry point for `npx borderlens` and the npm scripts. The sources are TypeScript. An install
// compiles them to dist/ (bin/build.js); while dist/ matches the sources it runs, otherwise the
// sources run through tsx's loader, so an edit needs no build step. See docs/architecture.md.
import { compiled } from './compiled.js';

const entry = compiled('cli/main.js');
let main;
if (entry) {
  ({ main } = await import(entry));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
