import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults need no environment at all', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.dataDir, './var/db');
  assert.equal(c.databaseUrl, undefined);
});

test('every bad setting is listed with how to fix it', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }),
    (err: Error) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /PORT="eighty"/);
      assert.match(err.message, /DATABASE_URL="mysql:\/\/x": must start with postgres:\/\//);
      assert.match(err.message, /LOG_LEVEL="loud"/);
      assert.match(err.message, /TCP port the HTTP server listens on/);
      return true;
    },
  );
});

test('docs/configuration.md documents every setting with its help text', async () => {
  const { readFile } = await import('node:fs/promises');
  const { SETTINGS } = await import('./config.ts');
  const doc = await readFile(new URL('../docs/configuration.md', import.meta.url), 'utf8');
  for (const s of Object.values(SETTINGS)) {
    assert.ok(doc.includes(`| \`${s.env}\` |`), `${s.env} is documented`);
    assert.ok(doc.includes(s.help), `${s.env}'s help text matches`);
  }
});
