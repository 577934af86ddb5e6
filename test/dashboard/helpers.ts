import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TextProducer } from '../../src/client/index.js';
import { REPO_ROOT } from '../helpers/broker.js';
import { requirePeer } from '../helpers/peers.js';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'dashboard');

/** Debian's Chromium, headless, with nothing that phones home; playwright gives each launch a fresh profile. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: requirePeer('chromium', '/usr/bin/chromium'),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  // ECharts animates changes for up to 0.9 s (the ranking's reordering); the picture is of the settled page.
  await page.waitForTimeout(1500);
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The region of a page a picture shows, in page coordinates. */
export interface Clip {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A picture for docs/console.md. It is taken on every run (so the region must exist), but written
 * only when asked, into STREAMDASH_SCREENSHOTS (`npm run docs:console` sets docs/console): a test
 * run must leave the checkout as it found it.
 */
export async function docsScreenshot(page: Page, name: string, clip: Clip): Promise<void> {
  const picture = await page.screenshot({ fullPage: true, clip });
  const dir = process.env.STREAMDASH_SCREENSHOTS;
  if (dir === undefined || dir === '') return;
  mkdirSync(resolve(dir), { recursive: true });
  writeFileSync(join(resolve(dir), name), picture);
}

/** Problems the page reported: script errors, CSP violations, failed requests. */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  return problems;
}

/** A Chromium with the console of `dashboardUrl` open and ready, and the problems its page reports. */
export async function openConsole(dashboardUrl: string): Promise<{ browser: Browser; page: Page; problems: string[] }> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = watchPage(page);
  await page.goto(`${dashboardUrl}/console`);
  await page.locator('body[data-ready="true"]').waitFor();
  return { browser, page, problems };
}

export interface GenderWindowInput {
  start: number;
  girls: number;
  boys: number;
  unknown?: number;
}

/** A `result` message exactly as the seeds' job writes it, keyed by its window like the stream library's collect(). */
export async function sendGenderWindows(producer: TextProducer, windows: readonly GenderWindowInput[]): Promise<void> {
  await producer.send({
    messages: windows.map((w) => ({
      topic: 'result',
      key: JSON.stringify({ start: w.start, end: w.start + 1000 }),
      value: JSON.stringify([{ '0': w.girls }, { '1': w.boys }, ...(w.unknown === undefined ? [] : [{ '2': w.unknown }])]),
      timestamp: w.start + 999,
    })),
  });
}
