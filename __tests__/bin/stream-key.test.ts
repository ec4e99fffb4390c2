// `npm run stream-key` in a real process: printed to a terminal (a pseudo-terminal made by script(1)), refused into a
// pipe; both against the local IVS API stand-in with the real SDK.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_CHANNEL_ARN, LOCAL_STREAM_KEY } from '../../core/local-preview';
import { npmScriptCommand } from '../../testing/npm-script';
import { startRecordingIvsApi, type RecordingIvsApi } from '../../testing/ivs-api-recorder';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = '/usr/bin/script';

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd: ROOT, timeout: 60_000, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const quoted = (arg: string) => `'${arg.replace(/'/g, "'\\''")}'`;

describe('stream-key command', () => {
  let server: RecordingIvsApi;
  const env = { ...process.env, CI: '', GITHUB_ACTIONS: '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  beforeAll(async () => {
    server = await startRecordingIvsApi({ channelArn: LOCAL_CHANNEL_ARN, isLive: () => false, onMetadata: () => undefined });
  });
  afterAll(() => server.close());

  it('refuses to print the key into a pipe, exit 2, without calling IVS', async () => {
    const { command, args } = npmScriptCommand('stream-key');
    const result = await run(command, [...args, '--local', '--port', new URL(server.url).port], env);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('standard output is not a terminal');
    expect(server.requests).toEqual([]);
  });

  it('prints the key to a terminal', async () => {
    // util-linux's script(1) gives the command a pseudo-terminal (Debian's essential bsdutils package has it).
    if (!existsSync(SCRIPT)) throw new Error(`${SCRIPT} is missing: install util-linux (or bsdutils) to run this test`);
    const { command, args } = npmScriptCommand('stream-key');
    const line = [command, ...args, '--local', '--port', new URL(server.url).port].map(quoted).join(' ');
    const result = await run(SCRIPT, ['-qec', line, '/dev/null'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(LOCAL_STREAM_KEY);
  });
});
