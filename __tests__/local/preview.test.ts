// Tests `npm start` as a user runs it (the CLI in its own process, test pattern source): it prints the page URL,
// goes live, takes metadata from `send-metadata --local`, and Ctrl-C stops it with no ffmpeg left running; and
// startPreview's refusals, which name the flag that fixes them.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:net';
import { InvalidPreviewOption, startPreview } from '../../local/preview';
import { npmScriptCommand } from '../support/npm-script';
import { descendants, isRunning } from '../support/processes';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');


let output = '';

describe('npm start', () => {
  let cli: ChildProcess;

  afterAll(() => {
    if (cli.exitCode === null) process.kill(-(cli.pid as number), 'SIGKILL');
  });

  it('prints the page URL, goes live, injects metadata from send-metadata --local, and stops cleanly on Ctrl-C', async () => {
    // Its own process group, so "Ctrl-C" below reaches every process of it, as a terminal's does.
    // Exactly what `npm start` runs: one Node process with tsx as a loader. (The tsx CLI's parent process would
    // SIGKILL the preview when it does not acknowledge a Ctrl-C within 30 ms, which a loaded machine can miss.)
    const { command, args } = npmScriptCommand('start');
    cli = spawn(command, [...args, '--port', '0'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    cli.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    cli.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((done) => cli.once('exit', (code) => done(code)));

    const url = await poll(() => /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1], 'the page URL');
    expect((await fetch(url)).status).toBe(200);
    await poll(() => output.includes('"outcome":"sent"') || undefined, 'the function to send the question on Stream Start');
    expect((await fetch(`${url}live/index.m3u8`)).status).toBe(200);

    const port = new URL(url).port;
    await promisify(execFile)('npm', ['run', '--silent', 'send-metadata', '--', '--local', '--port', port, '--announcement', 'Hello from the test'], { cwd: ROOT });
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

  it('refuses a metadata file that is not a valid payload, naming --metadata-file and the problem', async () => {
    const file = join(ROOT, 'tsconfig.json');
    await expect(startPreview({ port: 0, metadataFile: file, log: () => undefined })).rejects.toThrow(/--metadata-file ".*tsconfig\.json" is not a valid payload: invalid metadata: "type" is missing/);
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
