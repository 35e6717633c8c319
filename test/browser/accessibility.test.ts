/**
 * Every public page and every page of contributors, editors and admins, checked in a real browser with axe-core against WCAG 2.1 A and AA, and
 * for reflow: at 320 CSS pixels wide (WCAG 1.4.10) no page may scroll sideways.
 * Set BROWSER_SCREENSHOT_DIR to keep a screenshot of each page checked.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../src/services/accounts.ts';
import { launchChromium, SCREENSHOT_DIR, skipWithoutChromium, startServer, t, type Server } from './support.ts';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; helpUrl: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
  passes: unknown[];
}

/** The pages to check: name, path and the HTTP status the page is served with. */
const PAGES: [string, string, number][] = [
  ['home', '/', 200],
  ['explore', '/deployments', 200],
  ['explore, searched and filtered', '/deployments?q=phone&country=DE&status=active', 200],
  ['explore, filtered by year with no result', '/deployments?q=zzzzzz&from=1990&to=1991', 200],
  ['actors', '/actors', 200],
  ['countries', '/countries', 200],
  ['country', '/countries/HU', 200],
  ['categories', '/categories', 200],
  ['about', '/about', 200],
  ['open data', '/data', 200],
  ['API reference', '/api', 200],
  ['rules', '/rules', 200],
  ['rule', '/rules/EUAIA-ANNEX3-7A', 200],
  ['assess, first step', '/assess', 200],
  ['assess, an answer to correct', '/assess?step=report&countries=XX', 400],
  ['suggest', '/suggest', 200],
  ['sign in', '/login', 200],
  ['sign in required', '/account', 401],
  ['assess, report', '/assess?step=report&countries=GR&domains=border_control&capabilities=emotion_recognition&facts.is_ai_system=yes', 200],
  ['deployment history', '/deployments/eu-iborderctrl/history', 200],
  ['actor history', '/actors/uk-home-office/history', 200],
  ['term history', '/vocabularies/capabilities/deception_detection/history', 200],
  ['not found', '/deployments/no-such-deployment', 404],
  ['bad request', '/deployments?page=0', 400],
];

const skip = skipWithoutChromium();
let server: Server;
let browser: Browser;
let context: BrowserContext;
let axeSource: string;

before(async () => {
  if (skip) return;
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  server = await startServer();
  browser = await launchChromium();
  // The site's CSP forbids inline scripts, axe's included: the test lets the browser skip it
  // (the journey suite checks that the pages themselves never trip it).
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  context.setDefaultTimeout(10_000);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.testApp.close();
});

/** Every deployment page, one actor page and one category page, found the way a reader finds them. */
async function recordPages(): Promise<[string, string, number][]> {
  const res = await server.testApp.app.inject({ method: 'GET', url: '/api/v1/deployments?per_page=100&sort=title' });
  const slugs = (res.json() as { items: { slug: string }[] }).items.map((i) => i.slug);
  assert.ok(slugs.length > 0, 'the starter compendium has deployments');
  const page = await context.newPage();
  const firstLink = async (index: string) => {
    await page.goto(`${server.origin}${index}`);
    const href = await page.locator('main .index-list a').first().getAttribute('href');
    assert.ok(href, `${index} links to at least one page`);
    return href;
  };
  const actor = await firstLink('/actors');
  const category = await firstLink('/categories');
  await page.close();
  return [...slugs.map((s): [string, string, number] => [`deployment ${s}`, `/deployments/${s}`, 200]), ['actor', actor, 200], ['category', category, 200]];
}

async function open(page: Page, url: string, status: number): Promise<void> {
  const res = await page.goto(`${server.origin}${url}`);
  assert.equal(res?.status(), status, `${url} is served with ${status}`);
  assert.match(res?.headers()['content-type'] ?? '', /^text\/html/);
}

