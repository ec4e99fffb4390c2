// A real one-second MPEG-TS segment made by the ffmpeg the preview uses (H.264 + AAC, as ffmpeg's HLS muxer writes).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveFfmpegPath } from '../local/ffmpeg-path';

export async function makeSegment(): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'ivs-live-segment-'));
  try {
    const file = join(dir, 'segment.ts');
    await promisify(execFile)(resolveFfmpegPath(), [
      '-hide_banner', '-nostdin', '-loglevel', 'error',
      '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-c:a', 'aac', '-f', 'mpegts', file,
    ]);
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
