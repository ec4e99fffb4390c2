// Tests `npm start` as a user runs it (the CLI in its own process, test pattern source): it reads the project's
// configuration, prints the page URL and the payload it sends, goes live, takes metadata from `send-metadata --local`,
// and Ctrl-C stops it with no ffmpeg left running; and startPreview's refusals, which name the flag that fixes them.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:net';
import { loadConfig } from '../../config/live-config';
import { InvalidPreviewOption, startPreview } from '../../local/preview';
import { configProblems } from '../../testing/config-problems';
import { npmScriptCommand } from '../../testing/npm-script';
import { descendants, isRunning } from '../../testing/processes';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');
const QUESTION = { type: 'quiz', id: 'q-env', question: 'Which variable holds this question?', answers: ['METADATA_FILE', 'METADATA_JSON'], correctIndex: 1 };

let output = '';

describe('npm start', () => {
  let cli: ChildProcess;

  afterAll(() => {
    if (cli.exitCode === null) process.kill(-(cli.pid as number), 'SIGKILL');
  });

  it('sends the METADATA_JSON of the environment, goes live, injects metadata from send-metadata --local, and stops cleanly on Ctrl-C', async () => {
    // Its own process group, so "Ctrl-C" below reaches every process of it, as a terminal's does.
    // Exactly what `npm start` runs: one Node process with tsx as a loader. (The tsx CLI's parent process would
    // SIGKILL the preview when it does not acknowledge a Ctrl-C within 30 ms, which a loaded machine can miss.)
    const { command, args } = npmScriptCommand('start');
    const env = { ...process.env, METADATA_JSON: JSON.stringify(QUESTION) };
    cli = spawn(command, [...args, '--port', '0'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    cli.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    cli.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((done) => cli.once('exit', (code) => done(code)));

    const url = await poll(() => /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1], 'the page URL');
    expect(output).toContain('Sends on Stream Start: quiz "Which variable holds this question?" [METADATA_FILE | *METADATA_JSON*]');
    expect(output).toContain('(from METADATA_JSON)');
    expect((await fetch(url)).status).toBe(200);
    await poll(() => output.includes('"outcome":"sent"') || undefined, 'the function to send the question on Stream Start');
    expect(JSON.parse(await (await fetch(`${url}live/current.json`)).text())).toEqual(QUESTION);
    expect((await fetch(`${url}hls/index.m3u8`)).status).toBe(200);

    const port = new URL(url).port;
    const sendMetadata = npmScriptCommand('send-metadata');
    await promisify(execFile)(sendMetadata.command, [...sendMetadata.args, '--local', '--port', port, '--announcement', 'Hello from the test'], { cwd: ROOT });
    // The question and the announcement, in one segment or two.
    const injected = (): number => [...output.matchAll(/timed metadata \((\d+)\) injected/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    await poll(() => injected() >= 2 || undefined, 'the announcement to be injected');

    const ffmpegs = descendants(cli.pid as number, 'ffmpeg');
    expect(ffmpegs.length).toBeGreaterThan(0);
    process.kill(-(cli.pid as number), 'SIGINT');
    expect(await exited).toBe(0);
    expect(ffmpegs.filter(isRunning)).toEqual([]);
  });
});

describe('npm start with a bad configuration', () => {
  it('stops before starting anything, with the message synth gives for the same METADATA_JSON', async () => {
    const METADATA_JSON = '{"type":"quiz","question":"Two answers?","answers":["one"],"correctIndex":0}';
    const { command, args } = npmScriptCommand('start');
    const run = await promisify(execFile)(command, [...args, '--port', '0'], { cwd: ROOT, env: { ...process.env, METADATA_JSON } }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    const [problem] = configProblems(() => loadConfig({ METADATA_JSON }));
    expect(problem).toBe('METADATA_JSON is not a valid timed-metadata payload: "answers" must be an array of 2 to 6 strings');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Invalid configuration:\n  - ${problem}`);
  });
});

describe('startPreview', () => {
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
    busyPort = (busy.address() as { port: number }).port;
  });

  afterAll(() => new Promise((done) => busy.close(done)));

  it('refuses an HTTP port that is in use, naming --port', async () => {
    await expect(startPreview({ port: busyPort, source: { kind: 'rtmp', port: 1, streamKey: 'k' }, log: () => undefined })).rejects.toThrow(
      new InvalidPreviewOption(`--port ${busyPort}: the port is in use on 127.0.0.1; choose another with --port (or PREVIEW_PORT)`),
    );
  });

  it('refuses an RTMP port that is in use, naming --rtmp-port', async () => {
    await expect(startPreview({ port: 0, source: { kind: 'rtmp', port: busyPort, streamKey: 'k' }, log: () => undefined })).rejects.toThrow(/--rtmp-port/);
  });

  it('refuses a video file that does not exist, naming --source', async () => {
    await expect(startPreview({ port: 0, source: { kind: 'file', path: '/nonexistent/show.mp4' }, log: () => undefined })).rejects.toThrow(
      '--source file:/nonexistent/show.mp4: no such file',
    );
  });
});

async function poll<T>(read: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${output}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
