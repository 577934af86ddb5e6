import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
