/**
 * Assessing a proposed system in a real browser with JavaScript off: answer a few questions step
 * by step (answers carried in the URL), see "I don't know" kept as unknown, correct a bad answer
 * shown next to its field, read the report and download it as Markdown and JSON.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium, startServer, t, type Server } from './support.ts';

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

describe('assessing a proposed system without JavaScript', { skip }, () => {
  let context: BrowserContext;
  let page: Page;
  const hosts = new Set<string>();

  before(async () => {
    context = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('request', (r) => hosts.add(new URL(r.url()).host));
  });
  after(async () => context?.close());

  test('a bad answer is shown next to its question, with what was typed kept', async () => {
    await page.goto(`${server.origin}/assess`);
    await page.getByRole('link', { name: t('nav.assess') }).waitFor();
    await page.getByLabel(t('question.countries')).fill('GR, XX');
    await page.getByRole('button', { name: t('assess.report') }).click();
    assert.match(await page.locator('#q-countries .field-error').innerText(), /ISO 3166-1/);
    assert.equal(await page.getByLabel(t('question.countries')).inputValue(), 'GR, XX');
    assert.ok(await page.getByRole('alert').isVisible(), 'an error summary heads the page');
  });

  test('answering step by step leads to a report that names the calls for a ban and what is unknown', async () => {
    await page.getByLabel(t('question.countries')).fill('GR');
    await page.getByRole('checkbox', { name: 'Border control' }).check();
    await page.getByRole('group', { name: t('question.deployer_type') }).getByRole('radio', { name: 'Public authority' }).check();
    await page.getByRole('button', { name: t('assess.next') }).click();
    assert.match(await page.locator('h2').first().innerText(), /Step 2 of 6/);
    await page.getByRole('checkbox', { name: 'Deception detection', exact: true }).check();
    await page.getByRole('group', { name: /Is an AI system/ }).getByRole('radio', { name: t('assess.yes') }).check();
    await page.getByRole('button', { name: t('assess.report') }).click();
    assert.match(page.url(), /step=report/);
    assert.match(page.url(), /countries=GR/, 'earlier answers travel in the address');
    const summary = await page.locator('.assessment-summary').innerText();
    assert.match(summary, /Amnesty International calls for a ban/);
    assert.match(summary, /more rules? may apply, depending on facts not yet recorded/);
    // A finding opens to its citation without JavaScript (a <details> element).
    const finding = page.locator('details.finding', { hasText: 'Polygraphs' });
    await finding.locator('summary').click();
    assert.match(await finding.innerText(), /Annex III/);
  });

  test('the report downloads as Markdown and JSON', async () => {
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: t('assess.downloadMarkdown') }).click()]);
    const text = await readFile((await md.path())!, 'utf8');
    assert.match(text, /^# Report on a proposed system/);
    assert.match(text, /AMNESTY-R2/);
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: t('assess.downloadJson') }).click()]);
    const report = JSON.parse(await readFile((await json.path())!, 'utf8'));
    assert.ok(report.findings.some((f: { rule_id: string; result: string }) => f.rule_id === 'EUAIA-ANNEX3-7A' && f.result === 'applies'));
  });

  test('going back to the questions keeps every answer', async () => {
    await page.getByRole('link', { name: t('assess.edit') }).click();
    assert.equal(await page.getByLabel(t('question.countries')).inputValue(), 'GR');
    assert.ok(await page.getByRole('checkbox', { name: 'Border control' }).isChecked());
  });

  test('no request left the test server', () => {
    assert.deepEqual([...hosts], [server.host]);
  });
});
