// A stand-in for OBS: ffmpeg publishing a small test pattern with a tone over RTMP, as a broadcaster streams to IVS
// (H.264 + AAC, 2 s keyframes). Used by the end-to-end test and the benchmark to start and stop broadcasts.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { spawnTiedToParent, stopTiedProcess } from '../local/tied-process';

export interface TestBroadcaster {
  /** Ends the broadcast the way a broadcaster does (ffmpeg closes the RTMP session) and waits for ffmpeg to exit. */
  stop(): Promise<void>;
}

/** Like OBS, a refused connection (the server is not listening yet) is retried every 300 ms. */
const RETRY_MS = 300;
const MAX_ATTEMPTS = 100;

export interface TestBroadcasterOptions {
  /** Keyframe interval, which sets where the channel can cut segments. @default 2, as IVS requires */
  readonly keyframeSeconds?: number;
}

export function startTestBroadcaster(ffmpegPath: string, rtmpUrl: string, options: TestBroadcasterOptions = {}): TestBroadcaster {
  const gop = String(Math.round((options.keyframeSeconds ?? 2) * 30));
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30',
    '-re', '-f', 'lavfi', '-i', 'sine=frequency=660:beep_factor=2:sample_rate=48000',
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', gop, '-keyint_min', gop, '-sc_threshold', '0',
    '-c:a', 'aac', '-b:a', '96k', '-f', 'flv', rtmpUrl,
  ];
  let stopped = false;
  let child: ChildProcess | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = (attempt: number): void => {
    const process = spawnTiedToParent(ffmpegPath, args);
    child = process;
    process.once('exit', () => {
      if (!stopped && attempt < MAX_ATTEMPTS) retry = setTimeout(() => connect(attempt + 1), RETRY_MS);
    });
  };
  connect(1);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      if (child) await stopTiedProcess(child, 5000);
    },
  };
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for the RTMP listener, which cannot take port 0). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
