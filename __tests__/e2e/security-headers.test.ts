// End-to-end: the page under the site's real security headers, served by the preview exactly as the CDN sends them,
// in Debian's Chromium, with a broadcaster streaming over RTMP as OBS would. It plays, the quiz works and a late joiner
// gets the question with no Content-Security-Policy violation, counted in the documents and in the reports (the only
// place the player's worker's violations go); the page works at a path the site does not have; and another site's
// frame is refused unless EMBED_ORIGINS lists it.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { LOCAL_STREAM_KEY } from '../../core/local-preview';
import type { QuizPayload } from '../../core/payload';
import { CURRENT_QUESTION_KEY } from '../../core/site-objects';
import { loadShowConfig } from '../../config/show-config';
import { rtmpServerUrl } from '../../local/ffmpeg-args';
import { resolveFfmpegPath } from '../../local/ffmpeg-path';
import { LiveObjects } from '../../local/live-objects';
import { startPreview, type Preview } from '../../local/preview';
import { createPreviewServer, type CspViolation } from '../../local/preview-server';
import { buildWeb } from '../../scripts/build-web';
import { documentViolations, hermeticContext, launchBrowser, recordDocumentViolations, statusIs, type DocumentViolation } from '../../testing/browser';
import { waitUntil } from '../../testing/wait-until';
import { findFreePort, startTestBroadcaster, type TestBroadcaster } from '../../testing/test-broadcaster';

jest.setTimeout(400_000);

const ROOT = resolve(__dirname, '..', '..');
const PLAYING_TIMEOUT_MS = 45_000;
const previewLog: string[] = [];
let preview: Preview;
let rtmpUrl: string;
let broadcaster: TestBroadcaster | undefined;
let quiz: QuizPayload;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Every violation any document of the scenario saw. */
const seenInDocuments: DocumentViolation[] = [];

/** A fresh viewer; `watch` sees the page before it loads. Closed after each test: one player at a time on the machine. */
async function openPage(url: string, watch: (page: Page) => void = () => undefined): Promise<{ page: Page; response: Awaited<ReturnType<Page['goto']>> }> {
  const context = await hermeticContext(browser, { viewport: { width: 1024, height: 640 } });
  contexts.push(context);
  await recordDocumentViolations(context);
  const page = await context.newPage();
  watch(page);
  return { page, response: await page.goto(url) };
}

async function closeViewers(): Promise<void> {
  for (const context of contexts.splice(0)) {
    for (const page of context.pages()) seenInDocuments.push(...(await documentViolations(page).catch(() => [])));
    await context.close().catch(() => undefined);
  }
}

const questionShown = (page: Page, timeout = 30_000): Promise<unknown> =>
  page.waitForFunction((text) => document.querySelector('#quiz .quiz-question')?.textContent === text, quiz.question, { timeout });

async function stopBroadcast(): Promise<void> {
  if (broadcaster === undefined) return;
  const ended = preview.isLive() ? once(preview.events, 'stream-end') : Promise.resolve();
  await broadcaster.stop();
  broadcaster = undefined;
  await ended;
}

/** Starts a new broadcast and waits until the function has sent its question (and written live/current.json). */
async function freshBroadcastWithQuestion(): Promise<void> {
  await stopBroadcast();
  const sent = once(preview.events, 'metadata-accepted');
  broadcaster = startTestBroadcaster(resolveFfmpegPath(), rtmpUrl);
  await sent;
}

/** `scenario` opens a viewer; returns its page once it plays. */
async function untilPlaying(scenario: () => Promise<Page>): Promise<Page> {
  const page = await scenario();
  await statusIs(page, 'playing', PLAYING_TIMEOUT_MS);
  return page;
}

beforeAll(async () => {
  quiz = JSON.parse(await readFile(join(ROOT, 'examples', 'quiz-question.json'), 'utf8')) as QuizPayload;
  const rtmpPort = await findFreePort();
  rtmpUrl = `${rtmpServerUrl(rtmpPort)}/${LOCAL_STREAM_KEY}`;
  preview = await startPreview({
    port: 0,
    source: { kind: 'rtmp', port: rtmpPort, streamKey: LOCAL_STREAM_KEY },
    // The question as soon as the stream starts: a viewer who opens the page then is a late joiner.
    show: loadShowConfig({ FIRST_QUESTION_DELAY_SECONDS: '0' }),
    log: (line) => previewLog.push(line),
  });
  browser = await launchBrowser();
}, 180_000);

afterEach(closeViewers);

afterAll(async () => {
  await stopBroadcast().catch(() => undefined);
  await browser?.close();
  await preview?.stop();
  if ((preview?.cspViolations().length ?? 0) > 1) console.log(`preview log:\n${previewLog.join('\n')}`);
}, 60_000);

