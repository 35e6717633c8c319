/**
 * The public site through the real app: every page renders, links to its JSON twin, loads
 * nothing from another host, shows bad input as a page that says what to do, and renders
 * hostile text inert.
 */
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify as toYaml } from 'yaml';
import { importFiles } from '../../src/services/import-files.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';
import { buildActor, buildDeployment } from '../helpers/records.ts';

const HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">';

/** Every URL an HTML page would load by itself (scripts, styles, images, frames). */
function loadedUrls(html: string): string[] {
  const urls: string[] = [];
  for (const m of html.matchAll(/<(script|img|iframe|source|video|audio)\b[^>]*\ssrc="([^"]*)"/gi)) urls.push(m[2]!);
  for (const m of html.matchAll(/<link\b[^>]*\shref="([^"]*)"[^>]*>/gi)) if (!/rel="alternate"/.test(m[0])) urls.push(m[1]!);
  return urls;
}

for (const dialect of testDialects()) {
  describe(`pages on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
      const dir = await mkdtemp(path.join(tmpdir(), 'borderlens-pages-'));
      await writeFile(path.join(dir, 'a.yaml'), toYaml(buildActor()));
      await writeFile(
        path.join(dir, 'b.yaml'),
        toYaml(buildDeployment({ slug: 'hostile-record', title: `Hostile ${HOSTILE}`, summary: `Summary ${HOSTILE} [1]`, description: `Text ${HOSTILE}\n\n[click](javascript:alert(1))`, concerns: HOSTILE })),
      );
      const summary = await importFiles(t.db, t.catalog, [path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml')], { language: 'english' });
      assert.deepEqual(summary.problems, []);
    });
    after(async () => t?.close());

    const page = async (url: string, headers: Record<string, string> = {}) => {
      const res = await t.app.inject({ method: 'GET', url, headers });
      return { status: res.statusCode, type: String(res.headers['content-type']), html: res.body, headers: res.headers };
    };

    test('every public page renders with a language, one h1 and no resource from another host', async () => {
      const urls = ['/', '/deployments', '/deployments?q=phone&country=DE', '/deployments/eu-iborderctrl', '/actors', '/actors/test-authority', '/countries', '/countries/GR', '/categories', '/categories/mobile_device_extraction', '/about', '/data', '/api'];
      for (const url of urls) {
        const res = await page(url);
        assert.equal(res.status, 200, url);
        assert.match(res.type, /^text\/html/);
        assert.match(res.html, /^<!doctype html><html lang="en" dir="ltr">/, url);
        assert.equal(res.html.match(/<h1[\s>]/g)?.length, 1, `${url} has one h1`);
        for (const u of loadedUrls(res.html)) assert.ok(u.startsWith('/'), `${url} loads ${u} from its own host`);
      }
    });

    test('the explore page shows facets with counts, chips for active filters and download links that keep the filters', async () => {
      const { html } = await page('/deployments?country=DE&sort=title');
      assert.match(html, /aria-current="true"[^>]*><span class="facet-label"><span aria-hidden="true">✓ <\/span>Germany<\/span>/);
      assert.match(html, /class="chip" href="\/deployments\?sort=title"/);
      assert.match(html, /href="\/data\/deployments\.csv\?country=DE&amp;sort=title"/);
      assert.match(html, /<link rel="alternate" type="application\/json" href="\/api\/v1\/deployments\?country=DE&amp;sort=title"/);
    });

    test('with htmx the explore page answers with the results region only', async () => {
      const full = await page('/deployments?q=phone');
      const fragment = await page('/deployments?q=phone', { 'hx-request': 'true' });
      assert.match(fragment.html, /^<div id="explore"/);
      assert.doesNotMatch(fragment.html, /<html/);
      assert.ok(full.html.includes(fragment.html.slice(0, 200)));
      assert.match(String(full.headers.vary), /HX-Request/i);
    });

    test('a deployment page shows key facts, numbered citations linking to sources, and related records', async () => {
      const { html } = await page('/deployments/eu-iborderctrl');
      assert.match(html, /<a href="#source-1"[^>]*>\[1\]<\/a>/);
      assert.match(html, /<li id="source-1" value="1">/);
      assert.match(html, /href="\/countries\/GR">Greece<\/a>/);
      assert.match(html, /href="\/categories\/emotion_recognition_and_lie_detection"/);
      assert.match(html, /Related deployments/);
      assert.match(html, /Not known/, 'unknown safeguards are shown as not known');
    });

    test('hostile text in a record is stored verbatim and rendered inert', async () => {
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/deployments/hostile-record' });
      assert.ok(api.json().title.includes('<script>'), 'stored verbatim');
      const { html } = await page('/deployments/hostile-record');
      assert.doesNotMatch(html, /<script>window/);
      assert.doesNotMatch(html, /<img src=x/);
      assert.doesNotMatch(html, /href="javascript:/);
      assert.match(html, /&lt;script&gt;window.__pwned = 1&lt;\/script&gt;/);
      const explore = await page('/deployments?q=hostile');
      assert.doesNotMatch(explore.html, /<script>window/);
    });

    test('bad input gets a 400 page that names the fields; unknown addresses a 404 page with a search box', async () => {
      const bad = await page('/deployments?country=XX&per_page=9999');
      assert.equal(bad.status, 400);
      assert.match(bad.type, /^text\/html/);
      assert.match(bad.html, /<code>country\.0<\/code>/);
      assert.match(bad.html, /<code>per_page<\/code>/);
      for (const url of ['/deployments/no-such-record', '/actors/nobody', '/countries/XX', '/categories/nothing', '/no/such/page']) {
        const res = await page(url);
        assert.equal(res.status, 404, url);
        assert.match(res.html, /Page not found/);
        assert.match(res.html, /role="search"/);
      }
    });

    test('the about page is generated from the vocabularies', async () => {
      const { html } = await page('/about');
      for (const vocab of Object.values(t.catalog.vocabs.byId)) {
        for (const term of vocab.terms) assert.ok(html.includes(`id="${vocab.id}-${term.id}"`), `${vocab.id}.${term.id}`);
      }
    });

    test('responses are compressed and carry an ETag; a matching If-None-Match gets 304', async () => {
      const first = await t.app.inject({ method: 'GET', url: '/deployments', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(first.headers['content-encoding'], 'gzip');
      const etag = String(first.headers.etag);
      assert.ok(etag);
      const again = await t.app.inject({ method: 'GET', url: '/deployments', headers: { 'if-none-match': etag, 'accept-encoding': 'gzip' } });
      assert.equal(again.statusCode, 304);
    });
  });
}
