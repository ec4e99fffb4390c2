// `npm start`: the local preview without AWS. A local stand-in for the IVS channel (ffmpeg writing live HLS),
// the real page built for it, the real function invoked on Stream Start/End, and IVS's PutMetadata on one port.
// startPreview() is what the CLI at the bottom, the end-to-end test and the benchmark all run.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildFunctions } from '../functions/build';
import { validateMetadata } from '../functions/shared/payload';
import { buildWeb } from '../web/build';
import { DEFAULT_PREVIEW_PORT, LOCAL_CHANNEL_ARN, LOCAL_PLAYLIST_PATH, LOCAL_REGION, localEndpoint } from './constants';
import { CurrentMetadataObject } from './current-metadata';
import { clockProbeArgs, type ChannelSource } from './ffmpeg-args';
import { resolveFfmpegPath } from './ffmpeg-path';
import { HlsChannel, type SegmentEvent, type StreamStateEvent } from './hls-channel';
import { DEFAULT_REPEAT_QUESTION_SECONDS, InvalidPreviewOption, USAGE, banner, parsePreviewArgs } from './preview-args';
import { createPreviewServer } from './preview-server';
import { createPutMetadataEndpoint, type PutMetadataEndpoint } from './put-metadata-endpoint';
import { SegmentMetadata } from './segment-metadata';
import { functionEnv, invokeFunction, streamStateChangeEvent, type StreamEventName } from './stream-state';

export { DEFAULT_REPEAT_QUESTION_SECONDS, InvalidPreviewOption, parsePreviewArgs };

const ROOT = resolve(__dirname, '..');
export const DEFAULT_METADATA_FILE = join(ROOT, 'examples', 'quiz-question.json');
const LOCAL_CHANNEL_NAME = 'ivs-live-local';

export interface PreviewOptions {
  /** @default { kind: 'test' } */
  readonly source?: ChannelSource;
  /** HTTP port for the page, the playlist and PutMetadata; 0 picks a free one. @default 8080 */
  readonly port?: number;
  /** The payload the function sends on Stream Start. @default examples/quiz-question.json */
  readonly metadataFile?: string;
  /** FIRST_QUESTION_DELAY_SECONDS given to the function. @default 0 */
  readonly questionDelaySeconds?: number;
  /** Repeat the last quiz every this many seconds while live; 0 = never, like IVS (late joiners read live/current.json). @default 0 */
  readonly repeatQuestionSeconds?: number;
  /** @default FFMPEG_PATH, @ffmpeg-installer/ffmpeg, then PATH */
  readonly ffmpegPath?: string;
  /** @default console.log */
  readonly log?: (line: string) => void;
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
}

export interface Preview {
  /** The page to open. */
  readonly url: string;
  readonly port: number;
  readonly playlistUrl: string;
  readonly events: EventEmitter<PreviewEvents>;
  /** PutMetadata requests received (the function's and the CLI's). */
  readonly endpoint: PutMetadataEndpoint;
  /** Running ffmpeg process ids. */
  ffmpegPids(): number[];
  isLive(): boolean;
  /** Stops ffmpeg, the function runs and the server, and removes the temporary files. Idempotent. */
  stop(): Promise<void>;
}

