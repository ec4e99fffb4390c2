// `npm start`: the local preview without AWS. A local stand-in for the IVS channel (ffmpeg writing live HLS),
// the real page built for it, the real function invoked on Stream Start/End, and IVS's PutMetadata on one port.
// startPreview() is what the CLI below, the end-to-end test and the benchmark all run.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildFunctions } from '../functions/build';
import { validateMetadata } from '../functions/shared/payload';
import { buildWeb } from '../web/build';
import { DEFAULT_PREVIEW_PORT, DEFAULT_RTMP_PORT, LOCAL_CHANNEL_ARN, LOCAL_PLAYLIST_PATH, LOCAL_REGION, LOCAL_STREAM_KEY, localEndpoint } from './constants';
import { clockProbeArgs, parseSource, rtmpServerUrl, type ChannelSource } from './ffmpeg-args';
import { resolveFfmpegPath } from './ffmpeg-path';
import { HlsChannel, type SegmentEvent, type StreamStateEvent } from './hls-channel';
import { createPreviewServer } from './preview-server';
import { createPutMetadataEndpoint, type PutMetadataEndpoint } from './put-metadata-endpoint';
import { SegmentMetadata } from './segment-metadata';
import { functionEnv, invokeFunction, streamStateChangeEvent, type StreamEventName } from './stream-state';

const ROOT = resolve(__dirname, '..');
export const DEFAULT_METADATA_FILE = join(ROOT, 'examples', 'quiz-question.json');
/** How often the preview puts the last quiz back into the stream for viewers who open the page late. */
export const DEFAULT_REPEAT_QUESTION_SECONDS = 6;
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
  /** Repeat the last quiz every this many seconds while live; 0 = never (IVS itself never repeats). @default 6 */
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
  stop(): Promise<void>;
}

export async function startPreview(options: PreviewOptions = {}): Promise<Preview> {
  const log = options.log ?? ((line: string) => console.log(line));
  const source = options.source ?? { kind: 'test' };
  const ffmpegPath = options.ffmpegPath ?? resolveFfmpegPath();
  const metadataJson = await readMetadata(options.metadataFile ?? DEFAULT_METADATA_FILE);
  if (source.kind === 'rtmp') await assertPortFree(source.port, 'RTMP', '--rtmp-port');
  const root = await mkdtemp(join(tmpdir(), 'ivs-live-preview-'));
  const dirs = { hls: join(root, 'hls'), web: join(root, 'web'), functions: join(root, 'functions') };
  await mkdir(dirs.hls);

  const events = new EventEmitter<PreviewEvents>();
  const segmentMetadata = new SegmentMetadata({ repeatQuizEveryMs: (options.repeatQuestionSeconds ?? DEFAULT_REPEAT_QUESTION_SECONDS) * 1000 });
  const clock = source.kind === 'test' ? await canDrawClock(ffmpegPath) : false;
  if (source.kind === 'test' && !clock) log('[preview] this ffmpeg cannot draw text (no font found): the test pattern has no clock');
  const channel = new HlsChannel({
    ffmpegPath,
    source,
    clock,
    directory: dirs.hls,
    log: (line) => log(`[ffmpeg] ${line}`),
    prepareSegment: (bytes, name) => {
      const prepared = segmentMetadata.prepare(bytes);
      if (prepared.metadata.length > 0) events.emit('metadata-injected', { name, at: Date.now(), metadata: prepared.metadata, repeat: prepared.repeat });
      return prepared.bytes;
    },
  });
  const endpoint = createPutMetadataEndpoint({
    channelArn: LOCAL_CHANNEL_ARN,
    isLive: () => channel.isLive(),
    onMetadata: (metadata) => {
      segmentMetadata.enqueue(metadata);
      events.emit('metadata-accepted', { metadata, at: Date.now() });
    },
  });
  let webDir: string | undefined;
  const server = createPreviewServer({ channel, endpoint, webDir: () => webDir });
  const port = await listen(server, options.port ?? DEFAULT_PREVIEW_PORT);
  const baseUrl = localEndpoint(port);
  const functions = new AbortController();

  const stop = once(async () => {
    process.removeListener('exit', killNow);
    functions.abort();
    await channel.stop();
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
    await rm(root, { recursive: true, force: true });
  });
  const killNow = (): void => channel.killNow();
  process.once('exit', killNow);

  try {
    const [bundle] = await buildFunctions({ outdir: dirs.functions });
    await buildWeb({ playbackUrl: `${baseUrl}${LOCAL_PLAYLIST_PATH}`, outDir: dirs.web });
    webDir = dirs.web;
    const invoke = (eventName: StreamEventName, streamId: string): void => {
      const event = streamStateChangeEvent({ channelArn: LOCAL_CHANNEL_ARN, channelName: LOCAL_CHANNEL_NAME, eventName, streamId, time: new Date() });
      log(`[preview] EventBridge: IVS Stream State Change "${eventName}" (${streamId}) -> function`);
      const env = functionEnv({
        channelArn: LOCAL_CHANNEL_ARN,
        region: LOCAL_REGION,
        metadataJson,
        firstQuestionDelaySeconds: options.questionDelaySeconds ?? 0,
        ivsEndpoint: baseUrl,
      });
      void invokeFunction({ bundlePath: bundle.path, env, event, log: (line) => log(`[function] ${line}`), signal: functions.signal }).then((code) =>
        events.emit('function-exit', { eventName, code }),
      );
    };
    channel.on('stream-start', (event) => {
      log(`[preview] live: first segment ready (${event.streamId})`);
      events.emit('stream-start', event);
      invoke('Stream Start', event.streamId);
    });
    channel.on('stream-end', (event) => {
      log(`[preview] offline: ${event.reason}; the playlist now answers 404`);
      segmentMetadata.reset();
      events.emit('stream-end', event);
      invoke('Stream End', event.streamId);
    });
    channel.on('segment', (event) => events.emit('segment', event));
    events.on('metadata-accepted', ({ metadata }) => log(`[preview] PutMetadata accepted ${Buffer.byteLength(metadata)} bytes; injecting into the next segment`));
    events.on('metadata-injected', ({ name, metadata, repeat }) => {
      if (!repeat) log(`[preview] timed metadata (${metadata.length}) injected into ${name}`);
    });
    channel.start();
  } catch (error: unknown) {
    await stop();
    throw error;
  }
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
}

