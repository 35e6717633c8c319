/**
 * Atom feeds of changes, overall and for a filter of the explore page, through the real app:
 * advertised in the head of each page, valid Atom, newest change first, filters honoured.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { bumpDataVersion, findDeployment, upsertDeployments } from '../../src/repositories/deployments.repository.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

const parser = new XMLParser({ ignoreAttributes: false });

for (const dialect of testDialects()) {
  describe(`feeds on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { cacheVersionTtlMs: 0 });
    });
    after(async () => t?.close());

    const feed = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/atom\+xml/);
      const doc = parser.parse(res.body).feed;
      return { doc, entries: [doc.entry ?? []].flat() as { id: string; title: string | { '#text': string }; updated: string }[] };
    };
    const title = (e: { title: string | { '#text': string } }) => (typeof e.title === 'string' ? e.title : e.title['#text']);

    test('every page advertises the feed of what it lists', async () => {
      const explore = await t.app.inject({ method: 'GET', url: '/deployments?country=GR&category=biometrics_and_identification' });
      assert.match(explore.body, /<link rel="alternate" type="application\/atom\+xml" href="\/feed\.atom\?country=GR&amp;category=biometrics_and_identification"/);
      const home = await t.app.inject({ method: 'GET', url: '/' });
      assert.match(home.body, /<link rel="alternate" type="application\/atom\+xml" href="\/feed\.atom"/);
    });

    test('the whole compendium\'s feed lists every record, each linking to its page', async () => {
      const { doc, entries } = await feed('/feed.atom');
      assert.equal(entries.length, 13);
      assert.equal(doc.title, 'Changes to Borderlens');
      assert.ok(entries.every((e) => e.id.startsWith('http://borderlens.test/deployments/')));
    });

    test('a filtered feed lists only matching records and names the filter', async () => {
      const { doc, entries } = await feed('/feed.atom?country=GR');
      assert.match(String(doc.title), /Greece/);
      assert.deepEqual(entries.map((e) => e.id), ['http://borderlens.test/deployments/eu-iborderctrl']);
    });

    test('a changed record comes first', async () => {
      const record = (await findDeployment(t.db, 'us-ice-atd-isap'))!;
      await t.db.transaction().execute(async (trx) => {
        await upsertDeployments(trx, [{ ...record, summary: `${record.summary} Updated.` }], t.config.searchLanguage);
        await bumpDataVersion(trx);
      });
      const { entries } = await feed('/feed.atom');
      assert.equal(entries[0]!.id, 'http://borderlens.test/deployments/us-ice-atd-isap');
      assert.match(title(entries[0]!), /Intensive Supervision/);
    });

    test('a bad filter is a 400 problem, not a feed', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/feed.atom?country=XX' });
      assert.equal(res.statusCode, 400);
    });
  });
}
