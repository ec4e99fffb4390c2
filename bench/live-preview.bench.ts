// Figures of the local preview in Debian's Chromium: first segment ready -> PLAYING for a page already waiting,
// page open -> PLAYING on a live channel, and PutMetadata -> quiz card shown (with the player's buffer at that
// moment), page open -> quiz card for a late joiner (read from live/current.json), each the median of a few broadcasts, against the targets of issue 5.
import { IvsClient, PutMetadataCommand } from '@aws-sdk/client-ivs';
import type { Browser, Page } from 'playwright-core';
import { hermeticContext, launchBrowser } from '../testing/browser';
import { LOCAL_CHANNEL_ARN, LOCAL_REGION, LOCAL_STREAM_KEY } from '../core/local-preview';
import { SEGMENT_SECONDS, rtmpServerUrl } from '../local/ffmpeg-args';
import { resolveFfmpegPath } from '../local/ffmpeg-path';
import { loadShowConfig } from '../config/show-config';
import { startPreview, type MetadataInjectedEvent, type Preview } from '../local/preview';
import { findFreePort, startTestBroadcaster } from '../testing/test-broadcaster';
import { DEFAULT_BACKOFF } from '../web/src/stream-status';
import { median, printTable } from './measure';

const ROUNDS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_PLAYING_SECONDS = 3;

interface Round {
  readonly firstSegmentToPlaying: number;
  readonly openToPlaying: number;
  readonly putToCard: number;
  /** PutMetadata -> the segment carrying it is in the playlist (the local channel's share, at most one segment). */
  readonly putToSegment: number;
  /** That segment in the playlist -> card shown: how far behind the live edge the player plays (its buffer). */
  readonly segmentToCard: number;
  readonly bufferAhead: number;
  /** A viewer opening the page after the question was sent: page open -> card, read from live/current.json. */
  readonly lateJoinerOpenToCard: number;
}

