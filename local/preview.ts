// The local preview without AWS (`npm start`): a local stand-in for the IVS channel (ffmpeg writing live HLS), the real
// page built for it, the real function invoked on Stream Start/End as EventBridge would, and IVS's PutMetadata, on one
// port. startPreview() is what bin/start.ts, the end-to-end tests and the benchmark run; each step is a function below.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PREVIEW_PORT, LOCAL_ANSWERS_TABLE, LOCAL_CHANNEL_ARN, LOCAL_PLAYLIST_PATH, LOCAL_REGION, LOCAL_STREAM_KEY, LOCAL_STREAM_KEY_ARN, localEndpoint } from '../core/local-preview';
import { CURRENT_QUESTION_KEY } from '../core/site-objects';
import { STREAM_END, STREAM_START } from '../core/stream-events';
import { loadShowConfig, type ShowConfig } from '../config/show-config';
import { buildFunctions } from '../scripts/build-functions';
import { buildWeb } from '../scripts/build-web';
import { clockProbeArgs, type ChannelSource } from './ffmpeg-args';
import { resolveFfmpegPath } from './ffmpeg-path';
import { HlsChannel, type SegmentEvent, type StreamStateEvent } from './hls-channel';
import { LiveObjects } from './live-objects';
import { DEFAULT_REPEAT_QUESTION_SECONDS, InvalidPreviewOption } from './preview-args';
import { createIvsApi, type IvsApi, type IvsApiRequest } from './ivs-api';
import { createPreviewServer, type CspViolation } from './preview-server';
import { createLocalAnswerApi } from './answer-api';
import { startLocalAnswerTable, type LocalAnswerTable } from './answer-table';
import { currentPayloadsAfter, currentPayloadsText, parseCurrentPayloads, type CurrentPayloads } from '../core/current-payloads';
import { SegmentMetadata } from './segment-metadata';
import { functionEnv, invokeFunction, streamStateChangeEvent, type StreamEventName } from './stream-state';

const LOCAL_CHANNEL_NAME = 'ivs-live-local';

export interface PreviewOptions {
  /** @default { kind: 'test' } */
  readonly source?: ChannelSource;
  /** HTTP port for the page, the playlist and PutMetadata; 0 picks a free one. @default 8080 */
  readonly port?: number;
  /** The payload the function sends on Stream Start, and its delay. @default the project's defaults (loadShowConfig({})) */
  readonly show?: ShowConfig;
  /** Repeat the last quiz every this many seconds while live; 0 = never, like IVS (late joiners read live/current.json). @default 0 */
  readonly repeatQuestionSeconds?: number;
  /** @default FFMPEG_PATH, @ffmpeg-installer/ffmpeg, then PATH */
  readonly ffmpegPath?: string;
  /** Sites allowed to frame the page, as EMBED_ORIGINS lets them frame the deployed one. @default none */
  readonly embedOrigins?: readonly string[];
  /** @default console.log */
  readonly log?: (line: string) => void;
  /** Test hook: each request the IVS API stand-in read (the preview keeps none). @default none */
  readonly onIvsRequest?: (request: IvsApiRequest) => void;
}

export interface MetadataInjectedEvent extends SegmentEvent {
  readonly metadata: readonly string[];
  readonly repeat: boolean;
}

export interface PreviewEvents {
  'stream-start': [StreamStateEvent];
  'stream-end': [StreamStateEvent & { readonly reason: string }];
  segment: [SegmentEvent];
  /** PutMetadata accepted a payload (it goes into the next segment). */
  'metadata-accepted': [{ readonly metadata: string; readonly at: number }];
  'metadata-injected': [MetadataInjectedEvent];
  'function-exit': [{ readonly eventName: StreamEventName; readonly code: number }];
  /** A browser reported a violation of the site's Content-Security-Policy (by the page or the player's worker). */
  'csp-violation': [CspViolation];
}

