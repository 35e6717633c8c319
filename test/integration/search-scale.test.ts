/**
 * The paths search takes on large results, exercised on a small compendium by lowering the
 * thresholds: estimated facet counts and totals from the sample table, and title-first ranking;
 * and the sample table following every write to the deployments.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { h } from 'preact';
import type { Deployment } from '../../src/domain/deployment.ts';
import { buildSearchQuerySchema, FACETS } from '../../src/domain/search-query.ts';
import { saveAssessments } from '../../src/repositories/assessments.repository.ts';
import { setArchived } from '../../src/repositories/archive.repository.ts';
import { findDeployment, prepareDeployment, sampleBucket, writeDeploymentRows } from '../../src/repositories/deployments.repository.ts';
import { searchDeployments } from '../../src/repositories/search.repository.ts';
import { viewContext } from '../../src/views/context.ts';
import { ExploreRegion } from '../../src/views/pages/explore.tsx';
import { renderFragment } from '../../src/views/render.tsx';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

/** The rows the sample table should hold: the deployments in buckets 0–15, the columns it copies. */
const SAMPLE_COLUMNS = sql`id, sample_bucket, status, countries, categories, capabilities, rights, start_year, assessment_outcomes, assessment_rules, search::text as search, title_search::text as title_search`;

for (const dialect of testDialects()) {
  describe(`search on large results, on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(async () => t?.close());
    const parse = (qs: string) => buildSearchQuerySchema(t.catalog.vocabs).parse(Object.fromEntries(new URLSearchParams(qs)));

    test('above the threshold, facet counts are estimates and say so; below it they are exact', async () => {
      const exact = await searchDeployments(t.db, parse('q=phone'), 'english');
      assert.equal(exact.facetsEstimated, false);
      const estimated = await searchDeployments(t.db, parse('q=phone'), 'english', { facetExactMax: 2 });
      assert.equal(estimated.facetsEstimated, true);
      assert.equal(estimated.total, exact.total, 'the total stays exact');
      assert.deepEqual(estimated.items, exact.items.length ? estimated.items : [], 'the same page of results');
      for (const v of estimated.facets.status) assert.ok(v.count > 0 && Number.isInteger(v.count));
      const withFilter = await searchDeployments(t.db, parse('q=phone&country=DE'), 'english', { facetExactMax: 0 });
      assert.equal(withFilter.facetsEstimated, true);
    });

    test('the sample table holds the sampled deployments and follows inserts, updates, assessments and archiving', async () => {
      const expected = async () => (await sql`select ${SAMPLE_COLUMNS} from deployments where sample_bucket < 16 order by id`.execute(t.db)).rows;
      const actual = async () => (await sql`select ${SAMPLE_COLUMNS} from deployment_sample order by id`.execute(t.db)).rows;
      const same = async (step: string) => assert.deepEqual(await actual(), await expected(), step);
      await same('after the import');
      // A new record whose slug falls in the sample, written as an import writes it.
      const base = (await findDeployment(t.db, (await t.db.selectFrom('deployments').select('slug').orderBy('id').executeTakeFirstOrThrow()).slug))!;
      let slug = '';
      for (let i = 0; !slug; i++) if (sampleBucket(`sampled-record-${i}`) < 16) slug = `sampled-record-${i}`;
      const record: Deployment = { ...base, slug, title: 'A sampled record', status: 'suspended' };
      await t.db.transaction().execute((trx) => writeDeploymentRows(trx, [prepareDeployment(record)], 'english'));
      const before = (await actual()).length;
      await same('after an insert');
      assert.ok(before > 0);
      await t.db.transaction().execute((trx) => writeDeploymentRows(trx, [prepareDeployment({ ...record, status: 'ended', countries: ['NO'] })], 'english'));
      await same('after an update');
      const { id } = await t.db.selectFrom('deployments').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
      await saveAssessments(t.db, [{ id, assessed_with: 'x', assessed_hash: 'y', outcomes: ['prohibited'], rules: ['r1'], open: [] }]);
      await same('after an assessment');
      assert.equal(await setArchived(t.db, slug, true), true);
      await same('after archiving');
      // Leaving the sample and coming back (the bucket is derived from the slug; set it directly).
      await sql`update deployments set sample_bucket = 99 where id = ${id}`.execute(t.db);
      await same('after leaving the sample');
      assert.equal((await actual()).length, before - 1);
      await sql`update deployments set sample_bucket = 3 where id = ${id}`.execute(t.db);
      await same('after coming back');
      await sql`delete from deployment_actors where deployment_id = ${id}`.execute(t.db);
      await sql`delete from deployments where id = ${id}`.execute(t.db);
      await same('after a delete');
    });

    test('a total above the threshold is estimated from the sample and says so; the page stays exact', async () => {
      // A filter that the sample sees: the country of a sampled record.
      const { countries } = await t.db.selectFrom('deployment_sample').select('countries').orderBy('id').executeTakeFirstOrThrow();
      const qs = `country=${countries[0]}`;
      const exact = await searchDeployments(t.db, parse(qs), 'english');
      assert.equal(exact.totalEstimated, false, 'a small total is exact');
      assert.deepEqual(exact.estimatedFacets, []);
      const { n } = await t.db.selectFrom('deployments').select((eb) => eb.fn.countAll<string>().as('n')).where('countries', '&&', sql<string[]>`${countries.slice(0, 1)}::text[]`).executeTakeFirstOrThrow();
      assert.equal(exact.total, Number(n));
      const estimated = await searchDeployments(t.db, parse(qs), 'english', { totalExactMax: 0, facetExactMax: 0 });
      assert.equal(estimated.totalEstimated, true);
      assert.deepEqual(estimated.estimatedFacets.sort(), [...FACETS].sort(), 'every facet statement reads more than 0 records');
      const { s } = await t.db.selectFrom('deployment_sample').select((eb) => eb.fn.countAll<string>().as('s')).where('countries', '&&', sql<string[]>`${countries.slice(0, 1)}::text[]`).executeTakeFirstOrThrow();
      assert.equal(estimated.total, Math.round((Number(s) * 100) / 16), 'the sample count, scaled up');
      assert.deepEqual(estimated.items, exact.items, 'the same page of results, in the same order');
      assert.deepEqual(estimated.facets.country.find((v) => v.value === countries[0]), { value: countries[0], count: estimated.total }, 'the chosen country counts the total');
      // Without words or filters the total is the size of the compendium, never estimated.
      const all = await searchDeployments(t.db, parse(''), 'english', { totalExactMax: 0 });
      assert.equal(all.totalEstimated, false);

      // The page and the API say so.
      const view = viewContext(t.catalog.vocabs);
      const facets = Object.fromEntries(FACETS.map((f) => [f, estimated.facets[f].map((v) => ({ ...v, label: v.value }))])) as Record<(typeof FACETS)[number], { value: string; label: string; count: number }[]>;
      assert.ok(facets.status.length > 0);
      const props = { query: parse(qs), items: [], total: 1200, facets };
      const page = renderFragment(view, h(ExploreRegion, { ...props, totalEstimated: true, estimated: ['status' as const] }));
      assert.match(page, /about 1,200 deployments/);
      assert.match(page, /≈/);
      const plain = renderFragment(view, h(ExploreRegion, { ...props, total: exact.total }));
      assert.doesNotMatch(plain, /about|≈/);
      const api = await t.app.inject({ url: `/api/v1/deployments?${qs}` });
      assert.equal(api.json().total_estimated, false);
      assert.deepEqual(api.json().estimated_facets, []);
      assert.equal(api.json().facets_estimated, false);
    });

    test('a count that the first level of the sample sees enough records of is estimated there, the others on the whole sample', async () => {
      // A record in the first bucket, so that the first level sees its country.
      const base = (await findDeployment(t.db, (await t.db.selectFrom('deployments').select('slug').orderBy('id').executeTakeFirstOrThrow()).slug))!;
      let slug = '';
      for (let i = 0; !slug; i++) if (sampleBucket(`first-level-record-${i}`) === 0) slug = `first-level-record-${i}`;
      await t.db.transaction().execute((trx) => writeDeploymentRows(trx, [prepareDeployment({ ...base, slug, countries: ['NO'] })], 'english'));
      const inBucket = async (buckets: number) =>
        Number((await sql<{ n: string }>`select count(*) as n from deployment_sample where countries && '{NO}' and sample_bucket < ${buckets}`.execute(t.db)).rows[0]!.n);
      const first = await inBucket(1);
      assert.ok(first > 0);
      const onFirst = await searchDeployments(t.db, parse('country=NO'), 'english', { totalExactMax: 0, levelRows: 1 });
      assert.equal(onFirst.totalEstimated, true);
      assert.equal(onFirst.total, first * 100, 'counted on 1 % of the records');
      const onWhole = await searchDeployments(t.db, parse('country=NO'), 'english', { totalExactMax: 0, levelRows: first + 1 });
      assert.equal(onWhole.total, Math.round(((await inBucket(16)) * 100) / 16), 'too few on the first level: counted on the whole sample');
      assert.deepEqual(onFirst.items, onWhole.items, 'the page is exact either way');
    });

    test('broad searches rank records with the words in their title first', async () => {
      for (const rankAll of [undefined, 0]) {
        const r = await searchDeployments(t.db, parse('q=monitoring&per_page=100'), 'english', { rankAll });
        assert.ok(r.total > 2);
        const inTitle = r.items.map((i) => /monitor/i.test(i.title));
        assert.ok(inTitle[0], `rankAll=${rankAll}: a title match comes first`);
        if (rankAll === 0) assert.deepEqual(inTitle, [...inTitle].sort((a, b) => Number(b) - Number(a)), 'all title matches before the rest');
      }
    });

    test('above TITLE_RANK_MAX title matches (as the sample puts it), the title matches come first newest first', async () => {
      const parsed = parse('q=monitoring&per_page=100');
      const ranked = await searchDeployments(t.db, parsed, 'english', { rankAll: 0 });
      const newest = await searchDeployments(t.db, parsed, 'english', { rankAll: 0, titleRankMax: -1 });
      assert.equal(newest.total, ranked.total);
      const titled = newest.items.filter((i) => /monitor/i.test(i.title));
      assert.ok(titled.length > 2);
      assert.deepEqual(newest.items.slice(0, titled.length), titled, 'the title matches first');
      const byNewest = [...titled].sort((a, b) => (b.start_year ?? -1) - (a.start_year ?? -1) || (b.period_start ?? '').localeCompare(a.period_start ?? '') || a.title.localeCompare(b.title));
      assert.deepEqual(titled.map((i) => i.slug), byNewest.map((i) => i.slug), 'newest first');
      assert.deepEqual(new Set(newest.items.map((i) => i.slug)), new Set(ranked.items.map((i) => i.slug)), 'the same records as ranked');
    });
  });
}
