/**
 * The paths search takes on large results, exercised on a small compendium by lowering the
 * threshold: estimated facet counts from the fixed sample, and title-first ranking.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildSearchQuerySchema } from '../../src/domain/search-query.ts';
import { searchDeployments } from '../../src/repositories/search.repository.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

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

    test('broad searches rank records with the words in their title first', async () => {
      for (const rankAll of [undefined, 0]) {
        const r = await searchDeployments(t.db, parse('q=monitoring&per_page=100'), 'english', { rankAll });
        assert.ok(r.total > 2);
        const inTitle = r.items.map((i) => /monitor/i.test(i.title));
        assert.ok(inTitle[0], `rankAll=${rankAll}: a title match comes first`);
        if (rankAll === 0) assert.deepEqual(inTitle, [...inTitle].sort((a, b) => Number(b) - Number(a)), 'all title matches before the rest');
      }
    });
  });
}
