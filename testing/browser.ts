// Launches Debian's Chromium for the browser tests (headless, autoplay allowed, no background traffic) and
// keeps them hermetic: the IVS player's calls home to *.live-video.net are aborted on every new page.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
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
