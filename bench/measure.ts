// Measures child processes for the benchmarks: wall time and peak RSS, several interleaved runs, medians.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface Measurement {
  readonly wallMs: number;
  readonly peakRssMb: number;
}

const RSS_PRELOAD = join(__dirname, 'report-rss.js');

/** Runs `node <args>` and reports its wall time and peak RSS (from the child's own resource usage). */
export function measureNode(args: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): Measurement {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--require', RSS_PRELOAD, ...args], { env, cwd, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed (${child.status}): ${child.stderr.slice(-2000)}`);
  const rss = /BENCH_PEAK_RSS_KB=(\d+)/.exec(child.stderr);
  if (!rss) throw new Error('the child did not report its peak RSS');
  return { wallMs, peakRssMb: Number(rss[1]) / 1024 };
}

/** Runs each variant `runs` times, interleaved so machine noise hits all alike; returns medians. */
export function compare<K extends string>(variants: Record<K, () => Measurement>, runs: number): Record<K, Measurement> {
  const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, [] as Measurement[]])) as Record<K, Measurement[]>;
  for (let i = 0; i < runs; i += 1) {
    for (const key of Object.keys(variants) as K[]) samples[key].push(variants[key]());
  }
  return Object.fromEntries(
    Object.entries<Measurement[]>(samples).map(([k, list]) => [
      k,
      { wallMs: median(list.map((m) => m.wallMs)), peakRssMb: median(list.map((m) => m.peakRssMb)) },
    ]),
  ) as Record<K, Measurement>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) process.stdout.write(`  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}\n`);
}