export interface Preview {
  /** The page to open. */
  readonly url: string;
  readonly port: number;
  readonly playlistUrl: string;
  readonly events: EventEmitter<PreviewEvents>;
  /** Running ffmpeg process ids. */
  ffmpegPids(): number[];
  /** Every Content-Security-Policy violation browsers reported so far: none, for a page that works as deployed. */
  cspViolations(): readonly CspViolation[];
  isLive(): boolean;
  /** Stops ffmpeg, the function runs and the server, and removes the temporary files. Idempotent. */
  stop(): Promise<void>;
}

export { InvalidPreviewOption, type CspViolation };

export async function startPreview(options: PreviewOptions = {}): Promise<Preview> {
  const log = options.log ?? ((line: string) => console.log(line));
  const checked = await checkOptions(options, log);
  const root = await mkdtemp(join(tmpdir(), 'ivs-live-preview-'));
  const events = new EventEmitter<PreviewEvents>();
  const answerTable = await startLocalAnswerTable({ tableName: LOCAL_ANSWERS_TABLE });
  const site = createSite(checked, join(root, 'hls'), answerTable, events, log);
  const violations: CspViolation[] = [];
  events.on('csp-violation', (violation) => violations.push(violation));
  const functions = new AbortController();
  const stop = once(async () => {
    functions.abort();
    await site.stop();
    await answerTable.stop();
    await rm(root, { recursive: true, force: true });
  });
  try {
    await mkdir(join(root, 'hls'));
    const port = await listen(site.server, options.port ?? DEFAULT_PREVIEW_PORT);
    const baseUrl = localEndpoint(port);
    const bundlePath = await buildArtifacts(root, baseUrl, site);
    const invoke = functionInvoker({ bundlePath, show: checked.show, baseUrl, answerTable, log, signal: functions.signal, events });
    reportStreamState(site, invoke, events, log);
    logMetadata(events, log);
    site.channel.start();
    return {
      url: `${baseUrl}/`,
      port,
      playlistUrl: `${baseUrl}${LOCAL_PLAYLIST_PATH}`,
      events,
      ffmpegPids: () => site.channel.pids(),
      cspViolations: () => [...violations],
      isLive: () => site.channel.isLive(),
      stop,
    };
  } catch (error: unknown) {
    await stop();
    throw error;
  }
}

interface CheckedOptions {
  readonly source: ChannelSource;
  readonly ffmpegPath: string;
  readonly clock: boolean;
  readonly show: ShowConfig;
  readonly repeatQuestionSeconds: number;
  readonly onIvsRequest?: (request: IvsApiRequest) => void;
  readonly embedOrigins: readonly string[];
}

/** Step 1: everything that can be refused before anything starts, with the flag that fixes it. */
async function checkOptions(options: PreviewOptions, log: (line: string) => void): Promise<CheckedOptions> {
  const source = options.source ?? { kind: 'test' };
  const ffmpegPath = options.ffmpegPath ?? resolveFfmpegPath();
  if (source.kind === 'rtmp') await assertPortFree(source.port);
  if (source.kind === 'file' && !existsSync(source.path)) {
    throw new InvalidPreviewOption(`--source file:${source.path}: no such file; allowed: file:<path of a video file ffmpeg can read>`);
  }
  const clock = source.kind === 'test' && (await canDrawClock(ffmpegPath));
  if (source.kind === 'test' && !clock) log('[preview] this ffmpeg cannot draw text (no font found): the test pattern has no clock');
  return {
    source,
    ffmpegPath,
    clock,
    show: options.show ?? loadShowConfig({}),
    repeatQuestionSeconds: options.repeatQuestionSeconds ?? DEFAULT_REPEAT_QUESTION_SECONDS,
    onIvsRequest: options.onIvsRequest,
    embedOrigins: options.embedOrigins ?? [],
  };
}

