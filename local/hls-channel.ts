// The local channel: runs ffmpeg (one process per broadcast) writing a live HLS window into a folder, prepares each
// new segment once (timed metadata injected) and publishes the playlist of prepared segments. Reports Stream Start
// when the first segment of a broadcast is ready and Stream End when the broadcaster stops (the playlist then 404s).
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ffmpegArgs, playlistFile, segmentFilePattern, type ChannelSource, type HlsOutput } from './ffmpeg-args';
import { parseMediaPlaylist, renderMediaPlaylist, type PlaylistSegment } from './hls-playlist';
import { isRunning, killTiedProcessNow, spawnTiedToParent, stopTiedProcess } from './tied-process';

export interface HlsChannelOptions {
  readonly ffmpegPath: string;
  readonly source: ChannelSource;
  /** Folder ffmpeg writes into (the caller creates and removes it). */
  readonly directory: string;
  /** Turns a finished segment into the bytes served for it (called once per segment, in order). */
  readonly prepareSegment: (bytes: Buffer, name: string) => Buffer;
  /** Draw the clock on the test pattern. @default true */
  readonly clock?: boolean;
  /** How often ffmpeg's playlist is read. @default 100 */
  readonly pollIntervalMs?: number;
  /** Segment length for the sources ffmpeg encodes (tests use shorter ones). @default SEGMENT_SECONDS */
  readonly segmentSeconds?: number;
  readonly log: (line: string) => void;
}

export interface StreamStateEvent {
  /** IVS-style stream id (st-…), new for every broadcast. */
  readonly streamId: string;
  readonly at: number;
}

export interface SegmentEvent {
  readonly name: string;
  readonly at: number;
}

export interface HlsChannelEvents {
  'stream-start': [StreamStateEvent];
  'stream-end': [StreamStateEvent & { readonly reason: string }];
  segment: [SegmentEvent];
}

interface Broadcast {
  readonly output: HlsOutput;
  readonly streamId: string;
  readonly process: ChildProcess;
  /** Prepared bytes by segment name; kept a little past the window for clients still fetching. */
  readonly prepared: Map<string, Buffer>;
  published: { readonly mediaSequence: number; readonly segments: readonly PlaylistSegment[] } | undefined;
  wentLive: boolean;
  ended: boolean;
}

const KEPT_AFTER_WINDOW = 3;
/** ffmpeg's RTMP listener is restarted this soon after a broadcast ends, so the broadcaster can come back. */
const RESTART_DELAY_MS = 250;
const MAX_RESTART_DELAY_MS = 5000;
const MAX_FAILURES_WITHOUT_SEGMENT = 3;

export class HlsChannel extends EventEmitter<HlsChannelEvents> {
  private broadcast: Broadcast | undefined;
  private broadcastCount = 0;
  private failures = 0;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(private readonly options: HlsChannelOptions) {
    super();
  }

  start(): void {
    this.startBroadcast();
    this.timer = setInterval(() => void this.poll(), this.options.pollIntervalMs ?? 100);
  }

  /** Live as IVS means it: a broadcast is running and at least one segment can be played. */
  isLive(): boolean {
    return this.broadcast?.published !== undefined && !this.broadcast.ended;
  }

  /** The playlist to serve, or undefined while offline (404). */
  playlist(): string | undefined {
    return this.isLive() && this.broadcast?.published ? renderMediaPlaylist(this.broadcast.published) : undefined;
  }

  segment(name: string): Buffer | undefined {
    return this.broadcast?.prepared.get(name);
  }

  /** Process ids of the running ffmpeg's wrapper, which exits only after ffmpeg (for the no-orphan checks). */
  pids(): number[] {
    const child = this.broadcast?.process;
    return child && isRunning(child) ? [child.pid as number] : [];
  }

  /** Last resort on process exit (synchronous): SIGKILL whatever ffmpeg still runs. */
  killNow(): void {
    this.stopping = true;
    if (this.broadcast) killTiedProcessNow(this.broadcast.process);
  }

