// Process helpers for the tests that prove the preview leaves no ffmpeg behind.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';

/** Every process as pid, parent pid and command name: /proc on Linux, `ps` elsewhere (macOS). */
export function processTable(): { pid: number; ppid: number; comm: string }[] {
  if (!existsSync('/proc/self/stat')) {
    return execFileSync('ps', ['-A', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => {
        const [pid, ppid, ...comm] = line.trim().split(/\s+/);
        return { pid: Number(pid), ppid: Number(ppid), comm: basename(comm.join(' ')) };
      });
  }
  const table: { pid: number; ppid: number; comm: string }[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      table.push({ pid: Number(entry), ppid, comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) });
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

/** Process ids of `pid`'s descendants whose command is `name`. */
export function descendants(pid: number, name: string): number[] {
  const table = processTable();
  const found: number[] = [];
  const visit = (parent: number): void => {
    for (const child of table.filter((p) => p.ppid === parent)) {
      if (child.comm === name) found.push(child.pid);
      visit(child.pid);
    }
  };
  visit(pid);
  return found;
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