interface Site {
  readonly channel: HlsChannel;
  readonly segmentMetadata: SegmentMetadata;
  readonly liveObjects: LiveObjects;
  readonly ivsApi: IvsApi;
  readonly server: Server;
  /** Where the built page is served from, once it is built. */
  webDir: string | undefined;
  stop(): Promise<void>;
}

/**
 * Step 2: what IVS and the site bucket would be: the channel (metadata injected into each new segment), the live
 * objects, the IVS API (an accepted PutMetadata payload goes into the next segment and becomes the current question, as
 * the function keeps it in S3; the stream key is the one OBS uses here), and the one server for all of them.
 */
function createSite(checked: CheckedOptions, hlsDir: string, answerTable: LocalAnswerTable, events: EventEmitter<PreviewEvents>, log: (line: string) => void): Site {
  const segmentMetadata = new SegmentMetadata({ repeatQuizEveryMs: checked.repeatQuestionSeconds * 1000 });
  const channel = new HlsChannel({
    ffmpegPath: checked.ffmpegPath,
    source: checked.source,
    clock: checked.clock,
    directory: hlsDir,
    log: (line) => log(`[ffmpeg] ${line}`),
    prepareSegment: (bytes, name) => {
      const prepared = segmentMetadata.prepare(bytes);
      if (prepared.metadata.length > 0) events.emit('metadata-injected', { name, at: Date.now(), ...prepared });
      return prepared.bytes;
    },
  });
  const liveObjects = new LiveObjects();
  const ivsApi = createIvsApi({
    channelArn: LOCAL_CHANNEL_ARN,
    streamKey: { arn: LOCAL_STREAM_KEY_ARN, value: LOCAL_STREAM_KEY },
    isLive: () => channel.isLive(),
    onRequest: checked.onIvsRequest,
    onMetadata: (metadata) => {
      segmentMetadata.enqueue(metadata);
      liveObjects.put(CURRENT_QUESTION_KEY, currentPayloadsText(currentPayloadsAfter(heldPayloads(liveObjects.get(CURRENT_QUESTION_KEY)), metadata)));
      events.emit('metadata-accepted', { metadata, at: Date.now() });
    },
  });
  const answerApi = createLocalAnswerApi(answerTable);
  const site: Site = {
    channel,
    segmentMetadata,
    liveObjects,
    ivsApi,
    server: createPreviewServer({
      channel,
      apis: [ivsApi, answerApi],
      liveObjects,
      webDir: () => site.webDir,
      embedOrigins: checked.embedOrigins,
      onCspViolation: (violation) => {
        log(`[preview] Content-Security-Policy violation: ${violation.directive} blocked ${violation.blockedUri || '(inline)'} in ${violation.documentUri}`);
        events.emit('csp-violation', violation);
      },
    }),
    webDir: undefined,
    stop: async () => {
      process.removeListener('exit', killNow);
      answerApi.close();
      await channel.stop();
      site.server.closeAllConnections();
      await new Promise<void>((done) => (site.server.listening ? site.server.close(() => done()) : done()));
    },
  };
  // Last resort: even a preview that exits without stop() leaves no ffmpeg behind.
  const killNow = (): void => channel.killNow();
  process.once('exit', killNow);
  return site;
}

/** Step 3: the real function bundle and the real page, built for this server; returns the bundle's path. */
async function buildArtifacts(root: string, baseUrl: string, site: Site): Promise<string> {
  const [bundle] = await buildFunctions({ outdir: join(root, 'functions') });
  await buildWeb({ playbackUrl: `${baseUrl}${LOCAL_PLAYLIST_PATH}`, outDir: join(root, 'web') });
  site.webDir = join(root, 'web');
  return bundle.path;
}

/**
 * Step 4: the stand-in for EventBridge. Stream Start and Stream End go to the function, and the site forgets what the
 * function would delete from the bucket on End (the preview plays the bucket's part; the function gets no SITE_BUCKET).
 */
