/**
 * Hostile records in a real browser (issue 4): records and actors whose every free-text field
 * holds a payload that would set `window.__pwned`, open a dialog or load something from another
 * host are imported, and their pages, the actor pages, the explore results (with and without
 * htmx) and a search for each payload are opened. No payload may run, no dialog may open and no
 * request may leave the test server.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { importFiles } from '../../src/services/import-files.ts';
import { HOSTILE_PAYLOADS, PWNED, hostileActorSlug, hostileRecords, hostileSlug } from '../helpers/hostile.ts';
import { launchChromium, skipWithoutChromium, startServer, type Server } from './support.ts';

const skip = skipWithoutChromium();
let server: Server;
let browser: Browser;
let dir: string;

/** Payloads that would also open a dialog, beside the shared set. */
const DIALOG_PAYLOADS = ['<script>alert(document.domain)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))'];

before(async () => {
  if (skip) return;
  server = await startServer();
  browser = await launchChromium();
  dir = await mkdtemp(path.join(tmpdir(), 'borderlens-hostile-browser-'));
  const { actors, deployments } = hostileRecords();
  const dialogRecord = { ...deployments[0]!, slug: 'hostile-dialog', title: DIALOG_PAYLOADS[0], summary: DIALOG_PAYLOADS[1], description: DIALOG_PAYLOADS.join('\n\n'), concerns: DIALOG_PAYLOADS.join(' ') };
  const actorsFile = path.join(dir, 'actors.json');
  const recordsFile = path.join(dir, 'records.json');
  await writeFile(actorsFile, JSON.stringify(actors));
  await writeFile(recordsFile, JSON.stringify([...deployments, dialogRecord]));
  const summary = await importFiles(server.testApp.db, server.testApp.catalog, [actorsFile, recordsFile], { language: server.testApp.config.searchLanguage });
  assert.deepEqual(summary.problems, []);
});

after(async () => {
  await browser?.close();
  await server?.testApp.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

for (const javaScriptEnabled of [true, false]) {
  describe(`hostile records with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, { skip }, () => {
    let context: BrowserContext;
    let page: Page;
    const dialogs: string[] = [];
    const elsewhere: string[] = [];

    before(async () => {
      context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(10_000);
      // Any request for another host is recorded and refused, so nothing can leave even if the CSP failed.
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.host === server.host || url.protocol === 'data:') return route.continue();
        elsewhere.push(route.request().url());
        return route.abort();
      });
      page = await context.newPage();
      page.on('dialog', (d) => {
        dialogs.push(`${d.type()}: ${d.message()}`);
        void d.dismiss();
      });
      page.on('request', (r) => {
        const url = new URL(r.url());
        if (url.host !== server.host && url.protocol !== 'data:') elsewhere.push(r.url());
      });
    });

    after(async () => {
      await context?.close();
    });

    async function visit(url: string) {
      const res = await page.goto(`${server.origin}${url}`);
      assert.equal(res?.status(), 200, url);
      await page.waitForLoadState('load');
      if (javaScriptEnabled) {
        // Let deferred scripts and htmx settle, then look for what a payload would have left.
        await page.waitForTimeout(20);
        assert.equal(await page.evaluate((name) => (window as unknown as Record<string, unknown>)[name], PWNED), undefined, `a payload ran on ${url}`);
      }
      assert.deepEqual(dialogs, [], `a dialog opened on ${url}`);
      assert.deepEqual(elsewhere, [], `a request left the test server from ${url}`);
    }

    test('deployment and actor pages', async () => {
      for (const [i, p] of HOSTILE_PAYLOADS.entries()) {
        await visit(`/deployments/${hostileSlug(i)}`);
        // The payload is on the page as text a reader can see.
        assert.equal(await page.locator('h1').first().textContent(), p.text.replace(/\r\n?/g, '\n'), p.name);
        await visit(`/actors/${hostileActorSlug(i)}`);
      }
      await visit('/deployments/hostile-dialog');
      await visit('/actors');
    });

    test('explore results, and a search for each payload', async () => {
      await visit('/deployments?per_page=100');
      for (const p of [...HOSTILE_PAYLOADS.map((x) => x.text), ...DIALOG_PAYLOADS]) {
        await visit(`/deployments?q=${encodeURIComponent(p)}`);
        // The search box holds what was searched for, as text.
        assert.equal(await page.locator('#explore input[name="q"], input[name="q"]').first().inputValue(), p.trim().replace(/[\r\n]/g, ''));
      }
      if (javaScriptEnabled) {
        // htmx swaps results in place: a payload in swapped-in HTML must not run either.
        await visit('/deployments');
        const input = page.locator('input[name="q"]').first();
        await input.fill(HOSTILE_PAYLOADS[0]!.text);
        await input.press('Enter');
        await page.waitForLoadState('load');
        await page.waitForTimeout(200);
        assert.equal(await page.evaluate((name) => (window as unknown as Record<string, unknown>)[name], PWNED), undefined);
        assert.deepEqual(dialogs, []);
        assert.deepEqual(elsewhere, []);
      }
    });
  });
}
