// Time of the test suite's parts as `npm test` runs them: the type-check (incremental: a second run with no change
// only reads node_modules/.cache/tsc), then jest (unit and integration tests, as `npm run test:fast`; the browser
// end-to-end tests are timed on their own, since they run at broadcast pace).
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { printTable } from './measure';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'node_modules', '.bin');

function timeCommand(command: string, args: readonly string[]): { seconds: number; ok: boolean } {
  const started = process.hrtime.bigint();
  const child = spawnSync(join(BIN, command), args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, ok: child.status === 0 };
}

export async function run(): Promise<void> {
  const rows = [
    ['typecheck (tsc -b . web)', timeCommand('tsc', ['-b', ROOT, join(ROOT, 'web')])],
    ['jest, without e2e', timeCommand('jest', ['--testPathIgnorePatterns', '/node_modules/', '/__tests__/e2e/'])],
    ['jest, e2e only (real Chromium)', timeCommand('jest', ['__tests__/e2e'])],
  ] as const;
  process.stdout.write('Test suite (one run each)\n');
  printTable([['part', 'wall', 'result'], ...rows.map(([name, r]) => [name, `${r.seconds.toFixed(1)} s`, r.ok ? 'passed' : 'FAILED'])]);
}
