// End-to-end: one `npm start -- --source rtmp` preview, five broadcasts in a row from an ffmpeg broadcaster (start,
// stop, start again, ...), in Debian's Chromium. One viewer keeps the page open through all of them; in every
// broadcast a fresh viewer opens the page after the function's question has left the live window (a late joiner,
// who sees only segments without timed metadata). Each must not only reach "playing" but keep playing: the IVS
// player turns Playing on the first segment it has, so a stall right after it would otherwise pass unnoticed.
import type { Browser, Page } from 'playwright-core';
import { LOCAL_STREAM_KEY } from '../../core/local-preview';
import { rtmpServerUrl } from '../../local/ffmpeg-args';
import { resolveFfmpegPath } from '../../local/ffmpeg-path';
import { startPreview, type MetadataInjectedEvent, type Preview } from '../../local/preview';
import { findFreePort, startTestBroadcaster, type TestBroadcaster } from '../../testing/test-broadcaster';
import { hermeticContext, launchBrowser, statusIs } from '../../testing/browser';
import { waitUntil } from '../../testing/wait-until';

const CYCLES = 5;
/** Playback must move on by this much (two 2 s segments) to count as playing, not only reach PLAYING once. */
const PROGRESS_SECONDS = 4;

jest.setTimeout(CYCLES * 90_000 + 60_000);

const ffmpeg = resolveFfmpegPath();
const previewLog: string[] = [];
const pageErrors: string[] = [];

let preview: Preview;
let rtmpUrl: string;
let browser: Browser;
let waiting: Page;
let broadcaster: TestBroadcaster | undefined;

/** Where the page's video is and what it has buffered, for the failure messages. */
async function videoState(on: Page): Promise<string> {
  return on.evaluate(() => {
    const video = document.querySelector('video') as HTMLVideoElement;
    const ranges = Array.from({ length: video.buffered.length }, (_, i) => `${video.buffered.start(i).toFixed(2)}-${video.buffered.end(i).toFixed(2)}`);
    return `status ${document.getElementById('status')?.dataset.status}, currentTime ${video.currentTime.toFixed(2)}, readyState ${video.readyState}, buffered [${ranges.join(', ')}]`;
  });
}

/** Playing, and still playing PROGRESS_SECONDS of video later (a stalled player stays at the end of its buffer). */
async function keepsPlaying(on: Page, who: string): Promise<void> {
  try {
    await statusIs(on, 'playing');
    const start = await on.evaluate(() => (document.querySelector('video') as HTMLVideoElement).currentTime);
    await on.waitForFunction(
      (until) => (document.querySelector('video') as HTMLVideoElement).currentTime >= until && document.getElementById('status')?.dataset.status === 'playing',
      start + PROGRESS_SECONDS,
      { timeout: 30_000, polling: 200 },
    );
  } catch (error: unknown) {
    throw new Error(`${who} does not keep playing (${await videoState(on)}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Resolves once the segment is out of the served playlist (or the playlist is gone). */
async function leftTheWindow(segmentName: string): Promise<void> {
  let listed = true;
  const poll = async (): Promise<void> => {
    const response = await fetch(preview.playlistUrl);
    listed = response.ok && (await response.text()).includes(segmentName);
  };
  await poll();
  while (listed) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    await poll();
  }
}

beforeAll(async () => {
  const rtmpPort = await findFreePort();
  rtmpUrl = `${rtmpServerUrl(rtmpPort)}/${LOCAL_STREAM_KEY}`;
  // The defaults of `npm start`: the function sends its question as soon as the stream starts, and it is never repeated.
  preview = await startPreview({
    port: 0,
    source: { kind: 'rtmp', port: rtmpPort, streamKey: LOCAL_STREAM_KEY },
    repeatQuestionSeconds: 0,
    log: (line) => previewLog.push(line),
  });
  browser = await launchBrowser();
  waiting = await (await hermeticContext(browser)).newPage();
  waiting.on('pageerror', (error) => pageErrors.push(error.message));
  await waiting.goto(preview.url);
}, 120_000);

afterAll(async () => {
  await broadcaster?.stop();
  await browser?.close();
  const pids = preview?.ffmpegPids() ?? [];
  await preview?.stop();
  for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
}, 60_000);

describe('broadcasts started and stopped in a row on one preview', () => {
  for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
    it(`broadcast ${cycle}: the waiting page and a page opened after the question both play`, async () => {
      await statusIs(waiting, 'offline');
      const tagged = new Promise<string>((resolve) => preview.events.once('metadata-injected', (event: MetadataInjectedEvent) => resolve(event.name)));
      broadcaster = startTestBroadcaster(ffmpeg, rtmpUrl);
      const context = await hermeticContext(browser);
      try {
        await keepsPlaying(waiting, `broadcast ${cycle}: the page open since before the broadcast`);
        // A viewer who comes in once the question's segment has left the playlist: no timed metadata in its window.
        await leftTheWindow(await tagged);
        const fresh = await context.newPage();
        fresh.on('pageerror', (error) => pageErrors.push(error.message));
        await fresh.goto(preview.url);
        await Promise.all([
          keepsPlaying(fresh, `broadcast ${cycle}: a page opened during the broadcast`),
          keepsPlaying(waiting, `broadcast ${cycle}: the page open since before the broadcast, later on`),
        ]);
      } finally {
        // Even after a failure, so the next broadcast starts from an offline channel.
        await context.close();
        await broadcaster.stop();
        broadcaster = undefined;
      }
      await waitUntil(() => !preview.isLive(), 'the channel is offline', 15_000);
      await statusIs(waiting, 'offline');
      expect(pageErrors).toEqual([]);
    });
  }
});
