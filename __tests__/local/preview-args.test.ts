// Tests the command line of `npm start`: flags, their errors, and the banner with OBS's server and stream key.
import { DEFAULT_PREVIEW_PORT, DEFAULT_RTMP_PORT, LOCAL_STREAM_KEY } from '../../local/constants';
import { DEFAULT_REPEAT_QUESTION_SECONDS, USAGE, banner, parsePreviewArgs } from '../../local/preview-args';

describe('parsePreviewArgs', () => {
  it('defaults to the test pattern on the default ports', () => {
    expect(parsePreviewArgs([], {})).toEqual({
      source: { kind: 'test' },
      port: DEFAULT_PREVIEW_PORT,
      metadataFile: undefined,
      questionDelaySeconds: 0,
      repeatQuestionSeconds: DEFAULT_REPEAT_QUESTION_SECONDS,
    });
  });

  it('never repeats a question in the stream unless asked, like IVS', () => {
    expect(DEFAULT_REPEAT_QUESTION_SECONDS).toBe(0);
    expect(parsePreviewArgs(['--repeat-question', '30'], {})).toMatchObject({ repeatQuestionSeconds: 30 });
    expect(USAGE).toContain('(default: 0; late viewers read live/current.json)');
  });

  it('reads the RTMP source with its port and the HTTP port from PREVIEW_PORT', () => {
    expect(parsePreviewArgs(['--source', 'rtmp', '--rtmp-port', '19350'], { PREVIEW_PORT: '9090' })).toMatchObject({
      source: { kind: 'rtmp', port: 19350, streamKey: LOCAL_STREAM_KEY },
      port: 9090,
    });
    expect(parsePreviewArgs(['--source', 'rtmp'], {})).toMatchObject({ source: { port: DEFAULT_RTMP_PORT } });
  });

  it('reads a file source', () => {
    expect(parsePreviewArgs(['--source', 'file:/videos/show.mp4'], {})).toMatchObject({ source: { kind: 'file', path: '/videos/show.mp4' } });
  });

  it('resolves relative paths from where `npm start` was typed, not from the project root npm runs it in', () => {
    expect(parsePreviewArgs(['--source', 'file:show.mp4', '--metadata-file', 'q.json'], { INIT_CWD: '/home/me/videos' })).toMatchObject({
      source: { kind: 'file', path: '/home/me/videos/show.mp4' },
      metadataFile: '/home/me/videos/q.json',
    });
  });

  it('names the flag, the bad value and what is allowed', () => {
    expect(() => parsePreviewArgs(['--source', 'webcam'], {})).toThrow('--source is "webcam"; allowed: test, rtmp, file:<path of a video file>');
    expect(() => parsePreviewArgs(['--port', '70000'], {})).toThrow('--port is "70000"; allowed: an integer from 0 to 65535');
    expect(() => parsePreviewArgs(['--repeat-question=-1'], {})).toThrow(/--repeat-question is "-1"/);
  });
});

describe('banner', () => {
  it('prints the page to open and, for RTMP, the server and stream key as OBS asks for them', () => {
    const lines = banner('http://127.0.0.1:8080/', 8080, { kind: 'rtmp', port: 1935, streamKey: LOCAL_STREAM_KEY });
    expect(lines).toContain('  Open http://127.0.0.1:8080/');
    expect(lines).toContain('    Server:     rtmp://127.0.0.1:1935/app');
    expect(lines).toContain(`    Stream key: ${LOCAL_STREAM_KEY}`);
    expect(lines.join('\n')).toContain('send-metadata -- --local --port 8080');
  });

  it('prints no RTMP settings for the test pattern', () => {
    expect(banner('http://127.0.0.1:8080/', 8080, { kind: 'test' }).join('\n')).not.toContain('rtmp://');
  });
});