async function checkAxe(page: Page, what: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(
    (tags) => (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<unknown> } }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_TAGS,
  ) as AxeResult;
  const report = result.violations
    .map((v) => `- ${v.id} (${v.impact}): ${v.help} ${v.helpUrl}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)}${n.failureSummary ? `: ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n')}`)
    .join('\n');
  assert.equal(result.violations.length, 0, `axe found WCAG 2.1 A/AA violations on ${what}:\n${report}`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
}

/** How wide the page is, and what sticks out past the viewport (elements or runs of text). */
async function overflow(page: Page): Promise<{ scrollWidth: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const culprits: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node && culprits.length < 5; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = node instanceof Element ? node.getBoundingClientRect() : range.getBoundingClientRect();
      const leaf = node instanceof Text || !(node as Element).children.length;
      if (leaf && box.right > width + 0.5) {
        const el = node instanceof Element ? node : node.parentElement!;
        culprits.push(`${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} "${(node.textContent ?? '').trim().slice(0, 50)}"`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, culprits };
  });
}

describe('accessibility (axe-core, WCAG 2.1 A and AA)', { skip }, () => {
  let page: Page;
  let pages: [string, string, number][] = [];

  before(async () => {
    pages = [...PAGES, ...(await recordPages())];
    page = await context.newPage();
  });

  after(async () => {
    await page?.close();
  });

  test('the check itself reports violations on a page that has them', async () => {
    await page.setContent('<!doctype html><html><head><title>x</title></head><body><main><img src="data:,"><a href="/"></a></main></body></html>');
    await assert.rejects(checkAxe(page, 'a broken page'), (err: Error) => /html-has-lang/.test(err.message) && /image-alt/.test(err.message) && /link-name/.test(err.message));
  });

  test('every public page has no WCAG 2.1 A/AA violation', async (ctx) => {
    for (const [name, url, status] of pages) {
      await ctx.test(`${name} (${url})`, async () => {
        await open(page, url, status);
        await screenshot(page, `desktop-${name}`);
        assert.ok((await page.title()).length > 0, 'the page has a title');
        assert.equal(await page.locator('main#main').count(), 1, 'the page has one main landmark, the skip link target');
        await checkAxe(page, `${name} (${url})`);
      });
    }
  });

  test('the first Tab reaches a visible skip link that moves focus to the main content', async () => {
    await open(page, '/deployments', 200);
    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: t('nav.skip') });
    assert.equal(await skipLink.evaluate((el) => el === document.activeElement), true, 'the skip link is focused first');
    const box = await skipLink.boundingBox();
    assert.ok(box && box.y >= 0 && box.height > 0, `the focused skip link is on screen: ${JSON.stringify(box)}`);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.hash === '#main');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus moved to the main content');
  });

  test('the explore page stays accessible after htmx swaps in filtered results', async () => {
    await open(page, '/deployments?q=phone', 200);
    await page.evaluate(() => ((window as unknown as { __swap: string }).__swap = 'same document'));
    const facet = page.getByRole('region', { name: t('facet.status') });
    await facet.getByRole('link').first().click();
    await page.waitForURL((url) => url.searchParams.has('status'));
    await page.locator('.active-filters').waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { __swap?: string }).__swap), 'same document', 'htmx swapped the results in place');
    assert.equal(await page.locator('#explore').count(), 1, 'one results region after the swap');
    await checkAxe(page, 'the explore page after an htmx swap');
  });
});

describe('reflow at 320 CSS pixels (WCAG 1.4.10)', { skip }, () => {
  let narrow: BrowserContext;
  let page: Page;
  let pages: [string, string, number][] = [];

  before(async () => {
    pages = [...PAGES, ...(await recordPages())];
    narrow = await browser.newContext({ viewport: { width: 320, height: 640 } });
    narrow.setDefaultTimeout(10_000);
    page = await narrow.newPage();
  });

  after(async () => {
    await narrow?.close();
  });

  test('the explore page does not scroll sideways at 320 px', async () => {
    for (const url of ['/deployments', '/deployments?q=iBorder&country=HU']) {
      await open(page, url, 200);
      await screenshot(page, `narrow-explore-${url}`);
      assert.equal(await page.evaluate(() => document.documentElement.clientWidth), 320);
      const { scrollWidth, culprits } = await overflow(page);
      assert.ok(scrollWidth <= 320, `${url} is ${scrollWidth} px wide at 320 px; sticking out: ${culprits.join(', ')}`);
      assert.ok(await page.getByRole('searchbox', { name: t('explore.searchLabel') }).isVisible());
    }
  });

  test('no public page scrolls sideways at 320 px', async (ctx) => {
    for (const [name, url, status] of pages) {
      await ctx.test(`${name} (${url})`, async () => {
        await open(page, url, status);
        await screenshot(page, `narrow-${name}`);
        const { scrollWidth, culprits } = await overflow(page);
        assert.ok(scrollWidth <= 320, `${url} is ${scrollWidth} px wide at 320 px; sticking out: ${culprits.join(', ')}`);
      });
    }
  });
});

