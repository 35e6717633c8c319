import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { ERRORS } from './errors.ts';

test('docs/errors.md documents every error code with its status', async () => {
  const doc = await readFile(new URL('../docs/errors.md', import.meta.url), 'utf8');
  for (const [code, { status }] of Object.entries(ERRORS)) assert.ok(doc.includes(`| \`${code}\` | ${status} |`), code);
});
