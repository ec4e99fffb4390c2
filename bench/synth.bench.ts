// Synth cost of the app with deep provider imports vs the same app after loading the provider barrel
// (what `import * as aws from '@cdktf/provider-aws'` does), plus the cdktf CLI's own overhead.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { buildFunctions } from '../scripts/build-functions';
import { compare, measureNode, printTable } from './measure';

const ROOT = resolve(__dirname, '..');
const RUNS = 5;
/** Targets from the project's issue: deep imports <= 0.3x the barrel's time and <= 0.5x its memory. */
const TARGET_TIME_RATIO = 0.3;
const TARGET_MEMORY_RATIO = 0.5;

/** The app compiled once to plain JavaScript, so no TypeScript loader is timed. */
function compileApp(): string {
  // Inside node_modules so that `require('cdktf')` resolves from the bundle as from the sources.
  const dir = join(ROOT, 'node_modules', '.cache', 'ivs-live-bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'synth-app.js');
  buildSync({
    entryPoints: [join(ROOT, 'main.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // config/project-root.ts finds the project root from its own folder: keep that folder's path in the bundle.
    define: { __dirname: JSON.stringify(join(ROOT, 'config')) },
    logLevel: 'error',
  });
  return outfile;
}

export async function run(): Promise<void> {
  // What `npm run synth` does first: the stack packages every function's bundle.
  await buildFunctions();
  const app = compileApp();
  const outdir = mkdtempSync(join(tmpdir(), 'ivs-live-bench-synth-'));
  const env = { ...process.env, CDKTF_OUTDIR: outdir };
  try {
    const results = compare(
      {
        deep: () => measureNode([app], env, ROOT),
        barrel: () => measureNode(['-e', `require('@cdktf/provider-aws'); require(${JSON.stringify(app)})`], env, ROOT),
        floor: () => measureNode(['-e', ''], env, ROOT),
      },
      RUNS,
    );
    const cli = timeCdktfCli(outdir);
    const timeRatio = results.deep.wallMs / results.barrel.wallMs;
    const memoryRatio = results.deep.peakRssMb / results.barrel.peakRssMb;
    process.stdout.write(`Synth (median of ${RUNS} interleaved runs, app precompiled with esbuild)\n`);
    printTable([
      ['variant', 'wall', 'peak RSS'],
      ['node -e "" (floor)', ms(results.floor.wallMs), mb(results.floor.peakRssMb)],
      ['deep imports (ours)', ms(results.deep.wallMs), mb(results.deep.peakRssMb)],
      ['barrel import', ms(results.barrel.wallMs), mb(results.barrel.peakRssMb)],
      ['cdktf synth (CLI, 1 run)', cli === undefined ? 'n/a' : ms(cli), ''],
    ]);
    process.stdout.write(
      `  ratio deep/barrel: time ${timeRatio.toFixed(2)}x (target <= ${TARGET_TIME_RATIO}x: ${verdict(timeRatio <= TARGET_TIME_RATIO)}), ` +
        `memory ${memoryRatio.toFixed(2)}x (target <= ${TARGET_MEMORY_RATIO}x: ${verdict(memoryRatio <= TARGET_MEMORY_RATIO)})\n`,
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function timeCdktfCli(outdir: string): number | undefined {
  const started = process.hrtime.bigint();
  const child = spawnSync(join(ROOT, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', outdir], {
    cwd: ROOT,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', CI: 'true' },
    encoding: 'utf8',
  });
  return child.status === 0 ? Number(process.hrtime.bigint() - started) / 1e6 : undefined;
}

const ms = (value: number) => `${(value / 1000).toFixed(2)} s`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