export async function startPreview(options: PreviewOptions = {}): Promise<Preview> {
  const log = options.log ?? ((line: string) => console.log(line));
  const source = options.source ?? { kind: 'test' };
  const ffmpegPath = options.ffmpegPath ?? resolveFfmpegPath();
  const metadataJson = await readMetadata(options.metadataFile ?? DEFAULT_METADATA_FILE);
  if (source.kind === 'rtmp') await assertPortFree(source.port);
  if (source.kind === 'file' && !existsSync(source.path)) {
    throw new InvalidPreviewOption(`--source file:${source.path}: no such file; allowed: file:<path of a video file ffmpeg can read>`);
  }
  const clock = source.kind === 'test' && (await canDrawClock(ffmpegPath));
  if (source.kind === 'test' && !clock) log('[preview] this ffmpeg cannot draw text (no font found): the test pattern has no clock');

  const root = await mkdtemp(join(tmpdir(), 'ivs-live-preview-'));
  const events = new EventEmitter<PreviewEvents>();
  const segmentMetadata = new SegmentMetadata({ repeatQuizEveryMs: (options.repeatQuestionSeconds ?? DEFAULT_REPEAT_QUESTION_SECONDS) * 1000 });
  const channel = new HlsChannel({
    ffmpegPath,
    source,
    clock,
    directory: join(root, 'hls'),
    log: (line) => log(`[ffmpeg] ${line}`),
    prepareSegment: (bytes, name) => {
      const prepared = segmentMetadata.prepare(bytes);
      if (prepared.metadata.length > 0) events.emit('metadata-injected', { name, at: Date.now(), ...prepared });
      return prepared.bytes;
    },
  });
  // The function does not get SITE_BUCKET here: the preview plays the bucket's part itself.
  const currentMetadata = new CurrentMetadataObject();
  const endpoint = createPutMetadataEndpoint({
    channelArn: LOCAL_CHANNEL_ARN,
    isLive: () => channel.isLive(),
    onMetadata: (metadata) => {
      segmentMetadata.enqueue(metadata);
      currentMetadata.put(metadata);
      events.emit('metadata-accepted', { metadata, at: Date.now() });
    },
  });
  let webDir: string | undefined;
  const server = createPreviewServer({ channel, endpoint, currentMetadata, webDir: () => webDir });
  const functions = new AbortController();
  const killNow = (): void => channel.killNow();
  process.once('exit', killNow);
  const stop = once(async () => {
    process.removeListener('exit', killNow);
    functions.abort();
    await channel.stop();
    server.closeAllConnections();
    await new Promise<void>((done) => (server.listening ? server.close(() => done()) : done()));
    await rm(root, { recursive: true, force: true });
  });

  try {
    await mkdir(join(root, 'hls'));
    const port = await listen(server, options.port ?? DEFAULT_PREVIEW_PORT);
    const baseUrl = localEndpoint(port);
    const [bundle] = await buildFunctions({ outdir: join(root, 'functions') });
    await buildWeb({ playbackUrl: `${baseUrl}${LOCAL_PLAYLIST_PATH}`, outDir: join(root, 'web') });
    webDir = join(root, 'web');
    const invoke = functionInvoker({ bundlePath: bundle.path, metadataJson, options, baseUrl, log, signal: functions.signal, events });
    channel.on('stream-start', (event) => {
      log(`[preview] live: first segment ready (${event.streamId})`);
      events.emit('stream-start', event);
      invoke('Stream Start', event.streamId);
    });
    channel.on('stream-end', (event) => {
      log(`[preview] offline: ${event.reason}; the playlist now answers 404`);
      segmentMetadata.reset();
      currentMetadata.delete();
      events.emit('stream-end', event);
      invoke('Stream End', event.streamId);
    });
    channel.on('segment', (event) => events.emit('segment', event));
    logMetadata(events, log);
    channel.start();
    return {
      url: `${baseUrl}/`,
      port,
      playlistUrl: `${baseUrl}${LOCAL_PLAYLIST_PATH}`,
      events,
      endpoint,
      ffmpegPids: () => channel.pids(),
      isLive: () => channel.isLive(),
      stop,
    };
  } catch (error: unknown) {
    await stop();
    throw error;
  }
}

interface InvokerConfig {
  readonly bundlePath: string;
  readonly metadataJson: string;
  readonly options: PreviewOptions;
  readonly baseUrl: string;
  readonly log: (line: string) => void;
  readonly signal: AbortSignal;
  readonly events: EventEmitter<PreviewEvents>;
}

/** Delivers a stream state change to the real function, as EventBridge would, each in a fresh process. */
function functionInvoker(config: InvokerConfig): (eventName: StreamEventName, streamId: string) => void {
  const env = functionEnv({
    channelArn: LOCAL_CHANNEL_ARN,
    region: LOCAL_REGION,
    metadataJson: config.metadataJson,
    firstQuestionDelaySeconds: config.options.questionDelaySeconds ?? 0,
    ivsEndpoint: config.baseUrl,
  });
  return (eventName, streamId) => {
    const event = streamStateChangeEvent({ channelArn: LOCAL_CHANNEL_ARN, channelName: LOCAL_CHANNEL_NAME, eventName, streamId, time: new Date() });
    config.log(`[preview] EventBridge: IVS Stream State Change "${eventName}" (${streamId}) -> function`);
    void invokeFunction({ bundlePath: config.bundlePath, env, event, log: (line) => config.log(`[function] ${line}`), signal: config.signal }).then(
      (code) => config.events.emit('function-exit', { eventName, code }),
    );
  };
}

function logMetadata(events: EventEmitter<PreviewEvents>, log: (line: string) => void): void {
  events.on('metadata-accepted', ({ metadata }) => log(`[preview] PutMetadata accepted ${Buffer.byteLength(metadata)} bytes; injecting into the next segment`));
  events.on('metadata-injected', ({ name, metadata, repeat }) => {
    if (!repeat) log(`[preview] timed metadata (${metadata.length}) injected into ${name}`);
  });
}

async function readMetadata(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InvalidPreviewOption(`--metadata-file is "${file}", which cannot be read (${error.code}); allowed: a JSON payload file such as examples/quiz-question.json`);
  });
  try {
    validateMetadata(text);
  } catch (error: unknown) {
    throw new InvalidPreviewOption(`--metadata-file "${file}" is not a valid payload: ${error instanceof Error ? error.message : String(error)}`);
  }
  return JSON.stringify(JSON.parse(text));
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

async function main(): Promise<void> {
  let args: ReturnType<typeof parsePreviewArgs>;
  try {
    args = parsePreviewArgs(process.argv.slice(2), process.env);
  } catch (error: unknown) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args === 'help') return console.log(USAGE);
  const preview = await startPreview(args);
  for (const line of banner(preview.url, preview.port, args.source)) console.log(line);
  const shutdown = (signal: NodeJS.Signals): void => {
    console.log(`\n[preview] ${signal}: stopping`);
    void preview.stop().then(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, shutdown);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`[preview] ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    process.exitCode = 1;
  });
}
