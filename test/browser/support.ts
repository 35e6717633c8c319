/**
 * Shared set-up for the browser suite: the real app (starter compendium from data/, PGlite) on a
 * real port, and a headless Chromium driven by playwright-core. Without Chromium the suite is
 * skipped with a message, except under CI=true, where that is an error.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { translator } from '../../src/i18n/translator.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The `skip` option for the suite: false when Chromium is there; throws under CI=true when it is not. */
export function skipWithoutChromium(): string | false {
  if (existsSync(CHROMIUM_PATH)) return false;
  const message = `Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH to use another one)`;
  if (process.env.CI === 'true') throw new Error(`${message}: the browser suite cannot be skipped in CI.`);
  return `${message}: browser suite skipped.`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface Server {
  testApp: TestApp;
  /** http://127.0.0.1:port */
  origin: string;
  /** 127.0.0.1:port */
  host: string;
}

export async function startServer(): Promise<Server> {
  const testApp = await createTestApp('pglite');
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = testApp.app.server.address() as AddressInfo;
  return { testApp, origin: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}` };
}

/** The site's English messages, so tests find elements by the words a reader sees. */
export const { t, plural } = translator('en');

/** A directory to save screenshots into while working on the pages (unset: none are taken). */
export const SCREENSHOT_DIR = process.env.BROWSER_SCREENSHOT_DIR;