/** Records, in the page, when the status first says playing and when each quiz question first appears. */
function recordTimes(): void {
  const marks = { playingAt: 0, cards: {} as Record<string, number> };
  (window as unknown as { __bench: typeof marks }).__bench = marks;
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(() => {
      if (!marks.playingAt && document.getElementById('status')?.dataset.status === 'playing') marks.playingAt = Date.now();
      const question = document.querySelector('#quiz .quiz-question')?.textContent;
      if (question && !(question in marks.cards)) marks.cards[question] = Date.now();
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

async function openPage(browser: Browser, preview: Preview): Promise<{ page: Page; openedAt: number }> {
  const context = await hermeticContext(browser);
  const page = await context.newPage();
  await page.addInitScript(recordTimes);
  const openedAt = Date.now();
  await page.goto(preview.url);
  return { page, openedAt };
}

type Marks = { readonly playingAt: number; readonly cards: Record<string, number> };

/** Waits for a time the page recorded; `question` undefined means the PLAYING time. (A function, not a string: the CSP forbids eval.) */
const mark = (page: Page, question?: string): Promise<number> =>
  page
    .waitForFunction(
      (key) => {
        const marks = (window as unknown as { __bench: Marks }).__bench;
        return (key === null ? marks.playingAt : marks.cards[key]) || false;
      },
      question ?? null,
      { timeout: 60_000, polling: 50 },
    )
    .then((handle) => handle.jsonValue() as Promise<number>)
    .catch(async (error: unknown) => {
      const state = await page.evaluate(() => [document.getElementById('status')?.dataset.status, JSON.stringify((window as unknown as { __bench: Marks }).__bench)]);
      throw new Error(`${error instanceof Error ? error.message : String(error)} (waiting for ${question ?? 'PLAYING'}; page: ${state.join(' ')})`);
    });

async function measureRound(browser: Browser, preview: Preview, rtmpUrl: string, round: number, client: IvsClient): Promise<Round> {
  const waiting = await openPage(browser, preview);
  await waiting.page.waitForFunction(() => document.getElementById('status')?.dataset.status === 'offline');
  const live = new Promise<number>((resolve) => preview.events.once('stream-start', (event) => resolve(event.at)));
  const broadcaster = startTestBroadcaster(resolveFfmpegPath(), rtmpUrl);
  const firstSegmentAt = await live;
  const playingAt = await mark(waiting.page);

  const late = await openPage(browser, preview);
  const latePlayingAt = await mark(late.page);

  const question = `Bench question ${round}?`;
  const bufferAhead = await waiting.page.evaluate(() => {
    const video = document.querySelector('video') as HTMLVideoElement;
    return video.buffered.length > 0 ? video.buffered.end(video.buffered.length - 1) - video.currentTime : 0;
  });
  const metadata = JSON.stringify({ type: 'quiz', id: `bench-${round}`, question, answers: ['yes', 'no'], correctIndex: 0 });
  const injected = new Promise<number>((resolve) => {
    const listener = (event: MetadataInjectedEvent): void => {
      if (!event.metadata.includes(metadata)) return;
      preview.events.off('metadata-injected', listener);
      resolve(event.at);
    };
    preview.events.on('metadata-injected', listener);
  });
  const putAt = Date.now();
  await client.send(new PutMetadataCommand({ channelArn: LOCAL_CHANNEL_ARN, metadata }));
  const cardAt = await mark(waiting.page, question);
  const segmentAt = await injected;
  const joiner = await openPage(browser, preview);
  const joinerCardAt = await mark(joiner.page, question);
  await joiner.page.context().close();

  const ended = new Promise<void>((resolve) => preview.events.once('stream-end', () => resolve()));
  await broadcaster.stop();
  await ended;
  await waiting.page.context().close();
  await late.page.context().close();
  return {
    firstSegmentToPlaying: (playingAt - firstSegmentAt) / 1000,
    openToPlaying: (latePlayingAt - late.openedAt) / 1000,
    putToCard: (cardAt - putAt) / 1000,
    putToSegment: (segmentAt - putAt) / 1000,
    segmentToCard: (cardAt - segmentAt) / 1000,
    bufferAhead,
    lateJoinerOpenToCard: (joinerCardAt - joiner.openedAt) / 1000,
  };
}

/** `npm start`'s own figures with the default test pattern: until the page URL is printed, and until it is live. */
async function measureStartup(): Promise<{ ready: number; live: number }> {
  const startedAt = Date.now();
  const preview = await startPreview({ port: 0, log: () => undefined });
  const readyAt = Date.now();
  const liveAt = await new Promise<number>((resolve) => preview.events.once('stream-start', (event) => resolve(event.at)));
  await preview.stop();
  return { ready: (readyAt - startedAt) / 1000, live: (liveAt - startedAt) / 1000 };
}

export async function run(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const startups = [];
  for (let i = 0; i < ROUNDS; i += 1) startups.push(await measureStartup());
  process.stdout.write(`npm start, test pattern (median of ${ROUNDS}; builds the function and the page each time)\n`);
  printTable([
    ['measure', 'median', 'runs (s)'],
    ['start -> page URL printed', `${median(startups.map((s) => s.ready)).toFixed(2)} s`, startups.map((s) => s.ready.toFixed(2)).join(', ')],
    ['start -> first segment ready (live)', `${median(startups.map((s) => s.live)).toFixed(2)} s`, startups.map((s) => s.live.toFixed(2)).join(', ')],
  ]);

  const rtmpPort = await findFreePort();
  // No repeats and a function delay longer than a round: only the PutMetadata sent below makes a card.
  const preview = await startPreview({
    port: 0,
    source: { kind: 'rtmp', port: rtmpPort, streamKey: LOCAL_STREAM_KEY },
    repeatQuestionSeconds: 0,
    show: loadShowConfig({ FIRST_QUESTION_DELAY_SECONDS: '600' }),
    log: () => undefined,
  });
  const browser = await launchBrowser();
  const client = new IvsClient({
    region: LOCAL_REGION,
    endpoint: `http://127.0.0.1:${preview.port}`,
    credentials: { accessKeyId: 'AKIALOCALBENCH000000', secretAccessKey: 'local' },
  });
  const rounds: Round[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round += 1) rounds.push(await measureRound(browser, preview, `${rtmpServerUrl(rtmpPort)}/${LOCAL_STREAM_KEY}`, round, client));
  } finally {
    client.destroy();
    await browser.close();
    await preview.stop();
  }
  report(rounds);
}

function report(rounds: readonly Round[]): void {
  const m = (pick: (round: Round) => number): number => median(rounds.map(pick));
  const seconds = (value: number): string => `${value.toFixed(2)} s`;
  const all = (pick: (round: Round) => number): string => rounds.map((round) => pick(round).toFixed(2)).join(', ');
  const verdict = (ok: boolean): string => (ok ? 'yes' : 'NO');
  const playerBuffer = m((r) => r.segmentToCard);
  const cardTarget = SEGMENT_SECONDS + playerBuffer;
  process.stdout.write(`Local preview in Chromium (rtmp broadcaster, median of ${rounds.length} broadcasts)\n`);
  printTable([
    ['measure', 'median', 'runs (s)', 'target', 'met'],
    ['first segment ready -> PLAYING (page waiting)', seconds(m((r) => r.firstSegmentToPlaying)), all((r) => r.firstSegmentToPlaying), `< ${TARGET_PLAYING_SECONDS} s`, verdict(m((r) => r.firstSegmentToPlaying) < TARGET_PLAYING_SECONDS)],
    ['page open -> PLAYING (channel live)', seconds(m((r) => r.openToPlaying)), all((r) => r.openToPlaying), `< ${TARGET_PLAYING_SECONDS} s`, verdict(m((r) => r.openToPlaying) < TARGET_PLAYING_SECONDS)],
    ['PutMetadata -> tagged segment in playlist', seconds(m((r) => r.putToSegment)), all((r) => r.putToSegment), `<= ${SEGMENT_SECONDS} s`, verdict(Math.max(...rounds.map((r) => r.putToSegment)) <= SEGMENT_SECONDS + 0.2)],
    ['tagged segment -> card (player buffer)', seconds(playerBuffer), all((r) => r.segmentToCard), '', ''],
    ['PutMetadata -> quiz card shown', seconds(m((r) => r.putToCard)), all((r) => r.putToCard), `< ${seconds(cardTarget)}`, verdict(m((r) => r.putToCard) < cardTarget)],
    ['page open -> quiz card (late joiner, current.json)', seconds(m((r) => r.lateJoinerOpenToCard)), all((r) => r.lateJoinerOpenToCard), '', ''],
    ['video buffered ahead at PutMetadata', seconds(m((r) => r.bufferAhead)), all((r) => r.bufferAhead), '', ''],
  ]);
  process.stdout.write(
    [
      `Card target = one segment (${SEGMENT_SECONDS} s) + the player's buffer behind the live edge (median of "tagged segment -> card").`,
      'The tag is timed at the start of the segment it rides in, so the card shows up to one segment earlier than with IVS,',
      `which times it at the moment of the call; the page waiting before the broadcast reloads with backoff (${DEFAULT_BACKOFF.initialMs / 2000}-${DEFAULT_BACKOFF.maxMs / 1000} s).`,
      '',
    ].join('\n'),
  );
}
