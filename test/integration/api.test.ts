/**
 * The JSON API through the real app, on PGlite and on PostgreSQL, with the real starter
 * compendium loaded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

for (const dialect of testDialects()) {
  describe(`API on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(async () => t?.close());

    const get = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url });
      return { status: res.statusCode, type: String(res.headers['content-type']), body: res.json() as any };
    };

    test('GET /healthz answers ok once the database answers', async () => {
      const res = await get('/healthz');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { status: 'ok' });
    });

    test('the starter compendium is searchable, with facets counted per value', async () => {
      const { status, body } = await get('/api/v1/deployments?per_page=100');
      assert.equal(status, 200);
      assert.ok(body.total >= 13, `expected the 13 starter records, got ${body.total}`);
      assert.equal(body.items.length, body.total);
      for (const facet of ['country', 'category', 'capability', 'status', 'right']) {
        assert.ok(Array.isArray(body.facets[facet]) && body.facets[facet].length > 0, `facet ${facet}`);
        for (const v of body.facets[facet]) assert.ok(v.value && v.label && v.count > 0);
      }
      const gb = body.facets.country.find((v: any) => v.value === 'GB');
      assert.equal(gb.label, 'United Kingdom');
      assert.equal(gb.count, body.items.filter((i: any) => i.countries.includes('GB')).length);
    });

    test('partial words and vendor names find records', async () => {
      const iborder = await get('/api/v1/deployments?q=iBorder');
      assert.ok(iborder.body.items.some((i: any) => i.slug === 'eu-iborderctrl'), 'iBorder finds iBorderCtrl');
      const anduril = await get('/api/v1/deployments?q=Anduril');
      assert.ok(anduril.body.items.some((i: any) => i.slug === 'us-cbp-border-surveillance-towers'), 'Anduril finds the towers');
      const misspelt = await get('/api/v1/deployments?q=iBordrCtrl');
      assert.equal(misspelt.body.items[0]?.slug, 'eu-iborderctrl', 'a misspelt name is matched by its spelling');
      const none = await get('/api/v1/deployments?q=zzzqqqxxy');
      assert.equal(none.body.total, 0);
    });

    test('repeated filters match any value; different filters combine', async () => {
      const one = await get('/api/v1/deployments?country=DE');
      const two = await get('/api/v1/deployments?country=DE&country=AT');
      assert.ok(two.body.total > one.body.total);
      for (const i of two.body.items) assert.ok(i.countries.includes('DE') || i.countries.includes('AT'));
      const both = await get('/api/v1/deployments?country=DE&country=AT&category=alternatives_to_detention');
      assert.equal(both.body.total, 0);
      // A facet is counted without its own filter: choosing DE still shows what AT would add.
      assert.ok(one.body.facets.country.some((v: any) => v.value === 'AT'));
    });

    test('start-year range, sorting and paging', async () => {
      const all = await get('/api/v1/deployments?sort=title&per_page=100');
      const titles = all.body.items.map((i: any) => i.title.toLowerCase());
      assert.deepEqual(titles, [...titles].sort((a: string, b: string) => a.localeCompare(b)));
      const page2 = await get('/api/v1/deployments?sort=title&per_page=5&page=2');
      assert.deepEqual(page2.body.items.map((i: any) => i.slug), all.body.items.slice(5, 10).map((i: any) => i.slug));
      assert.equal(page2.body.page, 2);
      const recent = await get('/api/v1/deployments?from=2017&to=2020&per_page=100');
      assert.ok(recent.body.total > 0 && recent.body.total < all.body.total);
      for (const i of recent.body.items) {
        const year = Number(i.period_start.slice(0, 4));
        assert.ok(year >= 2017 && year <= 2020, `${i.slug} starts ${i.period_start}`);
      }
    });

    test('invalid parameters answer 400 with a problem document naming each field', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/deployments?country=XX&category=drones&sort=best&per_page=1000&from=2020&to=2010' });
      assert.equal(res.statusCode, 400);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      const body = res.json();
      assert.equal(body.status, 400);
      assert.equal(body.code, 'BL_ERR_VALIDATION');
      const fields = body.errors.map((e: any) => e.field);
      for (const f of ['country.0', 'category.0', 'sort', 'per_page']) assert.ok(fields.includes(f), `names ${f}: ${fields}`);
      const category = body.errors.find((e: any) => e.field === 'category.0');
      assert.match(category.message, /emotion_recognition_and_lie_detection/, 'names the allowed terms');
    });

    test('GET /api/v1/deployments/{slug} returns the full record with its sources', async () => {
      const { status, body } = await get('/api/v1/deployments/eu-iborderctrl');
      assert.equal(status, 200);
      assert.equal(body.slug, 'eu-iborderctrl');
      assert.ok(body.sources.length > 0 && body.sources.every((s: any) => Number.isInteger(s.id) && s.title));
      assert.deepEqual([...body.countries].sort(), ['EU', 'GR', 'HU', 'LV']);
    });

    test('unknown and malformed slugs answer 404 and 400 problems, never 500', async () => {
      const missing = await get('/api/v1/deployments/no-such-thing');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, 'BL_ERR_NOT_FOUND');
      const bad = await get('/api/v1/deployments/Not%20A%20Slug');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].field, 'slug');
      assert.equal((await get('/api/v1/nothing-here')).status, 404);
    });

    test('actors: list with counts, detail with linked deployments', async () => {
      const list = await get('/api/v1/actors');
      assert.equal(list.status, 200);
      assert.ok(list.body.items.length > 5);
      const busiest = [...list.body.items].sort((a: any, b: any) => b.deployments - a.deployments)[0];
      const detail = await get(`/api/v1/actors/${busiest.slug}`);
      assert.equal(detail.status, 200);
      assert.equal(detail.body.deployments.length, busiest.deployments);
      for (const d of detail.body.deployments) assert.ok(d.roles.length > 0);
      assert.equal((await get('/api/v1/actors/nobody-at-all')).status, 404);
    });

    test('vocabularies: every term with label and definition', async () => {
      const { body } = await get('/api/v1/vocabularies');
      const categories = body.vocabularies.find((v: any) => v.id === 'categories');
      assert.ok(categories.terms.some((term: any) => term.id === 'mobile_device_extraction' && term.label && term.definition));
      assert.ok(body.facts.some((a: any) => a.name === 'is_ai_system'));
    });

    test('the OpenAPI document describes every API route from the validating schemas', async () => {
      const { status, body } = await get('/api/v1/openapi.json');
      assert.equal(status, 200);
      assert.equal(body.openapi, '3.1.0');
      for (const path of ['/api/v1/deployments', '/api/v1/deployments/{slug}', '/api/v1/actors', '/api/v1/actors/{slug}', '/api/v1/vocabularies']) {
        assert.ok(body.paths[path]?.get, `documents ${path}`);
      }
      const params = body.paths['/api/v1/deployments'].get.parameters;
      const category = params.find((p: any) => p.name === 'category');
      assert.equal(category.schema.type, 'array');
      assert.ok(category.schema.items.enum.includes('predictive_analytics'), 'enum comes from the vocabulary');
      assert.equal(params.find((p: any) => p.name === 'per_page').schema.maximum, 100);
    });
  });
}
