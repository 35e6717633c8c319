/**
 * The starter database `npm ci` prepares: a new embedded database made from it holds the starter
 * compendium, migrated and assessed, so the first start has nothing to import; and it is used
 * only for the code, content and rules it was made from.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { connect } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { countDeployments } from '../../src/repositories/deployments.repository.ts';
import { loadRuleBook } from '../../src/services/assessment.ts';
import { prepareDatabase } from '../../src/services/prepare-database.ts';
import { buildStarterTemplate, starterTemplatePath } from '../../src/services/starter-template.ts';
import { CONTENT_DIR, testCatalog, testConfig } from '../helpers/app.ts';

test('a database made from the starter dump holds the compendium, migrated and assessed: nothing left to import', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'borderlens-starter-'));
  const file = path.join(dir, 'starter.tar.gz');
  const config = testConfig();
  await buildStarterTemplate(config, file);
  const { db, close } = await connect({ dataDir: path.join(dir, 'db'), initial: new Blob([await readFile(file)]) });
  try {
    assert.equal(await countDeployments(db), 13);
    assert.deepEqual(await migrateToLatest(db), [], 'every migration is applied');
    const catalog = await testCatalog();
    const rules = await loadRuleBook(config.rulesDir, catalog.vocabs);
    const logged: string[] = [];
    const summary = await prepareDatabase(db, catalog, { contentDir: config.contentDir, language: config.searchLanguage, rules, log: (m) => logged.push(m) });
    assert.equal(summary, undefined, 'no import on the first start');
    assert.deepEqual(logged, [], 'and no assessment to bring up to date');
    const stale = await db.selectFrom('deployments').select('slug').where('assessed_hash', 'is', null).execute();
    assert.deepEqual(stale, []);
  } finally {
    await close();
  }
});

test('the dump is keyed by the content it was made from: other content, another key', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'borderlens-starter-'));
  const content = path.join(dir, 'data');
  await cp(CONTENT_DIR, content, { recursive: true });
  const same = starterTemplatePath(testConfig({ contentDir: content }));
  assert.equal(same, starterTemplatePath(testConfig({ contentDir: content })), 'the key is stable');
  const file = path.join(content, 'compendium', 'eu-iborderctrl.yaml');
  await writeFile(file, `${await readFile(file, 'utf8')}\n# an edit\n`);
  assert.notEqual(starterTemplatePath(testConfig({ contentDir: content })), same, 'an edited record means a new dump');
  assert.notEqual(starterTemplatePath(testConfig({ contentDir: content, searchLanguage: 'simple' })), starterTemplatePath(testConfig({ contentDir: content })));
});
