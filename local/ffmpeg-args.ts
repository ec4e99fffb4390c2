// The ffmpeg command lines of the local channel, as pure functions: where the video comes from (test pattern,
// an RTMP broadcaster, a looped file) and the live HLS window it is written to, shaped like IVS's output.
import { join } from 'node:path';

export type ChannelSource =
  /** A built-in test pattern with a clock and a tone: a live stream with nothing else to install. */
  | { readonly kind: 'test' }
  /** Waits for one broadcaster (OBS, ffmpeg) to publish to rtmp://127.0.0.1:<port>/app/<key>, as to IVS. */
  | { readonly kind: 'rtmp'; readonly port: number; readonly streamKey: string }
  /** Loops a video file at its real pace. */
  | { readonly kind: 'file'; readonly path: string };

export class InvalidSource extends Error {
  override name = 'InvalidSource';
}

/** IVS's segment length and keyframe interval. */
export const SEGMENT_SECONDS = 2;
/** Segments in the sliding window, like a live IVS playlist. */
export const PLAYLIST_SEGMENTS = 5;
const FRAME_RATE = 30;
const RTMP_APP = 'app';

/** Parses `--source test|rtmp|file:<path>`. */
export function parseSource(value: string, rtmp: { readonly port: number; readonly streamKey: string }): ChannelSource {
  if (value === 'test') return { kind: 'test' };
  if (value === 'rtmp') return { kind: 'rtmp', port: rtmp.port, streamKey: rtmp.streamKey };
  if (value.startsWith('file:') && value.length > 'file:'.length) return { kind: 'file', path: value.slice('file:'.length) };
  throw new InvalidSource(`--source is ${JSON.stringify(value)}; allowed: test, rtmp, file:<path of a video file>`);
}

/** The RTMP server and stream key as OBS asks for them (Settings -> Stream -> Custom). */
export function rtmpServerUrl(port: number): string {
  return `rtmp://127.0.0.1:${port}/${RTMP_APP}`;
}

export interface HlsOutput {
  readonly directory: string;
  /** Unique per broadcast, so a restarted broadcast never serves a segment of the previous one. */
  readonly prefix: string;
}

export function playlistFile(output: HlsOutput): string {
  return join(output.directory, `${output.prefix}.m3u8`);
}

export function segmentFilePattern(output: HlsOutput): RegExp {
  return new RegExp(`^${output.prefix.replace(/[^a-zA-Z0-9]/g, '\\$&')}-\\d+\\.ts$`);
}

export interface FfmpegArgsOptions {
  readonly source: ChannelSource;
  readonly output: HlsOutput;
  /** Draw a clock on the test pattern (needs ffmpeg's drawtext filter and a font). @default true */
  readonly clock?: boolean;
  /** Segment length and keyframe interval; shorter only in tests, so they wait less for each segment. @default SEGMENT_SECONDS */
  readonly segmentSeconds?: number;
}

export function ffmpegArgs(options: FfmpegArgsOptions): string[] {
  const segmentSeconds = options.segmentSeconds ?? SEGMENT_SECONDS;
  return ['-hide_banner', '-nostdin', '-loglevel', 'error', ...inputArgs(options, segmentSeconds), ...hlsArgs(options.output, segmentSeconds)];
}

function inputArgs(options: FfmpegArgsOptions, segmentSeconds: number): string[] {
  const { source } = options;
  switch (source.kind) {
    case 'test':
      return [
        '-re', '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=${FRAME_RATE}`,
        '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:beep_factor=4:sample_rate=48000',
        ...(options.clock === false ? [] : ['-vf', CLOCK_FILTER]),
        ...encodeArgs(segmentSeconds),
      ];
    case 'file':
      return ['-re', '-stream_loop', '-1', '-i', source.path, '-map', '0:v:0', '-map', '0:a:0?', ...encodeArgs(segmentSeconds)];
    case 'rtmp':
      // The broadcaster already sends H.264/AAC with 2 s keyframes (what IVS requires), so it is only remuxed.
      return ['-listen', '1', '-i', `${rtmpServerUrl(source.port)}/${source.streamKey}`, '-c', 'copy'];
  }
}

/** A wall clock and a label over the test pattern, so a viewer sees the stream is live and how far behind it is. */
export const CLOCK_FILTER =
  "drawtext=text='%{localtime\\:%X}':fontsize=96:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=16:x=(w-tw)/2:y=h-th-48," +
  "drawtext=text='ivs-live local preview':fontsize=36:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=10:x=w-tw-24:y=24";

function encodeArgs(segmentSeconds: number): string[] {
  const gop = String(Math.round(segmentSeconds * FRAME_RATE));
  return [
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-r', String(FRAME_RATE),
    '-g', gop, '-keyint_min', gop, '-sc_threshold', '0', '-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '5000k',
    '-c:a', 'aac', '-b:a', '128k', '-ar', '48000',
  ];
}

function hlsArgs(output: HlsOutput, segmentSeconds: number): string[] {
  return [
    '-f', 'hls', '-hls_time', String(segmentSeconds), '-hls_list_size', String(PLAYLIST_SEGMENTS),
    '-hls_flags', 'delete_segments+independent_segments+temp_file',
    '-hls_segment_filename', join(output.directory, `${output.prefix}-%d.ts`),
    playlistFile(output),
  ];
}

/** A one-frame run that tells whether this ffmpeg can draw the clock (drawtext needs a font it can find). */
export function clockProbeArgs(): string[] {
  return ['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=1', '-vf', CLOCK_FILTER, '-frames:v', '1', '-f', 'null', '-'];
}