/** The pages behind a sign-in, as an admin sees them (an admin may use every one). */
describe('signed-in pages (axe-core, WCAG 2.1 A and AA; reflow at 320 px)', { skip }, () => {
  const PASSWORD = 'velvet canyon signal 62';
  let signedIn: BrowserContext;
  let page: Page;
  let draft = 0;

  before(async () => {
    const created = await createUser(server.testApp.db, { login: 'axe-admin', displayName: 'Axe Admin', role: 'admin', password: PASSWORD }, null);
    assert.ok('id' in created);
    signedIn = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    signedIn.setDefaultTimeout(10_000);
    page = await signedIn.newPage();
    await page.goto(`${server.origin}/login`);
    await page.getByLabel(t('login.login')).fill('axe-admin');
    await page.getByLabel(t('login.password')).fill(PASSWORD);
    await page.getByRole('button', { name: t('login.submit') }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    // A draft to review: a change proposed through the record editor.
    await page.goto(`${server.origin}/contribute/change/eu-iborderctrl`);
    await page.locator('#f-reason').fill('A clearer summary');
    await page.locator('button[name="do"][value="save"]').click();
    await page.waitForURL((url) => /^\/review\/drafts\/\d+$/.test(url.pathname));
    draft = Number(new URL(page.url()).pathname.split('/').pop());
  });

  after(async () => {
    await signedIn?.close();
  });

  const pages = (): [string, string, number][] => [
    ['account', '/account', 200],
    ['two-factor set-up', '/account/totp', 200],
    ['admin', '/admin', 200],
    ['review queue', '/review', 200],
    ['suggestions to review', '/review/suggestions', 200],
    ['my drafts', '/contribute', 200],
    ['new record form', '/contribute/new', 200],
    ['a draft with its diff', `/review/drafts/${draft}`, 200],
    ['a draft in the record editor', `/review/drafts/${draft}/edit`, 200],
    ['manage a deployment', '/review/deployments/eu-iborderctrl', 200],
    ['new actor form', '/review/actors/new', 200],
    ['edit an actor', '/review/actors/uk-home-office/edit', 200],
    ['vocabulary terms', '/review/vocabularies', 200],
    ['new term form', '/review/vocabularies/capabilities/new', 200],
    ['edit a term', '/review/vocabularies/capabilities/deception_detection/edit', 200],
  ];

  test('every signed-in page has no WCAG 2.1 A/AA violation and does not scroll sideways at 320 px', async (ctx) => {
    for (const [name, url, status] of pages()) {
      await ctx.test(`${name} (${url})`, async () => {
        await page.setViewportSize({ width: 1280, height: 900 });
        await open(page, url, status);
        await screenshot(page, `signed-in-${name}`);
        assert.equal(await page.locator('main#main').count(), 1);
        await checkAxe(page, `${name} (${url})`);
        await page.setViewportSize({ width: 320, height: 640 });
        const { scrollWidth, culprits } = await overflow(page);
        assert.ok(scrollWidth <= 320, `${url} is ${scrollWidth} px wide at 320 px; sticking out: ${culprits.join(', ')}`);
      });
    }
  });

  test('a form sent back with errors is accessible too: the errors are announced and tied to their fields', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await open(page, '/review/vocabularies/capabilities/new', 200);
    await page.getByLabel(t('vocab.field.term')).fill('Not An Id');
    // The browser's own pattern check would stop the form: skip it to see the server's answer.
    await page.locator('form.record-form').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
    await page.getByRole('button', { name: t('vocab.save') }).click();
    await page.locator('.error-summary').waitFor();
    assert.equal(await page.getByLabel(t('vocab.field.term')).getAttribute('aria-invalid'), 'true');
    await checkAxe(page, 'the new term form with errors');
  });
});
