/**
 * A reader's journey through the site, in a real browser, once without JavaScript (plain links
 * and forms) and once with it (htmx swaps the explore results in place): search with a partial
 * word, narrow by a facet, open a deployment, follow a citation to its source, go back and
 * download the filtered result as CSV. No request may leave the test server.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { countryName } from '../../src/domain/countries.ts';
import { launchChromium, skipWithoutChromium, plural, startServer, t, type Server } from './support.ts';

/** The record the journey looks for, a partial word of its title, and one of its countries. */
const SLUG = 'eu-iborderctrl';
const PARTIAL_WORD = 'iBorder';
const COUNTRY = 'HU';

const skip = skipWithoutChromium();
let server: Server;
let browser: Browser;

before(async () => {
  if (skip) return;
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.testApp.close();
});

function resultsHeading(total: number): string {
  return plural('count.deployments', total);
}

/** What the API says the explore page should list for a query (the page shows the same search). */
async function apiTotal(query: string): Promise<number> {
  const res = await server.testApp.app.inject({ method: 'GET', url: `/api/v1/deployments?${query}` });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { total: number }).total;
}

/** The slugs of the result cards on the page, in order. */
async function cardSlugs(page: Page): Promise<string[]> {
  const hrefs = await page.locator('#explore .cards .card-title a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((h) => h.replace(/^\/deployments\//, ''));
}

for (const javaScriptEnabled of [false, true]) {
  describe(`journey with JavaScript ${javaScriptEnabled ? 'on (htmx)' : 'off'}`, { skip }, () => {
    let context: BrowserContext;
    let page: Page;
    const requests: Request[] = [];
    const htmxRequests = () => requests.filter((r) => r.headers()['hx-request'] === 'true');
    let filteredUrl = '';
    const cspViolations: string[] = [];

    before(async () => {
      context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(10_000);
      page = await context.newPage();
      page.on('request', (r) => requests.push(r));
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
      });
    });

    after(async () => {
      await context?.close();
    });

    /** With JavaScript on, a marker on window survives only if no full page load happened. */
    async function setMarker() {
      if (javaScriptEnabled) await page.evaluate(() => ((window as unknown as { __journey: string }).__journey = 'same document'));
    }
    async function assertSameDocument(what: string) {
      if (!javaScriptEnabled) return;
      const marker = await page.evaluate(() => (window as unknown as { __journey?: string }).__journey);
      assert.equal(marker, 'same document', `${what} reloaded the page instead of htmx swapping the results`);
    }

    test('the explore page lists every deployment', async () => {
      await page.goto(`${server.origin}/deployments`);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), t('explore.title'));
      const total = await apiTotal('');
      assert.ok(total > 1, 'the starter compendium has more than one deployment');
      assert.equal(await page.locator('#results-heading').textContent(), resultsHeading(total));
      if (javaScriptEnabled) assert.equal(await page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx), 'object', 'htmx is loaded');
    });

    test(`searching for the partial word "${PARTIAL_WORD}" finds ${SLUG}`, async () => {
      await setMarker();
      const htmxBefore = htmxRequests().length;
      const search = page.getByRole('searchbox', { name: t('explore.searchLabel') });
      await search.fill(PARTIAL_WORD);
      await search.press('Enter');
      await page.waitForURL((url) => url.pathname === '/deployments' && url.searchParams.get('q') === PARTIAL_WORD);
      const total = await apiTotal(`q=${PARTIAL_WORD}`);
      assert.ok(total >= 1 && total < (await apiTotal('')), 'the search narrows the list');
      await page.getByRole('heading', { name: resultsHeading(total), exact: true }).waitFor();
      const slugs = await cardSlugs(page);
      assert.ok(slugs.includes(SLUG), `${SLUG} is among the results: ${slugs.join(', ')}`);
      assert.equal(slugs.length, Math.min(total, 20));
      assert.equal(await search.inputValue(), PARTIAL_WORD, 'the search box keeps the words searched for');

      await assertSameDocument('the search');
      if (javaScriptEnabled) assert.ok(htmxRequests().length > htmxBefore, 'htmx made the search request');
      else assert.equal(htmxRequests().length, 0, 'no htmx request without JavaScript');
    });

    test('a country facet narrows the results and shows a removable filter chip', async () => {
      await setMarker();
      const label = countryName(COUNTRY, 'en');
      const facet = page.getByRole('region', { name: t('facet.country') });
      // The link's name is the label and the count ("Hungary 1"; "✓ Hungary 1" once active).
      const facetLink = facet.getByRole('link', { name: new RegExp(`\\b${label} \\d+$`) });
      await facetLink.click();
      await page.waitForURL((url) => url.searchParams.getAll('country').includes(COUNTRY));
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('q'), PARTIAL_WORD, 'the search words are kept');
      assert.deepEqual(url.searchParams.getAll('country'), [COUNTRY]);

      const chip = page.getByRole('link', { name: t('explore.removeFilter', { label }) });
      await chip.waitFor();
      const chipUrl = new URL((await chip.getAttribute('href'))!, page.url());
      assert.deepEqual(chipUrl.searchParams.getAll('country'), [], 'the chip removes the filter');
      assert.equal(await facetLink.getAttribute('aria-current'), 'true', 'the facet value is marked as active');

      const total = await apiTotal(`q=${PARTIAL_WORD}&country=${COUNTRY}`);
      await page.getByRole('heading', { name: resultsHeading(total), exact: true }).waitFor();
      const countries = await page.locator('#explore .cards .card-meta').evaluateAll((dls) => dls.map((dl) => dl.querySelector('div dd')?.textContent ?? ''));
      assert.ok(countries.length >= 1);
      for (const c of countries) assert.ok(c.split(', ').includes(label), `every card is in ${label}: ${c}`);
      assert.ok((await cardSlugs(page)).includes(SLUG));

      await assertSameDocument('the facet link');
      filteredUrl = page.url();
    });

    test('the result card opens the deployment page', async () => {
      const link = page.locator(`#explore .card-title a[href="/deployments/${SLUG}"]`);
      const title = (await link.textContent())!.trim();
      await link.click();
      await page.waitForURL((url) => url.pathname === `/deployments/${SLUG}`);
      const h1 = page.getByRole('heading', { level: 1 });
      await h1.waitFor();
      assert.equal((await h1.textContent())!.trim(), title);
      assert.equal(await page.locator('#explore').count(), 0, 'the whole page changed, not just the results region');
      assert.ok(await page.getByRole('heading', { name: t('deployment.sources'), level: 2 }).isVisible());
    });

    test('a citation in the summary leads to its numbered source', async () => {
      const cite = page.locator('.lead .cite a').first();
      const label = (await cite.textContent())!;
      const n = /^\[(\d+)\]$/.exec(label)?.[1];
      assert.ok(n, `a citation mark like [1]: ${label}`);
      assert.equal(await cite.getAttribute('aria-label'), t('deployment.citation', { n }));
      await cite.click();
      await page.waitForURL((url) => url.hash === `#source-${n}`);
      assert.equal(new URL(page.url()).pathname, `/deployments/${SLUG}`, 'the citation stays on the page');
      const source = page.locator(`ol.sources > li#source-${n}`);
      assert.equal(await source.count(), 1, `#source-${n} is an entry of the sources list`);
      assert.equal(await page.locator('ol.sources > li:target').getAttribute('id'), `source-${n}`, 'the source is the target of the URL');
      assert.ok(((await source.textContent()) ?? '').trim().length > 0, 'the source is described');
      assert.ok(await source.isVisible());
    });

    test('going back returns to the filtered explore page', async () => {
      for (let i = 0; i < 3 && page.url() !== filteredUrl; i++) await page.goBack();
      assert.equal(page.url(), filteredUrl);
      const label = countryName(COUNTRY, 'en');
      await page.getByRole('link', { name: t('explore.removeFilter', { label }) }).waitFor();
      assert.equal(await page.getByRole('searchbox', { name: t('explore.searchLabel') }).inputValue(), PARTIAL_WORD);
    });

    test('the CSV link downloads exactly the filtered results', async () => {
      const shown = await cardSlugs(page);
      const csvLink = page.locator('#explore .downloads').getByRole('link', { name: 'CSV', exact: true });
      const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
      const path = await download.path();
      const text = await readFile(path, 'utf8');
      const rows = parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
      const header = parse(text, { to_line: 1, bom: true })[0] as string[];
      assert.ok(header.includes('slug') && header.includes('page_url'), `the header names slug and page_url: ${header.join(',')}`);
      assert.ok(header.includes('countries'));
      assert.ok(rows.length >= 1, 'the download has rows');
      for (const row of rows) {
        assert.ok(row.countries!.split(/;\s*/).includes(COUNTRY), `row ${row.slug} is in ${COUNTRY}: ${row.countries}`);
        assert.ok(row.page_url!.endsWith(`/deployments/${row.slug}`), `page_url of ${row.slug}: ${row.page_url}`);
      }
      assert.deepEqual(rows.map((r) => r.slug).sort(), [...shown].sort(), 'the CSV holds the deployments the page lists');
      const csvUrl = new URL(download.url());
      assert.equal(csvUrl.searchParams.get('q'), PARTIAL_WORD);
      assert.deepEqual(csvUrl.searchParams.getAll('country'), [COUNTRY]);
      assert.equal(new URL(page.url()).pathname, '/deployments', 'the page stays where it was');
      assert.ok(await page.locator('#explore .cards').isVisible(), 'the results are still shown after the download');
    });

    test('nothing on the pages broke the Content-Security-Policy', () => {
      assert.deepEqual(cspViolations, []);
    });

    test('no request left the test server', () => {
      assert.ok(requests.length > 0);
      const elsewhere = requests.map((r) => r.url()).filter((u) => new URL(u).host !== server.host);
      assert.deepEqual(elsewhere, [], 'requests to other hosts');
      if (javaScriptEnabled) assert.ok(htmxRequests().length >= 2, 'htmx made the search and facet requests');
    });
  });
}