export class InvalidPreviewOption extends Error {
  override name = 'InvalidPreviewOption';
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

function listen(server: ReturnType<typeof createPreviewServer>, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new InvalidPreviewOption(`HTTP port ${port} is in use; choose another with --port (or PREVIEW_PORT)`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolvePort((server.address() as AddressInfo).port));
  });
}

async function assertPortFree(port: number, what: string, flag: string): Promise<void> {
  const probe = createNetServer();
  await new Promise<void>((resolveFree, reject) => {
    probe.once('error', () => reject(new InvalidPreviewOption(`${what} port ${port} on 127.0.0.1 is in use; choose another with ${flag}`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolveFree()));
  });
}

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

// ---- CLI -------------------------------------------------------------------------------------------------------

const USAGE = `Local preview of the live page without AWS: a local IVS-like channel, the real page and the real function.

Usage: npm start -- [options]

  --source test|rtmp|file:<path>   what the channel plays (default: test, a test pattern with a clock and a tone)
                                   rtmp: wait for OBS or ffmpeg to stream to rtmp://127.0.0.1:<rtmp-port>/app
  --port <n>                       HTTP port of the page, playlist and PutMetadata (default: $PREVIEW_PORT or ${DEFAULT_PREVIEW_PORT})
  --rtmp-port <n>                  RTMP port for --source rtmp (default: ${DEFAULT_RTMP_PORT})
  --metadata-file <path>           payload the function sends on Stream Start (default: examples/quiz-question.json)
  --question-delay <seconds>       FIRST_QUESTION_DELAY_SECONDS for the function (default: 0)
  --repeat-question <seconds>      repeat the last quiz for late viewers, 0 = never (default: ${DEFAULT_REPEAT_QUESTION_SECONDS})
  --help                           show this text`;

export function parsePreviewArgs(argv: readonly string[], env: NodeJS.ProcessEnv): PreviewOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      source: { type: 'string', default: 'test' },
      port: { type: 'string' },
      'rtmp-port': { type: 'string' },
      'metadata-file': { type: 'string' },
      'question-delay': { type: 'string' },
      'repeat-question': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const rtmpPort = integer('--rtmp-port', values['rtmp-port'] ?? String(DEFAULT_RTMP_PORT), 1, 65535);
  return {
    source: parseSource(values.source, { port: rtmpPort, streamKey: LOCAL_STREAM_KEY }),
    port: integer('--port', values.port ?? env.PREVIEW_PORT ?? String(DEFAULT_PREVIEW_PORT), 0, 65535),
    metadataFile: values['metadata-file'] ? resolve(values['metadata-file']) : undefined,
    questionDelaySeconds: integer('--question-delay', values['question-delay'] ?? '0', 0, 600),
    repeatQuestionSeconds: integer('--repeat-question', values['repeat-question'] ?? String(DEFAULT_REPEAT_QUESTION_SECONDS), 0, 3600),
  };
}

function integer(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new InvalidPreviewOption(`${flag} is ${JSON.stringify(raw)}; allowed: an integer from ${min} to ${max}`);
  return value;
}

function banner(preview: Preview, source: ChannelSource): string[] {
  const lines = ['', `  Open ${preview.url}`, ''];
  if (source.kind === 'rtmp') {
    lines.push(
      '  Stream to it as to IVS (OBS: Settings -> Stream -> Service "Custom..."):',
      `    Server:     ${rtmpServerUrl(source.port)}`,
      `    Stream key: ${source.streamKey}`,
      '    (H.264 + AAC, keyframe interval 2 s; or: ffmpeg -re -i video.mp4 -c:v libx264 -g 60 -c:a aac -f flv ' +
        `${rtmpServerUrl(source.port)}/${source.streamKey})`,
      '',
    );
  }
  lines.push(`  Send a question: npm run send-metadata -- --local --port ${preview.port} --file examples/quiz-question.json`, '  Stop: Ctrl-C', '');
  return lines;
}

async function main(): Promise<void> {
  let options: PreviewOptions | 'help';
  try {
    options = parsePreviewArgs(process.argv.slice(2), process.env);
  } catch (error: unknown) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') return console.log(USAGE);
  const preview = await startPreview(options);
  for (const line of banner(preview, options.source ?? { kind: 'test' })) console.log(line);
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
