/** Open-data downloads: filtered results honour the filters; the whole compendium in every format. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

for (const dialect of testDialects()) {
  describe(`downloads on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(async () => t?.close());
    const get = (url: string) => t.app.inject({ method: 'GET', url });

    test('the filtered CSV has one row per matching deployment, with its page address', async () => {
      const api = (await get('/api/v1/deployments?category=mobile_device_extraction&per_page=100')).json();
      const res = await get('/data/deployments.csv?category=mobile_device_extraction');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      assert.match(String(res.headers['content-disposition']), /attachment; filename="borderlens-deployments.csv"/);
      const rows = parseCsv(res.body, { columns: true }) as Record<string, string>[];
      assert.equal(rows.length, api.total);
      assert.ok(rows.length >= 6);
      for (const row of rows) {
        assert.ok(row.categories!.split('; ').includes('mobile_device_extraction'));
        assert.equal(row.page_url, `http://borderlens.test/deployments/${row.slug}`);
        assert.ok(JSON.parse(row.sources!).length > 0);
      }
    });

    test('the filtered JSON holds the full records of the match, and bad filters get a problem', async () => {
      const res = await get('/data/deployments.json?country=GB&q=phone');
      const records = res.json();
      assert.ok(records.length >= 1);
      for (const r of records) assert.ok(r.countries.includes('GB') && r.sources.length && r.page_url);
      const bad = await get('/data/deployments.json?country=Narnia');
      assert.equal(bad.statusCode, 400);
      assert.match(String(bad.headers['content-type']), /problem\+json/);
    });

    test('the whole compendium as JSON, JSONL and a data package with a table schema', async () => {
      const json = (await get('/data/compendium.json')).json();
      const lines = (await get('/data/compendium.jsonl')).body.trim().split('\n').map((l) => JSON.parse(l));
      assert.ok(json.length >= 13);
      assert.deepEqual(lines.map((r) => r.slug).sort(), json.map((r: any) => r.slug).sort());
      const pkg = (await get('/data/datapackage.json')).json();
      assert.equal(pkg.profile, 'tabular-data-package');
      for (const resource of pkg.resources) {
        const csv = await get(`/data/${resource.path}`);
        assert.equal(csv.statusCode, 200, resource.path);
        const header = (parseCsv(csv.body, { to: 1 }) as string[][])[0];
        assert.deepEqual(header, resource.schema.fields.map((f: any) => f.name), `${resource.path} matches its schema`);
      }
    });
  });
}