function reportStreamState(site: Site, invoke: FunctionInvoker, events: EventEmitter<PreviewEvents>, log: (line: string) => void): void {
  site.channel.on('stream-start', (event) => {
    log(`[preview] live: first segment ready (${event.streamId})`);
    events.emit('stream-start', event);
    invoke(STREAM_START, event.streamId);
  });
  site.channel.on('stream-end', (event) => {
    log(`[preview] offline: ${event.reason}; the playlist now answers 404`);
    site.segmentMetadata.reset();
    site.liveObjects.delete(CURRENT_QUESTION_KEY);
    events.emit('stream-end', event);
    invoke(STREAM_END, event.streamId);
  });
  site.channel.on('segment', (event) => events.emit('segment', event));
}

interface InvokerConfig {
  readonly bundlePath: string;
  readonly show: ShowConfig;
  readonly baseUrl: string;
  readonly answerTable: LocalAnswerTable;
  readonly log: (line: string) => void;
  readonly signal: AbortSignal;
  readonly events: EventEmitter<PreviewEvents>;
}

type FunctionInvoker = (eventName: StreamEventName, streamId: string) => void;

/** Delivers a stream state change to the real function, as EventBridge would, each in a fresh process. */
function functionInvoker(config: InvokerConfig): FunctionInvoker {
  const env = functionEnv({
    channelArn: LOCAL_CHANNEL_ARN,
    region: LOCAL_REGION,
    metadataJson: config.show.metadataJson,
    firstQuestionDelaySeconds: config.show.firstQuestionDelaySeconds,
    ivsEndpoint: config.baseUrl,
    answers: { table: config.answerTable.tableName, endpoint: config.answerTable.endpoint },
  });
  return (eventName, streamId) => {
    const event = streamStateChangeEvent({ channelArn: LOCAL_CHANNEL_ARN, channelName: LOCAL_CHANNEL_NAME, eventName, streamId, time: new Date() });
    config.log(`[preview] EventBridge: IVS Stream State Change "${eventName}" (${streamId}) -> function`);
    void invokeFunction({ bundlePath: config.bundlePath, env, event, log: (line) => config.log(`[function] ${line}`), signal: config.signal }).then(
      (code) => config.events.emit('function-exit', { eventName, code }),
    );
  };
}

/** What the late-joiner object holds now (the preview only ever writes valid payloads there). */
function heldPayloads(text: string | undefined): CurrentPayloads {
  if (text === undefined) return [];
  const held = parseCurrentPayloads(text);
  return held.ok ? held.payloads : [];
}

function logMetadata(events: EventEmitter<PreviewEvents>, log: (line: string) => void): void {
  events.on('metadata-accepted', ({ metadata }) => log(`[preview] PutMetadata accepted ${Buffer.byteLength(metadata)} bytes; injecting into the next segment`));
  events.on('metadata-injected', ({ name, metadata, repeat }) => {
    if (!repeat) log(`[preview] timed metadata (${metadata.length}) injected into ${name}`);
  });
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new InvalidPreviewOption(`--port ${port}: the port is in use on 127.0.0.1; choose another with --port (or PREVIEW_PORT)`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolvePort((server.address() as AddressInfo).port));
  });
}

/** ffmpeg would only fail later, inside the channel: say it now, with the flag that fixes it. */
async function assertPortFree(port: number): Promise<void> {
  const probe = createNetServer();
  await new Promise<void>((resolveFree, reject) => {
    probe.once('error', () => reject(new InvalidPreviewOption(`--rtmp-port ${port}: the port is in use on 127.0.0.1; choose another with --rtmp-port`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolveFree()));
  });
}

/** drawtext needs a font that ffmpeg's fontconfig can find; without one the pattern runs without its clock. */
function canDrawClock(ffmpegPath: string): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const child = spawn(ffmpegPath, clockProbeArgs(), { stdio: 'ignore' });
    child.once('error', () => resolveProbe(false));
    child.once('exit', (code) => resolveProbe(code === 0));
  });
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
