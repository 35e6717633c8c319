#!/usr/bin/env node
// Entry point for `npx borderlens` and the npm scripts. The sources are TypeScript run
// through tsx's loader, so there is no build step between a clone and a running server.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
