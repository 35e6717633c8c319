/**
 * Related records on a deployment's page: the newest records sharing a category and a country,
 * then the newest of the same category elsewhere. They are read through the pairs table that
 * triggers keep; these tests hold them to that definition, computed plainly from every record,
 * on a compendium varied enough for every step to matter, and through writes that move records
 * between combinations.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Deployment, DeploymentSummary } from '../../src/domain/deployment.ts';
import { completeRelated, findDeployment, findDeploymentPage, prepareDeployment, RELATED, writeDeploymentRows } from '../../src/repositories/deployments.repository.ts';
import { termIds } from '../../src/domain/vocabulary.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

const COUNTRIES = ['GR', 'HU', 'DE', 'US', 'GB', 'NO'];

for (const dialect of testDialects()) {
  describe(`related records, on ${dialect}`, () => {
    let t: TestApp;
    let categories: string[];
    before(async () => {
      t = await createTestApp(dialect);
      // Variants of a starter record over a few countries and categories: some combinations
      // hold more than RELATED records, others fewer, some records have two of each.
      const base = (await findDeployment(t.db, 'eu-iborderctrl'))!;
      categories = termIds(t.catalog.vocabs, 'categories').slice(0, 4);
      const variants: Deployment[] = [];
      for (let i = 0; i < 60; i++) {
        const countries = i % 7 === 0 ? [COUNTRIES[i % 6]!, COUNTRIES[(i + 1) % 6]!] : [COUNTRIES[(i * i) % 6]!];
        const cats = i % 5 === 0 ? [categories[i % 4]!, categories[(i + 2) % 4]!] : [categories[(i >> 1) % 4]!];
        variants.push({ ...base, slug: `variant-${String(i).padStart(2, '0')}`, title: `Variant ${i}`, countries, categories: cats });
      }
      await t.db.transaction().execute((trx) => writeDeploymentRows(trx, variants.map((r) => prepareDeployment(r)), 'english'));
    });
    after(async () => t?.close());

    /** The definition, from every record: same category and a country first, then same category, newest first. */
    async function expected(slug: string): Promise<string[]> {
      const rows = await t.db.selectFrom('deployments').select(['id', 'slug', 'categories', 'countries']).orderBy('id', 'desc').execute();
      const me = rows.find((r) => r.slug === slug)!;
      const shares = (a: string[], b: string[]) => a.some((x) => b.includes(x));
      const others = rows.filter((r) => r.slug !== slug && shares(r.categories, me.categories));
      const both = others.filter((r) => shares(r.countries, me.countries));
      const rest = others.filter((r) => !shares(r.countries, me.countries));
      return [...both, ...rest].slice(0, RELATED).map((r) => r.slug);
    }

    async function related(slug: string): Promise<DeploymentSummary[]> {
      const found = (await findDeploymentPage(t.db, slug))!;
      return completeRelated(t.db, found.record, found.related);
    }

    test('every record lists the related records the definition gives, with their summaries', async () => {
      const slugs = (await t.db.selectFrom('deployments').select('slug').orderBy('slug').execute()).map((r) => r.slug);
      let full = 0;
      for (const slug of slugs) {
        const got = await related(slug);
        assert.deepEqual(got.map((r) => r.slug), await expected(slug), slug);
        if (got.length === RELATED) full++;
      }
      assert.ok(full > 40, 'most records have a full list');
      const [first] = await related('variant-00');
      const row = await t.db.selectFrom('deployments').select(['slug', 'title', 'summary', 'countries', 'status', 'period_start', 'period_end']).where('slug', '=', first!.slug).executeTakeFirstOrThrow();
      assert.deepEqual(first, row, 'a related record carries the summary columns as they are stored');
    });

    test('the pairs follow records that change category or country, and records that go', async () => {
      const pairs = async () => (await sql<{ p: string }>`select category || '/' || country || '/' || id as p from deployment_pairs order by 1`.execute(t.db)).rows.map((r) => r.p);
      const fromRecords = async () =>
        (await sql<{ p: string }>`select c || '/' || k || '/' || id as p from deployments, unnest(categories) c, unnest(countries) k order by 1`.execute(t.db)).rows.map((r) => r.p);
      assert.deepEqual(await pairs(), await fromRecords(), 'after the import');

      const moved = (await findDeployment(t.db, 'variant-03'))!;
      await t.db.transaction().execute((trx) => writeDeploymentRows(trx, [prepareDeployment({ ...moved, countries: ['FR', 'GR'], categories: [categories[3]!] })], 'english'));
      assert.deepEqual(await pairs(), await fromRecords(), 'after an update');
      assert.deepEqual((await related('variant-03')).map((r) => r.slug), await expected('variant-03'));
      for (const slug of ['variant-01', 'variant-10']) assert.deepEqual((await related(slug)).map((r) => r.slug), await expected(slug), slug);

      await sql`update deployments set status = 'ended' where slug = 'variant-04'`.execute(t.db);
      assert.deepEqual(await pairs(), await fromRecords(), 'after an update of other columns');

      const { id } = await t.db.selectFrom('deployments').select('id').where('slug', '=', 'variant-05').executeTakeFirstOrThrow();
      await sql`delete from deployment_actors where deployment_id = ${id}`.execute(t.db);
      await sql`delete from deployments where id = ${id}`.execute(t.db);
      assert.deepEqual(await pairs(), await fromRecords(), 'after a delete');
    });
  });
}
