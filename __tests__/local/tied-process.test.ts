import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { spawnTiedToParent, stopTiedProcess } from '../../local/tied-process';
import { waitUntil } from '../../testing/wait-until';
import { descendants, isRunning } from '../../testing/processes';

const ROOT = resolve(__dirname, '..', '..');

describe('spawnTiedToParent', () => {
  it('passes on the exit code of the command', async () => {
    const child = spawnTiedToParent('sh', ['-c', 'exit 7']);
    await expect(new Promise((done) => child.once('exit', done))).resolves.toBe(7);
  });

  it('stops the command and exits only once the command has exited', async () => {
    const child = spawnTiedToParent('sleep', ['30']);
    await waitUntil(() => descendants(child.pid as number, 'sleep').length === 1, 'sleep has started', 5_000);
    const [sleep] = descendants(child.pid as number, 'sleep');
    await stopTiedProcess(child, 3_000);
    expect(isRunning(sleep)).toBe(false);
  });

  it('leaves nothing running when its parent is killed with SIGKILL', async () => {
    const script = `require(${JSON.stringify(join(ROOT, 'local', 'tied-process.ts'))}).spawnTiedToParent('sleep', ['31']); setInterval(() => {}, 1000);`;
    // One Node process with tsx as a loader (as npm start runs), so the process killed below is the one holding the pipe.
    const parent = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, stdio: 'ignore' });
    await waitUntil(() => descendants(parent.pid as number, 'sleep').length === 1, 'sleep has started', 15_000);
    const [sleep] = descendants(parent.pid as number, 'sleep');
    // Kill the whole tree above sleep's wrapper without any cleanup.
    for (const pid of [parent.pid as number, ...descendants(parent.pid as number, 'node')]) process.kill(pid, 'SIGKILL');
    await waitUntil(() => !isRunning(sleep), 'the orphaned sleep has been stopped', 5_000);
    expect(isRunning(sleep)).toBe(false);
  }, 30_000);
});
