// Measures the page's own code (JS and CSS, minified and gzipped) without the IVS player bundled into it,
// for the 15 KB budget: the player is not ours and is budgeted separately by its vendor.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { pageBuildOptions } from './build-web';

export const OWN_CODE_BUDGET_GZIP_BYTES = 15 * 1024;
/** The player and the `events` polyfill it requires. */
const THIRD_PARTY = ['amazon-ivs-player', 'events'];

export interface CodeSize {
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface OwnCodeSize {
  readonly js: CodeSize;
  readonly css: CodeSize;
  readonly totalGzipBytes: number;
}

/** Builds the page exactly as web/build.ts does, but with the player left out, in memory. */
export async function measureOwnCode(): Promise<OwnCodeSize> {
  const result = await build({
    ...pageBuildOptions({ playbackUrl: 'https://example.invalid/channel.m3u8', wasmWorker: 'worker.js', wasmBinary: 'worker.wasm' }),
    external: THIRD_PARTY,
    minify: true,
    write: false,
    outdir: 'out',
  });
  const sizeOf = (extension: string): CodeSize => {
    const file = result.outputFiles.find((output) => output.path.endsWith(extension));
    if (file === undefined) throw new Error(`the page build produced no ${extension} file`);
    return { bytes: file.contents.length, gzipBytes: gzipSync(file.contents, { level: 9 }).length };
  };
  const js = sizeOf('.js');
  const css = sizeOf('.css');
  return { js, css, totalGzipBytes: js.gzipBytes + css.gzipBytes };
}
