// Launches Debian's Chromium for the browser tests (headless, autoplay allowed, no background traffic) and
// keeps them hermetic: the IVS player's calls home to *.live-video.net are aborted on every new page.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
const { CHROMIUM_PATH } = require('./chromium.js') as { CHROMIUM_PATH: string };

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A fresh context whose pages never reach the IVS player's telemetry hosts. */
export async function hermeticContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.route(/live-video\.net/, (route) => route.abort());
  return context;
}

/** What a document saw of its own Content-Security-Policy (violations in a worker never reach it: read the reports). */
export interface DocumentViolation {
  readonly directive: string;
  readonly blockedUri: string;
}

/** Records every `securitypolicyviolation` event of every document the context opens; read them with documentViolations. */
export async function recordDocumentViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: { directive: string; blockedUri: string }[] = [];
    (window as unknown as { __cspViolations: typeof seen }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push({ directive: event.effectiveDirective, blockedUri: event.blockedURI }));
  });
}

export async function documentViolations(page: Page): Promise<DocumentViolation[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: DocumentViolation[] }).__cspViolations ?? []);
}

/** Waits until the page's status element says `status` (its data-status: offline, playing, ...). */
export async function statusIs(page: Page, status: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction((expected) => document.getElementById('status')?.dataset.status === expected, status, { timeout, polling: 100 });
}
