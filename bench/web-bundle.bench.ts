// Sizes of the built page: every output file raw and gzipped, our own JS+CSS against the 15 KB gzip budget,
// and how much of what a viewer downloads is the IVS player.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildWeb, formatFileTable } from '../scripts/build-web';
import { measureOwnCode, OWN_CODE_BUDGET_GZIP_BYTES } from '../scripts/web-budget';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const percent = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1)}%`;

export async function run(): Promise<void> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'ivs-live-bench-web-'));
  try {
    const { files } = await buildWeb({ playbackUrl: 'https://example.invalid/channel.m3u8', outDir });
    const own = await measureOwnCode();
    const totalGzip = files.reduce((sum, file) => sum + file.gzipBytes, 0);
    const script = files.find((file) => file.kind === 'script');
    const ivsAssetsGzip = files.filter((file) => file.kind === 'ivs-asset').reduce((sum, file) => sum + file.gzipBytes, 0);
    // The bundle holds the player and our code; what is not ours in it is the player's share.
    const playerInBundleGzip = (script?.gzipBytes ?? 0) - own.js.gzipBytes;

    console.log('web bundle (minified; gzip -9)');
    console.log(formatFileTable(files));
    console.log(`own JS:  ${kb(own.js.bytes)} raw, ${kb(own.js.gzipBytes)} gzip`);
    console.log(`own CSS: ${kb(own.css.bytes)} raw, ${kb(own.css.gzipBytes)} gzip`);
    const verdict = own.totalGzipBytes <= OWN_CODE_BUDGET_GZIP_BYTES ? 'within' : 'OVER';
    console.log(`own JS+CSS: ${kb(own.totalGzipBytes)} gzip = ${percent(own.totalGzipBytes, OWN_CODE_BUDGET_GZIP_BYTES)} of the ${kb(OWN_CODE_BUDGET_GZIP_BYTES)} budget (${verdict})`);
    console.log(`IVS player share of the gzip download: ${percent(playerInBundleGzip + ivsAssetsGzip, totalGzip)} (player JS in bundle ~${kb(playerInBundleGzip)}, worker+wasm ${kb(ivsAssetsGzip)}; total ${kb(totalGzip)})`);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
