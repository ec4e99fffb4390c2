// End-to-end: the preview of `npm start` (local channel, real page, real function, local PutMetadata) driven in
// Debian's Chromium, with a second ffmpeg broadcasting over RTMP as OBS would. One viewer throughout, plus a late joiner
// who opens the page after the question was sent; scenarios in order.
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { IvsClient, PutMetadataCommand } from '@aws-sdk/client-ivs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CURRENT_QUESTION_KEY } from '../../core/site-objects';
import { ANSWERS_API_PATH } from '../../core/answers';
import { MAX_METADATA_BYTES, type QuizPayload } from '../../core/payload';
import { LOCAL_CHANNEL_ARN, LOCAL_REGION, LOCAL_STREAM_KEY } from '../../core/local-preview';
import { rtmpServerUrl } from '../../local/ffmpeg-args';
import { resolveFfmpegPath } from '../../local/ffmpeg-path';
import { loadShowConfig } from '../../config/show-config';
import { startPreview, type Preview } from '../../local/preview';
import type { IvsApiRequest } from '../../local/ivs-api';
import { findFreePort, startTestBroadcaster, type TestBroadcaster } from '../../testing/test-broadcaster';
import { hermeticContext, launchBrowser, statusIs } from '../../testing/browser';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');
const SCREENSHOT = join(ROOT, 'test-results', 'live-preview.png');
const XSS = 'window.__xssFired = true';
const ffmpeg = resolveFfmpegPath();
const previewLog: string[] = [];
const ivsRequests: IvsApiRequest[] = [];

let preview: Preview;
let currentQuestionUrl: string;
let answersUrl: string;
/** The question the function sends on Stream Start. */
let quiz: QuizPayload;
let rtmpUrl: string;
let broadcaster: TestBroadcaster | undefined;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
const consoleErrors: string[] = [];

/**
 * What the page may log while it works as intended: the playlist's 404 while the channel is offline (how IVS says
 * "not live") and the player's own note about it, the player's telemetry, which the test blocks to stay offline, and
 * live/current.json's 404 before the first question (the browser logs any 404; the page itself only logs a debug line),
 * and the answer API's refusal of an answer to a question nobody opened for answers (the page shows its reason).
 */
function expectedConsoleError(text: string, url: string): boolean {
  if (/^Failed to load resource/.test(text)) return url.startsWith(preview.playlistUrl) || url === currentQuestionUrl || /live-video\.net/.test(url) || url === answersUrl;
  if (/^Player stopping playback - error (MasterPlaylist|MediaPlaylist):\d+ \(\w+ code 404 /.test(text)) return true;
  return /^PoPClient send error/.test(text);
}

/** Records what a page reports, so every scenario can say "no errors". */
function watchErrors(on: Page): void {
  on.on('pageerror', (error) => pageErrors.push(error.message));
  on.on('console', (message) => {
    if (message.type() === 'error' && !expectedConsoleError(message.text(), message.location().url)) consoleErrors.push(message.text());
  });
}

async function questionShown(on: Page, question: string, timeout = 30_000): Promise<void> {
  await on.waitForFunction((text) => document.querySelector('#quiz .quiz-question')?.textContent === text, question, { timeout });
}

async function xssFired(): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __xssFired?: boolean }).__xssFired);
}

/** `npm run send-metadata -- --local ...`, the host CLI exactly as a user runs it. */
async function sendMetadataCli(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'send-metadata', '--', '--local', '--port', String(preview.port), ...args], {
    cwd: ROOT,
    env: { ...process.env, PREVIEW_PORT: undefined },
  });
  return stdout;
}

/** A hostile broadcaster that skips the CLI's checks and calls PutMetadata with the SDK directly. */
async function putMetadataRaw(metadata: string): Promise<void> {
  const client = new IvsClient({
    region: LOCAL_REGION,
    endpoint: `http://127.0.0.1:${preview.port}`,
    credentials: { accessKeyId: 'AKIALOCALTEST0000000', secretAccessKey: 'local' },
  });
  await client.send(new PutMetadataCommand({ channelArn: LOCAL_CHANNEL_ARN, metadata }));
  client.destroy();
}

beforeAll(async () => {
  // The raw SDK client below runs in this process; Node 22 is not a concern of the test.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const rtmpPort = await findFreePort();
  rtmpUrl = `${rtmpServerUrl(rtmpPort)}/${LOCAL_STREAM_KEY}`;
  preview = await startPreview({
    port: 0,
    source: { kind: 'rtmp', port: rtmpPort, streamKey: LOCAL_STREAM_KEY },
    // Timed metadata is one-shot: no repeats, so the question the function sends must reach the page the first time.
    // The function waits 8 s, longer than the waiting page's retry backoff can be by then, so the page is playing.
    repeatQuestionSeconds: 0,
    show: loadShowConfig({ FIRST_QUESTION_DELAY_SECONDS: '8' }),
    log: (line) => previewLog.push(line),
    onIvsRequest: (request) => ivsRequests.push(request),
  });
  currentQuestionUrl = new URL(CURRENT_QUESTION_KEY, preview.url).href;
  answersUrl = new URL(ANSWERS_API_PATH, preview.url).href;
  quiz = JSON.parse(await readFile(join(ROOT, 'examples', 'quiz-question.json'), 'utf8')) as QuizPayload;
  browser = await launchBrowser();
  context = await hermeticContext(browser, { viewport: { width: 1280, height: 720 } });
  page = await context.newPage();
  watchErrors(page);
}, 120_000);

afterAll(async () => {
  await broadcaster?.stop();
  await browser?.close();
  const pids = preview?.ffmpegPids() ?? [];
  await preview?.stop();
  for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  if (pageErrors.length + consoleErrors.length > 0) console.log(`preview log:\n${previewLog.join('\n')}`);
}, 60_000);

