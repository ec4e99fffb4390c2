// Figures behind the function bundle's shape: @aws-sdk bundled vs left to the Lambda runtime, CJS vs ESM:
// bundle size (raw, gzip) and cold load + first invocation time in a fresh Node process (median of several runs).
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildFunctions } from '../scripts/build-functions';
import { startIvsApiServer } from '../local/ivs-api';
import { LOCAL_STREAM_KEY, LOCAL_STREAM_KEY_ARN } from '../core/local-preview';

const ROOT = resolve(__dirname, '..');
/** Inside the repo so an external @aws-sdk resolves from node_modules, as it does from /var/runtime in Lambda. */
const OUTDIR = join(ROOT, 'dist', 'bench-function-bundle');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CHANNEL = 'arn:aws:ivs:us-east-1:000000000000:channel/bench';

interface Variant {
  readonly name: string;
  readonly externalSdk: boolean;
  readonly format: 'cjs' | 'esm';
}

const VARIANTS: readonly Variant[] = [
  { name: 'cjs, SDK bundled', externalSdk: false, format: 'cjs' },
  { name: 'cjs, SDK external', externalSdk: true, format: 'cjs' },
  { name: 'esm, SDK bundled', externalSdk: false, format: 'esm' },
  { name: 'esm, SDK external', externalSdk: true, format: 'esm' },
];

/**
 * Times loading the module and one Stream Start invocation (which makes the SDK load its lazy parts and sign), as wall
 * time and as the process's CPU time: on a shared machine CPU time is the steadier figure.
 */
const PROBE = `
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const t0 = performance.now(), c0 = cpu();
const load = process.argv[2] === 'esm' ? import(process.argv[1]) : Promise.resolve(require(process.argv[1]));
load.then(async (mod) => {
  const t1 = performance.now(), c1 = cpu();
  const event = { id: 'bench', 'detail-type': 'IVS Stream State Change', resources: [process.env.CHANNEL_ARN], detail: { event_name: 'Stream Start' } };
  console.info = () => undefined;
  await mod.handler(event);
  const t2 = performance.now(), c2 = cpu();
  process.stdout.write(JSON.stringify({ load: t1 - t0, invoke: t2 - t1, cpuLoad: c1 - c0, cpuInvoke: c2 - c1 }));
});
`;

interface Sample {
  readonly load: number;
  readonly invoke: number;
  readonly cpuLoad: number;
  readonly cpuInvoke: number;
}

function probe(path: string, format: 'cjs' | 'esm', env: NodeJS.ProcessEnv): Promise<Sample> {
  const target = format === 'esm' ? pathToFileURL(path).href : path;
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, ['-e', PROBE, target, format], { env, cwd: ROOT, timeout: 60_000 }, (error, stdout) =>
      error ? reject(error) : resolvePromise(JSON.parse(stdout) as Sample),
    );
  });
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

export async function run(): Promise<void> {
  const server = await startIvsApiServer({
    channelArn: CHANNEL,
    streamKey: { arn: LOCAL_STREAM_KEY_ARN, value: LOCAL_STREAM_KEY },
    isLive: () => true,
    onMetadata: () => undefined,
    maxRequestsPerSecond: 1_000,
  });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_ENDPOINT_URL_IVS: server.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    CHANNEL_ARN: CHANNEL,
    METADATA_JSON: '{"type":"announcement","text":"bench"}',
  };
  try {
    const built = [];
    for (const variant of VARIANTS) {
      const [fn] = await buildFunctions({ outdir: join(OUTDIR, variant.name.replace(/[^a-z]+/g, '-')), externalSdk: variant.externalSdk, format: variant.format });
      const code = readFileSync(fn.path);
      built.push({ variant, path: fn.path, raw: code.length, gzip: gzipSync(code, { level: 9 }).length, samples: [] as Sample[] });
    }
    // Interleaved, so drift in machine load (other engineers' tests) spreads over every variant alike.
    for (let i = 0; i < RUNS; i += 1) {
      for (const entry of built) entry.samples.push(await probe(entry.path, entry.variant.format, env));
    }
    const rows = built.map((entry) => {
      const of = (pick: (s: Sample) => number): number => median(entry.samples.map(pick));
      return { ...entry, load: of((s) => s.load), total: of((s) => s.load + s.invoke), cpuLoad: of((s) => s.cpuLoad), cpuTotal: of((s) => s.cpuLoad + s.cpuInvoke) };
    });
    const baseline = rows[0];
    console.log(`function bundle (put-metadata): median of ${RUNS} fresh Node ${process.version} processes; ratios vs "${baseline.variant.name}"`);
    console.log('variant              raw        gzip       wall: load  load+1st invoke  cpu: load  load+1st invoke  cpu ratio');
    for (const row of rows) {
      console.log(
        [
          row.variant.name.padEnd(20),
          kib(row.raw).padEnd(10),
          kib(row.gzip).padEnd(10),
          `${row.load.toFixed(0)} ms`.padStart(10),
          `${row.total.toFixed(0)} ms`.padStart(16),
          `${row.cpuLoad.toFixed(0)} ms`.padStart(10),
          `${row.cpuTotal.toFixed(0)} ms`.padStart(16),
          `${(row.cpuTotal / baseline.cpuTotal).toFixed(2)}x`.padStart(10),
        ].join(' '),
      );
    }
  } finally {
    await server.close();
    rmSync(OUTDIR, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
