// Tests the local channel with real ffmpeg: live when the first segment is ready, every segment prepared once,
// offline (no playlist) when the broadcaster stops, a fresh broadcast after a restart, and no ffmpeg left behind.
// The channels cut half-second segments (IVS's and the preview's are 2 s), so each test waits a quarter as long for them.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveFfmpegPath } from '../../local/ffmpeg-path';
import { HlsChannel, type StreamStateEvent } from '../../local/hls-channel';
import { findFreePort, startTestBroadcaster } from '../../testing/test-broadcaster';
import { isRunning } from '../../testing/processes';

jest.setTimeout(90_000);

const ffmpegPath = resolveFfmpegPath();
const segmentSeconds = 0.5;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ivs-live-channel-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function next(channel: HlsChannel, event: 'stream-start' | 'stream-end'): Promise<StreamStateEvent> {
  return new Promise((resolve) => channel.once(event, resolve));
}

describe('HlsChannel with the test pattern', () => {
  it('goes live once the first segment is ready and serves only prepared segments', async () => {
    const prepared: string[] = [];
    const channel = new HlsChannel({
      ffmpegPath, source: { kind: 'test' }, clock: false, segmentSeconds, directory: dir, log: () => undefined,
      prepareSegment: (bytes, name) => {
        prepared.push(name);
        return Buffer.concat([Buffer.from('prepared:'), bytes]);
      },
    });
    expect(channel.playlist()).toBeUndefined();
    const started = next(channel, 'stream-start');
    channel.start();
    await started;
    expect(channel.isLive()).toBe(true);
    const names = (channel.playlist() ?? '').split('\n').filter((line) => line.endsWith('.ts'));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(prepared).toContain(name);
      expect(channel.segment(name)?.subarray(0, 9).toString()).toBe('prepared:');
    }
    const pids = channel.pids();
    expect(pids).toHaveLength(1);
    await channel.stop();
    expect(isRunning(pids[0])).toBe(false);
    expect(new Set(prepared).size).toBe(prepared.length);
  });
});

describe('HlsChannel with a file', () => {
  it('loops the file as a live stream', async () => {
    const video = join(dir, 'show.mp4');
    await promisify(execFile)(ffmpegPath, [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30', '-f', 'lavfi', '-i', 'sine',
      '-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', video,
    ]);
    const channel = new HlsChannel({ ffmpegPath, source: { kind: 'file', path: video }, segmentSeconds, directory: dir, log: () => undefined, prepareSegment: (bytes) => bytes });
    const started = next(channel, 'stream-start');
    channel.start();
    try {
      await started;
      // A one-second file still makes a live window of several segments: it is looped (segment 3 starts 1.5 s in).
      await new Promise<void>((resolve) => channel.on('segment', (event) => /-3\.ts$/.test(event.name) && resolve()));
      expect(channel.isLive()).toBe(true);
    } finally {
      await channel.stop();
    }
  });
});

describe('HlsChannel with a file ffmpeg cannot read', () => {
  it('stays offline and says why, giving up after a few attempts', async () => {
    const lines: string[] = [];
    const channel = new HlsChannel({ ffmpegPath, source: { kind: 'file', path: join(dir, 'missing.mp4') }, segmentSeconds, directory: dir, log: (line) => lines.push(line), prepareSegment: (bytes) => bytes });
    channel.start();
    try {
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => lines.some((line) => line.startsWith('giving up')) && (clearInterval(timer), resolve()), 100);
      });
      expect(lines.filter((line) => line.includes('missing.mp4: No such file or directory'))).toHaveLength(3);
      expect(channel.isLive()).toBe(false);
      expect(channel.pids()).toEqual([]);
    } finally {
      await channel.stop();
    }
  });
});

describe('HlsChannel with an RTMP broadcaster', () => {
  it('is offline until a broadcaster publishes, offline again when it stops, and live again with new segment names', async () => {
    const port = await findFreePort();
    const channel = new HlsChannel({ ffmpegPath, source: { kind: 'rtmp', port, streamKey: 'key' }, segmentSeconds, directory: dir, log: () => undefined, prepareSegment: (bytes) => bytes });
    channel.start();
    const url = `rtmp://127.0.0.1:${port}/app/key`;
    try {
      expect(channel.isLive()).toBe(false);
      const first = next(channel, 'stream-start');
      const broadcaster = startTestBroadcaster(ffmpegPath, url, { keyframeSeconds: segmentSeconds });
      const { streamId } = await first;
      const firstNames = (channel.playlist() ?? '').split('\n').filter((line) => line.endsWith('.ts'));

      const ended = next(channel, 'stream-end');
      await broadcaster.stop();
      expect((await ended).streamId).toBe(streamId);
      expect(channel.isLive()).toBe(false);
      expect(channel.playlist()).toBeUndefined();
      expect(channel.segment(firstNames[0])).toBeUndefined();

      const second = next(channel, 'stream-start');
      const again = startTestBroadcaster(ffmpegPath, url, { keyframeSeconds: segmentSeconds });
      expect((await second).streamId).not.toBe(streamId);
      const secondNames = (channel.playlist() ?? '').split('\n').filter((line) => line.endsWith('.ts'));
      expect(secondNames.some((name) => firstNames.includes(name))).toBe(false);
      await again.stop();
    } finally {
      await channel.stop();
    }
  });
});
