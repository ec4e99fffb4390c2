// Tests `npm start` as a user runs it (the CLI in its own process, test pattern source): it prints the page URL,
// goes live, takes metadata from `send-metadata --local`, and Ctrl-C stops it with no ffmpeg left running.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_PREVIEW_PORT, DEFAULT_RTMP_PORT, LOCAL_STREAM_KEY } from '../../local/constants';
import { DEFAULT_REPEAT_QUESTION_SECONDS, parsePreviewArgs } from '../../local/preview';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');

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

  it('names the flag, the bad value and what is allowed', () => {
    expect(() => parsePreviewArgs(['--source', 'webcam'], {})).toThrow('--source is "webcam"; allowed: test, rtmp, file:<path of a video file>');
    expect(() => parsePreviewArgs(['--port', '70000'], {})).toThrow('--port is "70000"; allowed: an integer from 0 to 65535');
    expect(() => parsePreviewArgs(['--repeat-question=-1'], {})).toThrow(/--repeat-question is "-1"/);
  });
});

/** Process ids of `pid`'s descendants whose command is `name` (Linux /proc). */
function descendants(pid: number, name: string): number[] {
  const parents = new Map<number, { ppid: number; comm: string }>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), { ppid, comm });
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const visit = (parent: number): void => {
    for (const [child, info] of parents) if (info.ppid === parent) {
      if (info.comm === name) found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let output = '';

describe('npm start', () => {
  let cli: ChildProcess;

  afterAll(() => {
    if (cli.exitCode === null) process.kill(-(cli.pid as number), 'SIGKILL');
  });

  it('prints the page URL, goes live, injects metadata from send-metadata --local, and stops cleanly on Ctrl-C', async () => {
    // Its own process group, so "Ctrl-C" below reaches every process of it, as a terminal's does.
    cli = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['local/preview.ts', '--port', '0'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
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

async function poll<T>(read: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${output}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