describe('the page under the site\'s Content-Security-Policy', () => {
  it('waits offline, then plays when the broadcast starts, with no violation in the page or in the player\'s worker', async () => {
    const page = await untilPlaying(async () => {
      await stopBroadcast();
      const { page: viewer, response } = await openPage(preview.url);
      expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; media-src blob:;/);
      await statusIs(viewer, 'offline', PLAYING_TIMEOUT_MS);
      broadcaster = startTestBroadcaster(resolveFfmpegPath(), rtmpUrl);
      return viewer;
    });
    // Let the worker fetch segments and playlists, each under the policy sent with its own script.
    await page.waitForTimeout(4_000);
    await closeViewers();
    expect(seenInDocuments).toEqual([]);
    expect(preview.cspViolations()).toEqual([]);
  });

  it('gives a viewer who opens the page after the question was sent the quiz card, which takes an answer, with no violation', async () => {
    const reads: number[] = [];
    const page = await untilPlaying(async () => {
      await freshBroadcastWithQuestion();
      const { page: viewer } = await openPage(preview.url, (late) =>
        late.on('response', (response) => {
          if (response.url().endsWith(`/${CURRENT_QUESTION_KEY}`)) reads.push(response.status());
        }),
      );
      return viewer;
    });
    await questionShown(page);
    expect(reads.at(-1)).toBe(200);
    await page.locator('#quiz button.answer').nth(quiz.correctIndex!).click();
    await page.waitForSelector('#quiz .quiz-result--correct');
    await closeViewers();
    expect(seenInDocuments).toEqual([]);
    expect(preview.cspViolations()).toEqual([]);
  });

  it('works at a path the site does not have, where it is the answer with a 404', async () => {
    const statuses: number[] = [];
    const page = await untilPlaying(async () => {
      await freshBroadcastWithQuestion();
      const { page: viewer, response } = await openPage(`${preview.url}no/such/page`);
      statuses.push(response?.status() ?? 0);
      return viewer;
    });
    expect(new Set(statuses)).toEqual(new Set([404]));
    await questionShown(page);
    await closeViewers();
    expect(seenInDocuments).toEqual([]);
    expect(preview.cspViolations()).toEqual([]);
  });

  // Last: it adds the violation it provokes, which shows that the counts above could have been anything but zero.
  it('reports what the policy refuses, in the document and to the preview', async () => {
    const { page } = await openPage(preview.url);
    await page.evaluate(() => fetch('https://blocked.example.org/x').catch(() => undefined));
    await waitUntil(() => preview.cspViolations().length > 0, 'the violation is reported', 30_000);
    expect(await documentViolations(page)).toEqual([{ directive: 'connect-src', blockedUri: 'https://blocked.example.org/x' }]);
    expect(preview.cspViolations()).toEqual([expect.objectContaining({ directive: 'connect-src', blockedUri: 'https://blocked.example.org/x' })]);
  });
});

describe('the page in another site\'s frame', () => {
  let webDir: string;
  let embedder: Server;
  let embedderOrigin: string;
  const servers: Server[] = [];
  const reports: CspViolation[] = [];

  /** A preview server for the built page (its channel off the air), with EMBED_ORIGINS as given. */
  async function siteServer(embedOrigins: readonly string[]): Promise<string> {
    const server = createPreviewServer({
      channel: { playlist: () => undefined, segment: () => undefined },
      apis: [],
      liveObjects: new LiveObjects(),
      webDir: () => webDir,
      embedOrigins,
      onCspViolation: (violation) => reports.push(violation),
    });
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  /** The embedder's page frames the site and nothing else. */
  async function framed(siteUrl: string): Promise<{ page: Page; frame: () => Frame | undefined; console: string[] }> {
    const messages: string[] = [];
    const { page } = await openPage(`${embedderOrigin}/?site=${encodeURIComponent(siteUrl)}`, (embedding) =>
      embedding.on('console', (message) => messages.push(message.text())),
    );
    return { page, frame: () => page.frames().find((f) => f !== page.mainFrame()), console: messages };
  }

  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'ivs-live-frame-'));
    // An IVS-like playback URL the policy allows; the hermetic browser never reaches it, so the player reports an error.
    await buildWeb({ playbackUrl: 'https://frame-test.playback.live-video.net/channel.m3u8', outDir: webDir });
    embedder = createServer((req, res) => {
      const site = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('site') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>Partner</title><iframe src="${site}" width="640" height="360"></iframe>`);
    });
    await new Promise<void>((done) => embedder.listen(0, '127.0.0.1', done));
    embedderOrigin = `http://127.0.0.1:${(embedder.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const server of [...servers, embedder]) await new Promise((done) => server?.close(done));
    await rm(webDir, { recursive: true, force: true });
  });

  it('is refused by default: no page in the frame, a console error in the embedder, a frame-ancestors report to the site', async () => {
    const site = await siteServer([]);
    const { frame, console: messages } = await framed(site);
    // The embedder's iframe fires `load` even when refused: the frame's URL and content are what tell.
    await waitUntil(() => frame()?.url() === 'chrome-error://chromewebdata/', 'the frame is refused', 30_000);
    await waitUntil(() => reports.some((r) => r.directive === 'frame-ancestors'), 'the refusal is reported', 30_000);
    expect(await frame()!.evaluate(() => document.getElementById('status'))).toBeNull();
    expect(messages.some((text) => text.startsWith(`Framing '${site}' violates`) && text.includes("frame-ancestors 'none'"))).toBe(true);
  });

  it('is shown, and runs, in a frame on a site EMBED_ORIGINS lists', async () => {
    reports.length = 0;
    const site = await siteServer([embedderOrigin]);
    const { frame, console: messages } = await framed(site);
    await waitUntil(() => frame()?.url() === site, 'the frame shows the site', 30_000);
    // The page's script ran in the frame: its player got past "connecting" (to the error the unreachable stream gives).
    await frame()!.waitForFunction(() => !['connecting', undefined].includes(document.getElementById('status')?.dataset.status), undefined, { timeout: 60_000 });
    expect(messages.filter((text) => text.includes('frame-ancestors'))).toEqual([]);
    expect(reports).toEqual([]);
  });
});
