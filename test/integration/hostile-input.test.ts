/**
 * Hostile text through every write path and every way out (issue 4, injection and XSS): records
 * and actors carrying script tags, event handlers, javascript: URLs, SQL metacharacters,
 * right-to-left overrides and more in every free-text field are imported from each file format,
 * stored byte for byte (the API gives back what was sent), and shown inert on every page, in the
 * feed and in the downloads. Overlong text is rejected whole with the field named, never cut;
 * bytes that are not UTF-8, NUL characters and unpaired surrogates are problems of the file,
 * never a crash. Suggestions from the public form are kept verbatim and shown inert too.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as toCsvText } from 'csv-stringify/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { stringify as toYaml } from 'yaml';
import { CSV_COLUMNS, csvRowToRecord, recordToCsvRow } from '../../src/domain/csv-shape.ts';
import type { Deployment } from '../../src/domain/deployment.ts';
import { findDeployment } from '../../src/repositories/deployments.repository.ts';
import { createUser } from '../../src/services/accounts.ts';
import { importFiles, type ImportSummary } from '../../src/services/import-files.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';
import {
  ACTOR_TEXT_FIELDS,
  DEPLOYMENT_TEXT_FIELDS,
  HOSTILE_PAYLOADS,
  actorWithText,
  decodeEntities,
  deploymentWithText,
  getPath,
  hostileActorSlug,
  hostileRecords,
  hostileSlug,
  inertnessProblems,
  textOfLength,
} from '../helpers/hostile.ts';
import { buildActor, buildDeployment } from '../helpers/records.ts';

const PASSWORD = 'amber meadow compass 58';
const { actors, deployments } = hostileRecords();

/** Characters XML 1.0 cannot carry are left out of the feed, and XML reads every line break as "\n". */
const asXmlReadsIt = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/\r\n?/g, '\n');

