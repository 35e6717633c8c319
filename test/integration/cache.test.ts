/**
 * Repeated reads are served from the response cache, and a change to the data is seen: the
 * cache is keyed by the data version that every write bumps.
 */
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify as toYaml } from 'yaml';
import { findDeployment } from '../../src/repositories/deployments.repository.ts';
import { importFiles } from '../../src/services/import-files.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

for (const dialect of testDialects()) {
  describe(`response cache on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { cacheVersionTtlMs: 0 });
    });
    after(async () => t?.close());

    test('a changed record shows at once on its page, in search and in the API, with a new ETag', async () => {
      const url = '/deployments/eu-iborderctrl';
      const first = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      assert.equal(first.headers['content-encoding'], 'br');
      const etag = String(first.headers.etag);
      const cached = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
      assert.equal(cached.statusCode, 304);

      const record = (await findDeployment(t.db, 'eu-iborderctrl'))!;
      const dir = await mkdtemp(path.join(tmpdir(), 'borderlens-cache-'));
      await writeFile(path.join(dir, 'r.yaml'), toYaml({ ...record, title: 'iBorderCtrl, retitled by an editor' }));
      const summary = await importFiles(t.db, t.catalog, [path.join(dir, 'r.yaml')], { language: 'english' });
      assert.equal(summary.updated, 1);

      const after = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
      assert.equal(after.statusCode, 200, 'the old ETag no longer matches');
      assert.match(after.body, /iBorderCtrl, retitled by an editor/);
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/deployments?q=retitled' });
      assert.equal(api.json().items[0].slug, 'eu-iborderctrl');
    });

    test('htmx fragments and full pages are cached apart', async () => {
      const full = await t.app.inject({ method: 'GET', url: '/deployments?q=drone' });
      const fragment = await t.app.inject({ method: 'GET', url: '/deployments?q=drone', headers: { 'hx-request': 'true' } });
      const fullAgain = await t.app.inject({ method: 'GET', url: '/deployments?q=drone' });
      assert.match(full.body, /^<!doctype html>/);
      assert.match(fragment.body, /^<div id="explore"/);
      assert.equal(fullAgain.body, full.body);
      assert.notEqual(full.headers.etag, fragment.headers.etag);
    });
  });
}
