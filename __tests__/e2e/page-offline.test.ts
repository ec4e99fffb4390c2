// Smoke tests of the built page in real Chromium against a local HTTP server that serves it as the CDN does (its
// headers, the stored gzip wasm, the page with a 404 for a missing key): offline before the broadcast (playlist 404)
// with retries, picking the stream up when it appears, back to offline when it ends, a Content-Security-Policy header
// that blocks injected script, and no current question (live/current.json answered with the page and a 404) leaving
// the page as it was. The full live-stream test lives beside this one.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { securityHeaderFields, securityHeaders } from '../../core/security-headers';
import { CURRENT_QUESTION_KEY } from '../../core/site-objects';
import { createSiteEdge } from '../../local/site-edge';
import { buildWeb, type BuildWebResult } from '../../scripts/build-web';
import { hermeticContext, launchBrowser, statusIs } from '../../testing/browser';
import { waitUntil } from '../../testing/wait-until';

jest.setTimeout(180_000);

const PLAYLIST_PATH = '/hls/index.m3u8';
const CURRENT_QUESTION_PATH = `/${CURRENT_QUESTION_KEY}`;
const HLS_TYPES: Record<string, string> = { '.m3u8': 'application/vnd.apple.mpegurl', '.ts': 'video/mp2t' };

let server: Server;
let origin: string;
let outDir: string;
let hlsDir: string;
let built: BuildWebResult;
let browser: Browser;
/** Whether the "broadcast" is on: while false every /hls/ request is 404, as IVS answers before a stream starts. */
let streamUp = false;
const served: { path: string; status: number }[] = [];

async function respondHls(request: string): Promise<{ status: number; body: Buffer | string; contentType: string }> {
  if (!streamUp) return { status: 404, body: 'not broadcasting', contentType: 'text/plain' };
  const file = path.basename(request);
  return { status: 200, body: await readFile(path.join(hlsDir, file)), contentType: HLS_TYPES[path.extname(file)] ?? 'application/octet-stream' };
}

/** The bucket: the built files, and no current question (nothing is live). */
async function readObject(key: string): Promise<Buffer | undefined> {
  return built.files.some((f) => f.path === key) ? readFile(path.join(outDir, key)) : undefined;
}

/** A 10-second H.264/AAC HLS recording (with an end tag, so the player reaches Ended). */
async function makeRecording(dir: string): Promise<void> {
  const ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  await promisify(execFile)(ffmpeg, [
    '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', '10', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-pix_fmt', 'yuv420p', '-c:a', 'aac',
    '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', path.join(dir, 'index.m3u8'),
  ]);
}

async function openPage(): Promise<{ page: Page; pageErrors: string[]; close: () => Promise<void> }> {
  const context = await hermeticContext(browser);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
  });
  await page.goto(`${origin}/`);
  return { page, pageErrors, close: () => context.close() };
}

const playlistRequests = (): number => served.filter((r) => r.path === PLAYLIST_PATH).length;
const cspViolations = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'ivs-live-page-'));
  hlsDir = await mkdtemp(path.join(tmpdir(), 'ivs-live-hls-'));
  await makeRecording(hlsDir);
  const edge = createSiteEdge(securityHeaderFields(securityHeaders({ embedOrigins: [] })));
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.on('finish', () => served.push({ path: url.pathname, status: res.statusCode }));
    if (url.pathname.startsWith('/hls/')) {
      void respondHls(url.pathname).then(({ status, body, contentType }) => res.writeHead(status, { 'content-type': contentType }).end(body));
      return;
    }
    void edge.answer(req, res, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1)), readObject);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  built = await buildWeb({ playbackUrl: `${origin}${PLAYLIST_PATH}`, outDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await Promise.all([outDir, hlsDir].map((dir) => rm(dir, { recursive: true, force: true })));
});

beforeEach(() => {
  streamUp = false;
  served.length = 0;
});

it('shows offline, retries the missing playlist and raises no page errors before the broadcast starts', async () => {
  const { page, pageErrors, close } = await openPage();

  await statusIs(page, 'offline');
  // The player never retries by itself: a second playlist request proves the page's backoff reloads it.
  await waitUntil(() => playlistRequests() >= 2, 'the playlist is requested again');

  expect(await page.textContent('#status')).toBe('Offline — waiting for the stream');
  expect(pageErrors).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
  const ivsAssets = built.files.filter((f) => f.kind === 'ivs-asset').map((f) => `/${f.path}`);
  expect(served.filter((r) => ivsAssets.includes(r.path) && r.status === 200).map((r) => r.path).sort()).toEqual(ivsAssets.sort());
  const wasm = await fetch(`${origin}/${built.files.find((f) => f.path.endsWith('.wasm'))?.path}`);
  expect([wasm.headers.get('content-type'), wasm.headers.get('content-encoding')]).toEqual(['application/wasm', 'gzip']);
  await close();
});

it('picks the stream up when it starts, unmutes on request, and goes back to offline when it ends', async () => {
  const { page, pageErrors, close } = await openPage();
  await statusIs(page, 'offline');

  const skipped = page.waitForEvent('console', { predicate: (message) => message.text().includes('no current question'), timeout: 60_000 });
  streamUp = true;
  await statusIs(page, 'playing');
  expect(await page.textContent('#status')).toBe('Live');
  const note = await skipped;
  expect([note.type(), note.text()]).toEqual(['debug', 'ivs-live: no current question for late joiners (HTTP 404)']);
  expect(served.filter((r) => r.path === CURRENT_QUESTION_PATH).map((r) => r.status)).toContain(404);
  expect(await page.locator('#quiz .placeholder').count()).toBe(1);
  expect(await page.locator('#quiz .quiz-card').count()).toBe(0);
  expect(await page.locator('#announcement').isHidden()).toBe(true);
  expect(await page.evaluate(() => (document.getElementById('video') as HTMLVideoElement).muted)).toBe(true);

  await page.click('#unmute');
  await page.waitForFunction(() => !(document.getElementById('video') as HTMLVideoElement).muted);
  expect(await page.textContent('#unmute')).toBe('Mute');

  streamUp = false;
  await statusIs(page, 'offline');
  expect(pageErrors).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
  await close();
});

it('blocks an injected inline script with the Content-Security-Policy its headers carry', async () => {
  const { page, close } = await openPage();

  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__xss = 1';
    document.body.append(script);
  });

  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await cspViolations(page)).toContain('script-src-elem');
  await close();
});