describe('the live preview in Chromium', () => {
  it('shows "offline" without errors while the channel is not broadcasting', async () => {
    await page.goto(preview.url);
    await statusIs(page, 'offline');
    expect((await page.textContent('#status'))?.toLowerCase()).toContain('offline');
    expect((await fetch(preview.playlistUrl)).status).toBe(404);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('plays by itself when a broadcaster starts, and shows the function\'s question as a quiz card', async () => {
    broadcaster = startTestBroadcaster(ffmpeg, rtmpUrl);
    await statusIs(page, 'playing');
    await questionShown(page, quiz.question, 60_000);
    expect(ivsRequests.some((request) => request.path === '/PutMetadata' && request.body.includes(quiz.question))).toBe(true);
    await page.locator('#quiz button.answer').nth(quiz.correctIndex!).click();
    await page.waitForSelector('#quiz .quiz-result--correct');
    expect((await page.textContent('#quiz .quiz-result'))?.toLowerCase()).toContain('correct');
    await mkdir(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(pageErrors).toEqual([]);
  });

  it('a viewer who opens the page after the question was sent still gets the quiz card', async () => {
    // The question went into one segment, once (no repeats), before this viewer existed: only current.json has it.
    const current = await fetch(currentQuestionUrl);
    expect(current.status).toBe(200);
    expect(JSON.parse(await current.text())).toEqual(quiz);
    const lateContext = await hermeticContext(browser, { viewport: { width: 800, height: 600 } });
    try {
      const late = await lateContext.newPage();
      watchErrors(late);
      // Waited for from before the page exists: the card can show (from a cue still in the window) before the read ends.
      const read = late.waitForResponse((response) => response.url() === currentQuestionUrl, { timeout: 60_000 });
      await late.goto(preview.url);
      await statusIs(late, 'playing');
      await questionShown(late, quiz.question);
      expect((await read).status()).toBe(200);
      await late.locator('#quiz button.answer').nth(quiz.correctIndex!).click();
      await late.waitForSelector('#quiz .quiz-result--correct');
    } finally {
      await lateContext.close();
    }
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('shows the next question the host sends with send-metadata, and a wrong answer as wrong', async () => {
    await sendMetadataCli('--question', 'Which planet is the largest?', '--answer', 'Mars', '--answer', 'Jupiter', '--answer', 'Venus', '--correct', '2', '--id', 'q2');
    await page.waitForFunction(() => document.querySelector('#quiz .quiz-question')?.textContent === 'Which planet is the largest?', undefined, { timeout: 30_000 });
    await page.locator('#quiz button.answer', { hasText: 'Mars' }).click();
    await page.waitForSelector('#quiz .quiz-result--wrong');
    expect(await page.textContent('#quiz .quiz-result')).toMatch(/not quite/i);
    expect(pageErrors).toEqual([]);
  });

  it('renders hostile metadata as text or ignores it, runs none of it and keeps playing', async () => {
    const hostileText = `<img src=x onerror="${XSS}">`;
    await sendMetadataCli('--announcement', hostileText);
    await page.waitForFunction((text) => document.querySelector('#announcement')?.textContent === text, hostileText, { timeout: 30_000 });

    const notJson = `{"type":"quiz","question":"<img src=x onerror=${XSS}>"`;
    await putMetadataRaw(notJson);
    await page.waitForFunction((text) => document.querySelector('#announcement')?.textContent === text, notJson, { timeout: 30_000 });

    const hostileQuiz = JSON.stringify({ type: 'quiz', id: 'xss', question: `<script>${XSS}</script>`, answers: [`<img src=x onerror="${XSS}">`, '<b>b</b>'], correctIndex: 0 });
    await putMetadataRaw(hostileQuiz);
    await page.waitForFunction((text) => document.querySelector('#quiz .quiz-question')?.textContent === text, `<script>${XSS}</script>`, { timeout: 30_000 });
    await page.locator('#quiz button.answer').first().click();
    // PutMetadata from elsewhere opens no question in the answer table: the answer is refused, with the reason as text.
    await page.waitForFunction(() => document.querySelector('#quiz .quiz-sent')?.textContent === 'This is not the question being asked now.', undefined, { timeout: 30_000 });

    expect(await page.locator('#quiz img, #quiz script, #announcement img, #announcement b').count()).toBe(0);
    expect(await xssFired()).toBeUndefined();
    await statusIs(page, 'playing', 5_000);
    expect(pageErrors).toEqual([]);
  });

  it('delivers a payload at IVS\'s 1 KB limit, UTF-8 emoji included, intact', async () => {
    const prefix = JSON.stringify({ type: 'announcement', text: '' }).length;
    const emoji = '🎉'.repeat(20);
    const text = `${emoji}${'x'.repeat(MAX_METADATA_BYTES - prefix - Buffer.byteLength(emoji))}`;
    const metadata = JSON.stringify({ type: 'announcement', text });
    expect(Buffer.byteLength(metadata)).toBe(MAX_METADATA_BYTES);
    await putMetadataRaw(metadata);
    await page.waitForFunction((expected) => document.querySelector('#announcement')?.textContent === expected, text, { timeout: 30_000 });
  });

  it('returns to "offline" when the broadcaster stops and plays again without a reload when it comes back', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await broadcaster?.stop();
    await statusIs(page, 'offline');
    expect((await fetch(preview.playlistUrl)).status).toBe(404);
    expect((await fetch(currentQuestionUrl)).status).toBe(404);

    broadcaster = startTestBroadcaster(ffmpeg, rtmpUrl);
    await statusIs(page, 'playing', 90_000);
    expect(navigations).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(await xssFired()).toBeUndefined();
  }, 150_000);
});
