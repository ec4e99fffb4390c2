// Spawns a long-running child (ffmpeg) that cannot outlive this Node process, even when Node is killed with
// SIGKILL and has no chance to clean up: Node cannot ask the kernel for that, so a tiny POSIX shell wrapper
// holds a pipe from Node and stops the child when the pipe closes, which the kernel does when Node dies.
import { spawn, type ChildProcess } from 'node:child_process';

const WRAPPER = [
  'exec 3<&0',
  '"$@" </dev/null 3<&- &',
  'child=$!',
  // A SIGTERM to the wrapper is passed on, and the wrapper exits only when the child has: its exit is the child's.
  "trap 'kill -TERM \"$child\" 2>/dev/null' TERM INT",
  // Reads the pipe from Node until it closes (Node exited, however it died), then stops the child.
  '{ while read -r _; do :; done; kill -TERM "$child" 2>/dev/null; } <&3 &',
  'watcher=$!',
  'exec 3<&-',
  'wait "$child"; status=$?',
  'while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n');

export interface TiedProcessOptions {
  /** What to do with the child's stdout. @default 'ignore' */
  readonly stdout?: 'ignore' | 'pipe';
  /** What to do with the child's stderr. @default 'ignore' */
  readonly stderr?: 'ignore' | 'pipe';
}

/**
 * Starts `command args` in its own process group (so a Ctrl-C in the terminal reaches only us, and we stop it
 * in order), tied to this process's life. On Windows, where there is no POSIX shell, it is a plain spawn.
 */
export function spawnTiedToParent(command: string, args: readonly string[], options: TiedProcessOptions = {}): ChildProcess {
  const { stdout = 'ignore', stderr = 'ignore' } = options;
  if (process.platform === 'win32') return spawn(command, args, { stdio: ['ignore', stdout, stderr], windowsHide: true });
  const child = spawn('/bin/sh', ['-c', WRAPPER, 'tied', command, ...args], { stdio: ['pipe', stdout, stderr], detached: true });
  // Never written to: the pipe's only job is to close when this process dies.
  child.stdin?.on('error', () => undefined);
  return child;
}

export function isRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

/** Asks the child to stop (SIGTERM), kills its whole group after `graceMs`, and resolves once it has exited. */
export async function stopTiedProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const force = setTimeout(() => killTiedProcessNow(child), graceMs);
  await exited;
  clearTimeout(force);
}

/** Last resort, synchronous (for process 'exit' handlers): SIGKILL the child's whole process group. */
export function killTiedProcessNow(child: ChildProcess): void {
  try {
    if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // Already gone.
  }
}
