// Smoke test of the built page in real Chromium: before the broadcast the playlist is 404, so the page must
// say it is offline, keep retrying with backoff, load the player's worker and wasm, and throw nothing.
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { contentTypeFor } from '../../scripts/publish-plan';
import { buildWeb, type BuildWebResult } from '../../web/build';
import { hermeticContext, launchBrowser, waitUntil } from './browser';

jest.setTimeout(120_000);

const PLAYLIST_PATH = '/live/index.m3u8';

let server: Server;
let outDir: string;
let built: BuildWebResult;
let browser: Browser;
const served: { path: string; status: number; contentType: string }[] = [];

async function serveBuild(request: string): Promise<{ status: number; body: Buffer | string; contentType: string }> {
  if (request === PLAYLIST_PATH) return { status: 404, body: 'not broadcasting', contentType: 'text/plain' };
  const file = request === '/' ? 'index.html' : decodeURIComponent(request.slice(1));
  if (!built.files.some((f) => f.path === file)) return { status: 404, body: 'no such file', contentType: 'text/plain' };
  return { status: 200, body: await readFile(path.join(outDir, file)), contentType: contentTypeFor(file) };
}

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'ivs-live-page-'));
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    void serveBuild(url.pathname).then(({ status, body, contentType }) => {
      served.push({ path: url.pathname, status, contentType });
      res.writeHead(status, { 'content-type': contentType, 'access-control-allow-origin': '*' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  built = await buildWeb({ playbackUrl: `http://127.0.0.1:${port}${PLAYLIST_PATH}`, outDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await rm(outDir, { recursive: true, force: true });
});

it('shows offline, retries the missing playlist and raises no page errors before the broadcast starts', async () => {
  const context = await hermeticContext(browser);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const { port } = server.address() as AddressInfo;

  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.status === 'offline');
  // The player never retries by itself: a second playlist request proves the page's backoff reloads it.
  await waitUntil(() => served.filter((r) => r.path === PLAYLIST_PATH).length >= 2, 'the playlist is requested again');

  expect(await page.textContent('#status')).toBe('Offline — waiting for the stream');
  expect(pageErrors).toEqual([]);
  const ivsAssets = built.files.filter((f) => f.kind === 'ivs-asset').map((f) => `/${f.path}`);
  expect(served.filter((r) => ivsAssets.includes(r.path) && r.status === 200).map((r) => r.path).sort()).toEqual(ivsAssets.sort());
  expect(served.find((r) => r.path.endsWith('.wasm'))?.contentType).toBe('application/wasm');
  await context.close();
});
