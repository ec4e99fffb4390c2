// Tests the command line of `npm start`: flags, their errors, the show it reads from the project's configuration
// (flags overriding it), and the banner with the payload it sends and OBS's server and stream key.
import { readFileSync } from 'node:fs';
import { DEFAULT_PREVIEW_PORT, DEFAULT_RTMP_PORT, LOCAL_STREAM_KEY } from '../../core/local-preview';
import { loadShowConfig } from '../../config/show-config';
import { DEFAULT_REPEAT_QUESTION_SECONDS, USAGE, banner, parsePreviewArgs, previewShowConfig } from '../../local/preview-args';
import { configProblems } from '../../testing/config-problems';

const EXAMPLE_SHOW = loadShowConfig({});
const readText = (path: string): string => readFileSync(path, 'utf8');
const ANNOUNCEMENT = '{"type":"announcement","text":"From the environment"}';

describe('parsePreviewArgs', () => {
  it('defaults to the test pattern on the default ports', () => {
    expect(parsePreviewArgs([], {})).toEqual({
      source: { kind: 'test' },
      port: DEFAULT_PREVIEW_PORT,
      metadataFile: undefined,
      questionDelaySeconds: undefined,
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
    const lines = banner('http://127.0.0.1:8080/', 8080, { kind: 'rtmp', port: 1935, streamKey: LOCAL_STREAM_KEY }, EXAMPLE_SHOW);
    expect(lines).toContain('  Open http://127.0.0.1:8080/');
    expect(lines).toContain('    Server:     rtmp://127.0.0.1:1935/app');
    expect(lines).toContain(`    Stream key: ${LOCAL_STREAM_KEY}`);
    expect(lines.join('\n')).toContain('send-metadata -- --local --port 8080');
  });

  it('prints no RTMP settings for the test pattern', () => {
    expect(banner('http://127.0.0.1:8080/', 8080, { kind: 'test' }, EXAMPLE_SHOW).join('\n')).not.toContain('rtmp://');
  });

  it('says which payload the function will send, where it came from, and after which delay', () => {
    const text = banner('http://127.0.0.1:8080/', 8080, { kind: 'test' }, { ...EXAMPLE_SHOW, firstQuestionDelaySeconds: 30 }).join('\n');
    expect(text).toContain('Sends 30 s after Stream Start: quiz "What is the capital of Australia?" [Sydney | Melbourne | *Canberra* | Perth]');
    expect(text).toContain('(from METADATA_FILE examples/quiz-question.json)');
  });
});

describe('previewShowConfig', () => {
  it('sends what synth would deploy: the payload and delay of the environment, through the same loader', () => {
    const show = previewShowConfig({}, { METADATA_JSON: ANNOUNCEMENT, FIRST_QUESTION_DELAY_SECONDS: '12' }, readText);
    expect(show).toEqual({ metadataJson: ANNOUNCEMENT, metadataSource: 'METADATA_JSON', firstQuestionDelaySeconds: 12 });
    expect(show).toEqual(loadShowConfig({ METADATA_JSON: ANNOUNCEMENT, FIRST_QUESTION_DELAY_SECONDS: '12' }));
  });

  it('defaults to the example question, saying so', () => {
    expect(previewShowConfig({}, {}, readText)).toMatchObject({ metadataSource: 'METADATA_FILE examples/quiz-question.json', firstQuestionDelaySeconds: 0 });
  });

  it('stops on a bad METADATA_JSON with the message synth gives', () => {
    const env = { METADATA_JSON: '{"type":"quiz"}' };
    expect(configProblems(() => previewShowConfig({}, env, readText))).toEqual(configProblems(() => loadShowConfig(env)));
    expect(configProblems(() => previewShowConfig({}, env, readText))[0]).toMatch(/^METADATA_JSON is not a valid timed-metadata payload: "question" must be a non-empty string/);
  });

  it('lets each flag override its variable, even one that is invalid', () => {
    const env = { METADATA_JSON: 'not json', FIRST_QUESTION_DELAY_SECONDS: 'soon' };
    const file = `${__dirname}/../../examples/announcement.json`;
    const show = previewShowConfig({ metadataFile: file, questionDelaySeconds: 3 }, env, readText);
    expect(show.metadataSource).toBe(`--metadata-file ${file}`);
    expect(JSON.parse(show.metadataJson)).toEqual(JSON.parse(readText(file)));
    expect(show.firstQuestionDelaySeconds).toBe(3);
  });

  it('refuses a --metadata-file that is not a payload, naming the flag and the problem', () => {
    expect(configProblems(() => previewShowConfig({ metadataFile: `${__dirname}/../../tsconfig.json` }, {}, readText))).toEqual([
      expect.stringMatching(/^--metadata-file is not a valid timed-metadata payload: "type" is missing/),
    ]);
    expect(() => previewShowConfig({ metadataFile: '/nonexistent/q.json' }, {}, readText)).toThrow(
      '--metadata-file is "/nonexistent/q.json", which cannot be read (ENOENT)',
    );
  });

  it('refuses a --question-delay that synth would refuse, with the same rule', () => {
    expect(() => parsePreviewArgs(['--question-delay', '1.5'], {})).toThrow('--question-delay is "1.5"; allowed: a whole number of seconds from 0 to 600');
    expect(parsePreviewArgs(['--question-delay', '600'], {})).toMatchObject({ questionDelaySeconds: 600 });
  });
});
