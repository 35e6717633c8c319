/**
 * Atom feeds of changes, overall and for a filter of the explore page, through the real app:
 * advertised in the head of each page, valid Atom, newest change first, filters honoured.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { bumpDataVersion, findDeployment, upsertDeployments } from '../../src/repositories/deployments.repository.ts';
import { insertRevision } from '../../src/repositories/revisions.repository.ts';
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

    test('the whole compendium\'s feed lists every published change: here the import of each record', async () => {
      const { doc, entries } = await feed('/feed.atom');
      assert.equal(entries.length, 13);
      assert.equal(doc.title, 'Changes to Borderlens');
      assert.ok(entries.every((e) => /^http:\/\/borderlens\.test\/deployments\/[a-z0-9-]+\/history#revision-1$/.test(e.id)), JSON.stringify(entries.map((e) => e.id)));
      assert.ok(entries.every((e) => /^Added: /.test(title(e))));
    });

    test('a filtered feed lists only matching records and names the filter', async () => {
      const { doc, entries } = await feed('/feed.atom?country=GR');
      assert.match(String(doc.title), /Greece/);
      assert.deepEqual(entries.map((e) => e.id), ['http://borderlens.test/deployments/eu-iborderctrl/history#revision-1']);
    });

    test('a published change comes first, naming the fields that changed and the reason', async () => {
      const record = (await findDeployment(t.db, 'us-ice-atd-isap'))!;
      const changed = { ...record, summary: `${record.summary} Updated.` };
      await t.db.transaction().execute(async (trx) => {
        await upsertDeployments(trx, [changed], t.config.searchLanguage);
        await insertRevision(trx, { entity: 'deployment', key: record.slug, snapshot: changed, authorId: null, reason: 'A newer figure' });
        await bumpDataVersion(trx);
      });
      const { entries } = await feed('/feed.atom');
      assert.equal(entries.length, 14);
      assert.equal(entries[0]!.id, 'http://borderlens.test/deployments/us-ice-atd-isap/history#revision-2');
      assert.match(title(entries[0]!), /^Changed: .*Intensive Supervision/);
      const summary = JSON.stringify(entries[0]);
      assert.match(summary, /Changed: summary\./);
      assert.match(summary, /Reason: A newer figure\./);
      const filtered = await feed('/feed.atom?country=US&category=alternatives_to_detention');
      assert.ok(filtered.entries.some((e) => e.id.endsWith('us-ice-atd-isap/history#revision-2')));
      const other = await feed('/feed.atom?country=GR');
      assert.equal(other.entries.length, 1, 'a change elsewhere is not in a Greek feed');
    });

    test('a bad filter is a 400 problem, not a feed', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/feed.atom?country=XX' });
      assert.equal(res.statusCode, 400);
    });
  });
}