for (const dialect of testDialects()) {
  describe(`hostile input on ${dialect}`, () => {
    let t: TestApp;
    let dir: string;
    let n = 0;
    before(async () => {
      t = await createTestApp(dialect, { cacheVersionTtlMs: 0 });
      dir = await mkdtemp(path.join(tmpdir(), 'borderlens-hostile-'));
    });
    after(async () => {
      await t?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    const file = async (name: string, content: string | Buffer) => {
      const p = path.join(dir, `${n++}-${name}`);
      await writeFile(p, content);
      return p;
    };
    const run = (files: string[]) => importFiles(t.db, t.catalog, files, { language: t.config.searchLanguage });
    const get = async (url: string, headers: Record<string, string> = {}) => {
      const res = await t.app.inject({ method: 'GET', url, headers });
      assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 500)}`);
      return res;
    };
    const assertInert = (html: string, where: string) => assert.deepEqual(inertnessProblems(html), [], `${where} is not inert`);
    const csvOf = (records: Record<string, unknown>[]) =>
      toCsvText([[...CSV_COLUMNS], ...records.map((r) => { const row = recordToCsvRow(r as unknown as Deployment, ''); return CSV_COLUMNS.map((c) => row[c]); })]);

    test('records carrying the payloads import from every format without a problem', async () => {
      const actorFile = await file('actors.yaml', toYaml(actors));
      // Each format gets a share of the records, so each writer and reader sees hostile text.
      const share = (k: number) => deployments.filter((_, i) => i % 4 === k);
      const files = [
        actorFile,
        await file('records.yaml', toYaml(share(0))),
        await file('records.json', JSON.stringify(share(1))),
        await file('records.jsonl', share(2).map((r) => JSON.stringify(r)).join('\n')),
        await file('records.csv', csvOf(share(3))),
      ];
      const summary = await run(files);
      assert.deepEqual(summary.problems, []);
      assert.equal(summary.created, actors.length + deployments.length);
    });

    test('the API gives back every field byte for byte', async () => {
      for (const [i, record] of deployments.entries()) {
        const res = await get(`/api/v1/deployments/${hostileSlug(i)}`);
        assert.deepEqual(res.json(), record, HOSTILE_PAYLOADS[i]!.name);
        const actor = (await get(`/api/v1/actors/${hostileActorSlug(i)}`)).json() as Record<string, unknown>;
        for (const field of ACTOR_TEXT_FIELDS) assert.equal(getPath(actor, field.path), HOSTILE_PAYLOADS[i]!.text, `actor ${field.path.join('.')}: ${HOSTILE_PAYLOADS[i]!.name}`);
      }
      const list = (await get('/api/v1/deployments?per_page=100&sort=title')).json() as { items: { slug: string; title: string; summary: string }[] };
      for (const [i, p] of HOSTILE_PAYLOADS.entries()) {
        const item = list.items.find((x) => x.slug === hostileSlug(i));
        assert.deepEqual([item?.title, item?.summary], [p.text, p.text], p.name);
      }
    });

    test('deployment pages show every payload as text, and nothing in them runs', async () => {
      for (const [i, p] of HOSTILE_PAYLOADS.entries()) {
        const res = await get(`/deployments/${hostileSlug(i)}`);
        assertInert(res.body, `the page of ${p.name}`);
        assert.ok(decodeEntities(res.body).includes(p.text), `the page of ${p.name} shows it as written`);
        assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
      }
      // The checker passes the site's own pages, and fails a page with a payload as markup.
      assertInert((await get('/deployments/eu-iborderctrl')).body, 'a starter record');
      assert.notDeepEqual(inertnessProblems(`<p>${HOSTILE_PAYLOADS[2]!.text}</p>`), []);
    });

    test('actor pages and the actor list show every payload as text', async () => {
      for (const [i, p] of HOSTILE_PAYLOADS.entries()) {
        const res = await get(`/actors/${hostileActorSlug(i)}`);
        assertInert(res.body, `the actor page of ${p.name}`);
        assert.ok(decodeEntities(res.body).includes(p.text), `the actor page of ${p.name} shows it as written`);
      }
      const list = await get('/actors');
      assertInert(list.body, 'the actor list');
      for (const p of HOSTILE_PAYLOADS) assert.ok(decodeEntities(list.body).includes(p.text), p.name);
    });

    test('explore results, browse pages and a search for each payload are inert', async () => {
      for (const url of ['/deployments?per_page=100', '/deployments?per_page=100&sort=title', '/countries/MT', '/categories/aerial_and_maritime_surveillance', '/']) {
        const res = await get(url);
        assertInert(res.body, url);
        if (url.startsWith('/deployments')) for (const p of HOSTILE_PAYLOADS) assert.ok(decodeEntities(res.body).includes(p.text), `${url} lists ${p.name}`);
      }
      for (const p of HOSTILE_PAYLOADS) {
        const url = `/deployments?q=${encodeURIComponent(p.text)}`;
        const page = await t.app.inject({ method: 'GET', url });
        assert.ok(page.statusCode === 200 || page.statusCode === 400, `${p.name}: ${page.statusCode}`);
        assertInert(page.body, `a search for ${p.name}`);
        if (page.statusCode === 200) assert.ok(decodeEntities(page.body).includes(p.text.trim()), `a search for ${p.name} shows the words searched for`);
        const fragment = await t.app.inject({ method: 'GET', url, headers: { 'hx-request': 'true' } });
        assert.ok(fragment.statusCode < 500, `${p.name}: ${fragment.statusCode}`);
        assertInert(fragment.body, `the results region of a search for ${p.name}`);
        const api = await t.app.inject({ method: 'GET', url: `/api/v1/deployments?q=${encodeURIComponent(p.text)}` });
        assert.ok(api.statusCode === 200 || api.statusCode === 400, `${p.name}: ${api.statusCode}`);
      }
    });

    test('the Atom feed is well-formed and carries each title and summary as escaped text', async () => {
      for (const url of ['/feed.atom', ...HOSTILE_PAYLOADS.map((p) => `/feed.atom?q=${encodeURIComponent(p.text)}`)]) {
        const res = await t.app.inject({ method: 'GET', url });
        assert.ok(res.statusCode === 200 || res.statusCode === 400, `${url}: ${res.statusCode}`);
        if (res.statusCode !== 200) continue;
        assert.equal(XMLValidator.validate(res.body), true, `${url} is well-formed XML`);
      }
      const res = await get('/feed.atom');
      const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' }).parse(res.body).feed;
      const entries = [doc.entry ?? []].flat() as { id: string; title: { '#text': string; '@_type': string }; summary: { '#text': string } }[];
      for (const [i, p] of HOSTILE_PAYLOADS.entries()) {
        const entry = entries.find((e) => e.id.endsWith(`/deployments/${hostileSlug(i)}/history#revision-1`));
        assert.ok(entry, `the feed lists ${p.name}`);
        // type="html": the text is HTML, so a payload must arrive escaped, with no markup in it.
        const [title, summary] = [String(entry.title['#text']), String(entry.summary['#text'])];
        for (const value of [title, summary]) assert.ok(!value.includes('<'), `${p.name} is escaped in the feed: ${value}`);
        assert.equal(decodeEntities(title), `Added: ${asXmlReadsIt(p.text)}`, p.name);
        assert.ok(decodeEntities(summary).endsWith(` ${asXmlReadsIt(p.text)}`), `${p.name}: ${summary}`);
      }
    });

    test('downloads give back every value as sent, as data a browser will not render', async () => {
      const csv = await get('/data/deployments.csv?category=aerial_and_maritime_surveillance');
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.equal(csv.headers['x-content-type-options'], 'nosniff');
      const rows = parseCsv(csv.body, { columns: true, bom: true }) as Record<string, string>[];
      const json = await get('/data/deployments.json?category=aerial_and_maritime_surveillance');
      assert.match(String(json.headers['content-type']), /^application\/json/);
      const fromJson = json.json() as Record<string, unknown>[];
      const jsonl = (await get('/data/compendium.jsonl')).body.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      const actorCsv = parseCsv((await get('/data/actors.csv')).body, { columns: true, bom: true }) as Record<string, string>[];
      for (const [i, record] of deployments.entries()) {
        const name = HOSTILE_PAYLOADS[i]!.name;
        const row = rows.find((r) => r.slug === hostileSlug(i));
        assert.ok(row, name);
        const back = csvRowToRecord(row);
        assert.ok(back.ok, name);
        for (const field of DEPLOYMENT_TEXT_FIELDS) assert.equal(getPath(back.value, field.path), getPath(record, field.path), `CSV ${field.path.join('.')}: ${name}`);
        for (const list of [fromJson, jsonl]) {
          const { page_url: _url, ...found } = list.find((r) => r.slug === hostileSlug(i)) ?? {};
          assert.deepEqual(found, record, name);
        }
        assert.equal(actorCsv.find((a) => a.slug === hostileActorSlug(i))?.name, HOSTILE_PAYLOADS[i]!.text, name);
      }
    });

    test('text over a field\'s limit is rejected with the field named, never cut to fit', async () => {
      await run([await file('actor.yaml', toYaml(buildActor()))]);
      const check = async (summary: ImportSummary, field: string, what: string) => {
        assert.equal(summary.created + summary.updated, 0, what);
        assert.equal(summary.rejected, 1, what);
        assert.ok(summary.problems.some((p) => p.path === field && /too big|at most|<=/i.test(p.message) && p.file?.endsWith('.json')), `${what}: ${JSON.stringify(summary.problems)}`);
      };
      for (const field of DEPLOYMENT_TEXT_FIELDS) {
        const slug = `overlong-${field.path.join('-').replace(/_/g, '-')}`;
        const record = deploymentWithText(slug, (f) => (f === field ? textOfLength(field.max + 1) : 'ok'));
        await check(await run([await file('overlong.json', JSON.stringify(record))]), field.path.join('.'), `deployment ${field.path.join('.')}`);
        assert.equal(await findDeployment(t.db, slug), undefined);
      }
      for (const field of ACTOR_TEXT_FIELDS) {
        const actor = actorWithText('overlong-actor', (f) => (f === field ? textOfLength(field.max + 1) : 'ok'));
        await check(await run([await file('overlong-actor.json', JSON.stringify(actor))]), field.path.join('.'), `actor ${field.path.join('.')}`);
        assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/actors/overlong-actor' })).statusCode, 404);
      }
      // Far over the limit is the same answer, not a crash.
      const huge = await run([await file('huge.json', JSON.stringify(buildDeployment({ slug: 'huge', title: 'x'.repeat(5_000_000) })))]);
      await check(huge, 'title', 'a five-million-character title');
    });

    test('text exactly at each limit is kept whole', async () => {
      const record = deploymentWithText('at-the-limit', (f) => textOfLength(f.max));
      const actor = actorWithText('at-the-limit-actor', (f) => textOfLength(f.max));
      const summary = await run([await file('limit-actor.json', JSON.stringify(actor)), await file('limit.json', JSON.stringify(record))]);
      assert.deepEqual(summary.problems, []);
      assert.deepEqual((await get('/api/v1/deployments/at-the-limit')).json(), record);
      const page = await get('/deployments/at-the-limit');
      assertInert(page.body, 'a page with text at every limit');
      const back = (await get('/api/v1/actors/at-the-limit-actor')).json() as Record<string, unknown>;
      for (const field of ACTOR_TEXT_FIELDS) assert.equal(getPath(back, field.path), textOfLength(field.max));
    });

    test('a file that is not valid UTF-8 is rejected with a problem naming it, in every format', async () => {
      const record = buildDeployment({ slug: 'not-utf8', title: 'TITLE' });
      const texts: Record<string, string> = {
        yaml: toYaml(record),
        json: JSON.stringify(record),
        jsonl: JSON.stringify(record),
        csv: csvOf([record]),
      };
      const bad: [string, number[]][] = [
        ['a stray byte', [0xff]],
        ['an overlong encoding of "/"', [0xc0, 0xaf]],
        ['a surrogate encoded as UTF-8', [0xed, 0xa0, 0x80]],
        ['a sequence cut short', [0xe2, 0x82]],
        ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
        ['a lone continuation byte', [0x80]],
      ];
      for (const [format, text] of Object.entries(texts)) {
        const [head, tail] = text.split('TITLE') as [string, string];
        for (const [what, bytes] of bad) {
          const p = await file(`bad.${format}`, Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]));
          const summary = await run([p]);
          assert.equal(summary.created, 0, `${format}, ${what}`);
          assert.deepEqual(summary.problems.map((x) => [x.file, x.message]), [[p, 'the file is not valid UTF-8']], `${format}, ${what}`);
        }
        // U+FFFD written as valid UTF-8 is a character like any other.
        const ok = await run([await file(`ok.${format}`, Buffer.from(text.replace('TITLE', 'Title \uFFFD kept')))]);
        assert.deepEqual(ok.problems, [], format);
        assert.equal((await findDeployment(t.db, 'not-utf8'))?.title, 'Title \uFFFD kept');
        await t.db.deleteFrom('deployment_actors').where('deployment_id', 'in', t.db.selectFrom('deployments').select('id').where('slug', '=', 'not-utf8')).execute();
        await t.db.deleteFrom('deployments').where('slug', '=', 'not-utf8').execute();
      }
    });

    test('NUL characters and unpaired surrogates are problems naming the field, not database errors', async () => {
      const cases: [string, string][] = [
        ['nul.json', JSON.stringify(buildDeployment({ slug: 'has-nul', title: 'a\u0000b' }))],
        ['surrogate.json', JSON.stringify(buildDeployment({ slug: 'has-surrogate', summary: 'a \uD800 b' }))],
        ['low-surrogate.jsonl', JSON.stringify(buildDeployment({ slug: 'has-low', sources: [{ id: 1, title: 'x\uDC00' }] }))],
        ['nul.yaml', toYaml(buildDeployment({ slug: 'yaml-nul', description: 'a\u0000b' }))],
        ['surrogate.yaml', `${toYaml(buildDeployment({ slug: 'yaml-surrogate' }))}legal_basis: "a \\uD800 b"\n`],
        ['nul.csv', csvOf([buildDeployment({ slug: 'csv-nul', concerns: 'a\u0000b' })])],
        ['actor-nul.json', JSON.stringify(buildActor({ slug: 'nul-actor', name: 'a\u0000b' }))],
      ];
      const expected: Record<string, string> = {
        'nul.json': 'title',
        'surrogate.json': 'summary',
        'low-surrogate.jsonl': 'sources.0.title',
        'nul.yaml': 'description',
        'surrogate.yaml': 'legal_basis',
        'nul.csv': 'concerns',
        'actor-nul.json': 'name',
      };
      for (const [name, content] of cases) {
        const p = await file(name, content);
        const summary = await run([p]);
        assert.equal(summary.created, 0, name);
        assert.ok(summary.problems.some((x) => x.file === p && x.path === expected[name] && /NUL|surrogate/.test(x.message)), `${name}: ${JSON.stringify(summary.problems)}`);
      }
    });

    describe('suggestions', () => {
      let pre = '';
      let address = 0;
      before(async () => {
        const form = await get('/suggest');
        pre = form.cookies.find((c) => c.name === 'bl_csrf')!.value;
        assert.ok('id' in (await createUser(t.db, { login: 'editor', displayName: 'editor', role: 'editor', password: PASSWORD }, null)));
      });
      // A new client address for each post, so the rate limit does not answer instead.
      const suggest = (fields: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: '/suggest',
          cookies: { bl_csrf: pre },
          remoteAddress: `10.9.${Math.floor(++address / 250)}.${(address % 250) + 1}`,
          payload: new URLSearchParams({ _csrf: pre, ...fields }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });

      test('are kept verbatim, and the form shows rejected input back inert', async () => {
        for (const p of HOSTILE_PAYLOADS) {
          assert.ok(p.text.length >= 10);
          const ok = await suggest({ kind: 'new', what: p.text, place: p.text, sources: p.text });
          assert.equal(ok.statusCode, 200, `${p.name}: ${ok.body.slice(0, 300)}`);
          assertInert(ok.body, `the thanks page after ${p.name}`);
          const back = await suggest({ kind: 'correction', what: p.text, place: p.text, sources: p.text });
          assert.equal(back.statusCode, 400, p.name);
          assertInert(back.body, `the form shown again with ${p.name}`);
          assert.ok(decodeEntities(back.body).includes(p.text), `the form keeps ${p.name} as typed`);
        }
        const rows = await t.db.selectFrom('suggestions').select(['what', 'place', 'sources']).orderBy('id').execute();
        assert.deepEqual(rows, HOSTILE_PAYLOADS.map((p) => ({ what: p.text, place: p.text, sources: p.text })));
        const tooLong = await suggest({ kind: 'new', what: textOfLength(5001), place: textOfLength(301), sources: textOfLength(5001) });
        assert.equal(tooLong.statusCode, 400);
        assertInert(tooLong.body, 'the form with overlong text');
        const nul = await suggest({ kind: 'new', what: 'a NUL \u0000 in the middle', sources: 'https://example.org/\u0000' });
        assert.equal(nul.statusCode, 400);
        const huge = await suggest({ kind: 'new', what: 'x'.repeat(100_000), sources: 'https://example.org/' });
        assert.ok(huge.statusCode >= 400 && huge.statusCode < 500, `a body over the limit: ${huge.statusCode}`);
      });

      test('the editors\' queue shows them inert', async () => {
        const form = await get('/login');
        const c = form.cookies.find((x) => x.name === 'bl_csrf')!.value;
        const res = await t.app.inject({ method: 'POST', url: '/login', cookies: { bl_csrf: c }, payload: new URLSearchParams({ login: 'editor', password: PASSWORD, _csrf: c }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        const session = res.cookies.find((x) => x.name === 'bl_session')!.value;
        const queue = await t.app.inject({ method: 'GET', url: '/review/suggestions', cookies: { bl_session: session } });
        assert.equal(queue.statusCode, 200);
        assertInert(queue.body, 'the queue');
        for (const p of HOSTILE_PAYLOADS) assert.ok(decodeEntities(queue.body).includes(p.text), `the queue shows ${p.name}`);
      });
    });
  });
}
