// Finds the ffmpeg binary for the local channel: FFMPEG_PATH, else the one @ffmpeg-installer/ffmpeg ships for
// this platform (so `npm ci` is enough), else `ffmpeg` on PATH.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export class FfmpegNotFound extends Error {
  override name = 'FfmpegNotFound';
}

export interface FfmpegPathSources {
  readonly env: NodeJS.ProcessEnv;
  readonly exists: (path: string) => boolean;
  /** The bundled binary's path, or undefined when no platform package is installed. */
  readonly bundled: () => string | undefined;
}

export function resolveFfmpegPath(sources: FfmpegPathSources = defaultSources()): string {
  const fromEnv = sources.env.FFMPEG_PATH;
  if (fromEnv) {
    if (!sources.exists(fromEnv)) throw new FfmpegNotFound(`FFMPEG_PATH is "${fromEnv}", which does not exist; allowed: the path of an ffmpeg binary`);
    return fromEnv;
  }
  const bundled = sources.bundled();
  if (bundled && sources.exists(bundled)) return bundled;
  const onPath = (sources.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg'))
    .find(sources.exists);
  if (onPath) return onPath;
  throw new FfmpegNotFound(
    'no ffmpeg found: run `npm ci` (it installs @ffmpeg-installer/ffmpeg for this platform), put ffmpeg on PATH, or set FFMPEG_PATH',
  );
}

function defaultSources(): FfmpegPathSources {
  return { env: process.env, exists: existsSync, bundled: bundledFfmpeg };
}

function bundledFfmpeg(): string | undefined {
  try {
    return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch {
    return undefined;
  }
}