  /** Stops ffmpeg (SIGTERM, then SIGKILL after 3 s) and resolves once it has exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    clearTimeout(this.restartTimer);
    // No pid: ffmpeg never started (spawn error), so there is nothing to wait for.
    if (this.broadcast) await stopTiedProcess(this.broadcast.process, 3000);
  }

  private startBroadcast(): void {
    this.broadcastCount += 1;
    const output = { directory: this.options.directory, prefix: `b${this.broadcastCount}-${randomBytes(3).toString('hex')}` };
    const args = ffmpegArgs({ source: this.options.source, output, clock: this.options.clock, segmentSeconds: this.options.segmentSeconds });
    // Tied to the preview: even a preview killed with SIGKILL leaves no ffmpeg behind.
    const child = spawnTiedToParent(this.options.ffmpegPath, args, { stderr: 'pipe' });
    const broadcast: Broadcast = { output, streamId: `st-${randomBytes(6).toString('hex')}`, process: child, prepared: new Map(), published: undefined, wentLive: false, ended: false };
    this.broadcast = broadcast;
    const stderr: string[] = [];
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim() && !line.startsWith('Fontconfig')) stderr.push(line.trim());
      stderr.splice(0, Math.max(0, stderr.length - 20));
    });
    child.once('error', (error) => this.options.log(`ffmpeg could not start: ${error.message}`));
    child.once('exit', (code, signal) => this.onExit(broadcast, code, signal, stderr));
  }

  private onExit(broadcast: Broadcast, code: number | null, signal: NodeJS.Signals | null, stderr: readonly string[]): void {
    if (this.stopping) return;
    const how = signal ?? `code ${code}`;
    this.end(broadcast, `ffmpeg exited (${how})`);
    this.failures = broadcast.wentLive ? 0 : this.failures + 1;
    if (this.failures > 0 && (this.options.source.kind !== 'rtmp' || code !== 0)) {
      this.options.log(`ffmpeg stopped before the first segment (${how}):\n  ${stderr.join('\n  ')}`);
    }
    // A broadcaster may come back at any time; a test pattern or file that keeps failing will not get better.
    if (this.options.source.kind !== 'rtmp' && this.failures >= MAX_FAILURES_WITHOUT_SEGMENT) {
      this.options.log(`giving up after ${this.failures} attempts: the channel stays offline`);
      return;
    }
    const delay = this.failures === 0 ? RESTART_DELAY_MS : Math.min(MAX_RESTART_DELAY_MS, RESTART_DELAY_MS * 2 ** this.failures);
    this.restartTimer = setTimeout(() => this.startBroadcast(), delay);
  }

  private async poll(): Promise<void> {
    const broadcast = this.broadcast;
    if (this.polling || !broadcast || broadcast.ended) return;
    this.polling = true;
    try {
      await this.refresh(broadcast);
    } finally {
      this.polling = false;
    }
  }

  private async refresh(broadcast: Broadcast): Promise<void> {
    const text = await readFile(playlistFile(broadcast.output), 'utf8').catch(() => undefined);
    const parsed = text === undefined ? undefined : parseMediaPlaylist(text, segmentFilePattern(broadcast.output));
    if (!parsed || broadcast.ended) return;
    const ready: PlaylistSegment[] = [];
    for (const segment of parsed.segments) {
      if (!broadcast.prepared.has(segment.uri) && !(await this.prepare(broadcast, segment.uri))) break;
      ready.push(segment);
    }
    if (broadcast.ended) return;
    if (ready.length > 0) {
      const first = !broadcast.published;
      broadcast.published = { mediaSequence: parsed.mediaSequence, segments: ready };
      this.prune(broadcast, parsed.mediaSequence);
      if (first) {
        broadcast.wentLive = true;
        this.emit('stream-start', { streamId: broadcast.streamId, at: Date.now() });
      }
    }
    if (parsed.ended) this.end(broadcast, 'the broadcaster stopped');
  }

  private async prepare(broadcast: Broadcast, name: string): Promise<boolean> {
    const bytes = await readFile(join(broadcast.output.directory, name)).catch(() => undefined);
    if (bytes === undefined || broadcast.ended) return false;
    try {
      broadcast.prepared.set(name, this.options.prepareSegment(bytes, name));
    } catch (error: unknown) {
      this.options.log(`segment ${name} served without metadata: ${error instanceof Error ? error.message : String(error)}`);
      broadcast.prepared.set(name, bytes);
    }
    this.emit('segment', { name, at: Date.now() });
    return true;
  }

  /** Forgets segments well out of the window (ffmpeg has deleted their files already). */
  private prune(broadcast: Broadcast, mediaSequence: number): void {
    for (const name of broadcast.prepared.keys()) {
      const sequence = Number(/-(\d+)\.ts$/.exec(name)?.[1]);
      if (sequence < mediaSequence - KEPT_AFTER_WINDOW) broadcast.prepared.delete(name);
    }
  }

  /** Stream End: the playlist goes away at once (404, as IVS's does) and the broadcast's files are removed. */
  private end(broadcast: Broadcast, reason: string): void {
    if (broadcast.ended) return;
    broadcast.ended = true;
    const wasLive = broadcast.published !== undefined;
    broadcast.published = undefined;
    broadcast.prepared.clear();
    void removeFiles(broadcast.output);
    if (wasLive) this.emit('stream-end', { streamId: broadcast.streamId, at: Date.now(), reason });
  }
}

async function removeFiles(output: HlsOutput): Promise<void> {
  const names = await readdir(output.directory).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => name.startsWith(`${output.prefix}`)).map((name) => rm(join(output.directory, name), { force: true })));
}
