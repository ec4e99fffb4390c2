// Tests the ffmpeg command lines of the local channel (their effect is tested with real ffmpeg in hls-channel.test.ts).
import { CLOCK_FILTER, InvalidSource, ffmpegArgs, parseSource, playlistFile, rtmpServerUrl, segmentFilePattern } from '../../local/ffmpeg-args';

const output = { directory: '/tmp/hls', prefix: 'b1-abc' };
const rtmp = { port: 1935, streamKey: 'sk' };

function valueAfter(args: readonly string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index < 0 ? undefined : args[index + 1];
}

describe('parseSource', () => {
  it('knows test, rtmp and file:<path>', () => {
    expect(parseSource('test', rtmp)).toEqual({ kind: 'test' });
    expect(parseSource('rtmp', rtmp)).toEqual({ kind: 'rtmp', port: 1935, streamKey: 'sk' });
    expect(parseSource('file:a b.mp4', rtmp)).toEqual({ kind: 'file', path: 'a b.mp4' });
  });

  it('rejects anything else, saying what is allowed', () => {
    expect(() => parseSource('file:', rtmp)).toThrow(InvalidSource);
    expect(() => parseSource('obs', rtmp)).toThrow('--source is "obs"; allowed: test, rtmp, file:<path of a video file>');
  });
});

describe('ffmpegArgs', () => {
  it('writes a live window of 2 s segments, five in the playlist, deleting old ones', () => {
    const args = ffmpegArgs({ source: { kind: 'test' }, output });
    expect(valueAfter(args, '-f')).toBe('lavfi');
    expect(valueAfter(args, '-hls_time')).toBe('2');
    expect(valueAfter(args, '-hls_list_size')).toBe('5');
    expect(valueAfter(args, '-hls_flags')).toContain('delete_segments');
    expect(valueAfter(args, '-hls_segment_filename')).toBe('/tmp/hls/b1-abc-%d.ts');
    expect(args[args.length - 1]).toBe(playlistFile(output));
  });

  it('paces the test pattern in real time with a keyframe every 2 s and a clock', () => {
    const args = ffmpegArgs({ source: { kind: 'test' }, output });
    expect(args.filter((arg) => arg === '-re')).toHaveLength(2);
    expect(valueAfter(args, '-g')).toBe('60');
    expect(valueAfter(args, '-vf')).toBe(CLOCK_FILTER);
    expect(ffmpegArgs({ source: { kind: 'test' }, output, clock: false })).not.toContain('-vf');
  });

  it('cuts shorter segments, with keyframes to match, when asked (as the channel tests do)', () => {
    const args = ffmpegArgs({ source: { kind: 'test' }, output, segmentSeconds: 0.5 });
    expect(valueAfter(args, '-hls_time')).toBe('0.5');
    expect(valueAfter(args, '-g')).toBe('15');
    expect(valueAfter(args, '-keyint_min')).toBe('15');
    expect(valueAfter(ffmpegArgs({ source: { kind: 'file', path: '/v.mp4' }, output, segmentSeconds: 0.5 }), '-g')).toBe('15');
  });

  it('listens for one RTMP broadcaster on 127.0.0.1 and remuxes what it sends', () => {
    const args = ffmpegArgs({ source: { kind: 'rtmp', ...rtmp }, output });
    expect(valueAfter(args, '-listen')).toBe('1');
    expect(valueAfter(args, '-i')).toBe(`${rtmpServerUrl(1935)}/sk`);
    expect(rtmpServerUrl(1935)).toBe('rtmp://127.0.0.1:1935/app');
    expect(valueAfter(args, '-c')).toBe('copy');
  });

  it('loops a file at its real pace', () => {
    const args = ffmpegArgs({ source: { kind: 'file', path: '/v.mp4' }, output });
    expect(valueAfter(args, '-stream_loop')).toBe('-1');
    expect(args.indexOf('-re')).toBeLessThan(args.indexOf('-i'));
  });
});

describe('segmentFilePattern', () => {
  it('matches only this broadcast\'s segments', () => {
    expect(segmentFilePattern(output).test('b1-abc-12.ts')).toBe(true);
    expect(segmentFilePattern(output).test('b2-abc-12.ts')).toBe(false);
    expect(segmentFilePattern(output).test('b1-abc-12.ts.tmp')).toBe(false);
  });
});
