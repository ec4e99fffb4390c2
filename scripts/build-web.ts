// Builds the live page into web/dist: content-hashed JS and CSS bundled by esbuild, index.html pointing at
// them from the site's root, and the IVS player's worker and wasm copied beside them, the wasm stored gzip-compressed
// as the bucket holds it (`npm run build:web`, the preview, the tests).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { WEB_DIST_DIR } from '../core/project-paths';
import { storedEncodingFor, type StoredEncoding } from '../core/site-objects';
import { PROJECT_ROOT, projectPath } from '../config/project-root';

export const DEFAULT_OUT_DIR = projectPath(WEB_DIST_DIR);
const TEMPLATE = path.join(PROJECT_ROOT, 'web', 'index.html');
const IVS_ASSETS_DIR = path.join(PROJECT_ROOT, 'node_modules', 'amazon-ivs-player', 'dist', 'assets');
/** The two files the wasm build of the player loads at run time (the 3.5 MB non-wasm worker is not needed). */
const IVS_WASM_WORKER = 'amazon-ivs-wasmworker.min.js';
const IVS_WASM_BINARY = 'amazon-ivs-wasmworker.min.wasm';
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

export interface BuildWebOptions {
  /** HLS playback URL of the channel: https, or http on a loopback host (local preview). */
  readonly playbackUrl: string;
  /** Output folder, emptied first. @default web/dist */
  readonly outDir?: string;
  /** Minify JS and CSS. @default true */
  readonly minify?: boolean;
}

export type BuiltFileKind = 'html' | 'script' | 'style' | 'ivs-asset';

export interface BuiltFile {
  /** Path relative to outDir, with forward slashes. */
  readonly path: string;
  /** Size of the content, decoded. */
  readonly bytes: number;
  /** Size gzip-compressed: what a viewer downloads with gzip (for a file stored gzip, its size as stored). */
  readonly gzipBytes: number;
  /** How the file is stored in outDir and in the bucket (core/site-objects.ts): served with this Content-Encoding. */
  readonly storedEncoding: StoredEncoding;
  /** `ivs-asset` files are the player's own, copied as they are. */
  readonly kind: BuiltFileKind;
}

export interface BuildWebResult {
  readonly outDir: string;
  readonly files: readonly BuiltFile[];
}

export class InvalidPlaybackUrl extends Error {
  override name = 'InvalidPlaybackUrl';
}

/** Returns the URL when the page may use it; otherwise throws naming PLAYBACK_URL and what is allowed. */
export function checkPlaybackUrl(value: string | undefined): string {
  const allowed = `allowed: an absolute https:// URL, or http:// on a loopback host (${LOOPBACK_HOSTS.join(', ')}) for local preview`;
  if (value === undefined || value.trim() === '') throw new InvalidPlaybackUrl(`PLAYBACK_URL is missing; ${allowed}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidPlaybackUrl(`PLAYBACK_URL "${value}" is not an absolute URL; ${allowed}`);
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw new InvalidPlaybackUrl(`PLAYBACK_URL "${value}" uses ${url.protocol}//${url.host}; ${allowed}`);
  }
  return value;
}

export async function buildWeb(options: BuildWebOptions): Promise<BuildWebResult> {
  const playbackUrl = checkPlaybackUrl(options.playbackUrl);
  const outDir = path.resolve(options.outDir ?? DEFAULT_OUT_DIR);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const worker = await copyHashed(IVS_WASM_WORKER, outDir);
  const binary = await copyHashed(IVS_WASM_BINARY, outDir);
  const result = await build({
    ...pageBuildOptions({ playbackUrl, wasmWorker: worker, wasmBinary: binary }),
    outdir: outDir,
    minify: options.minify ?? true,
  });
  const script = outputFor(result.metafile, 'web/src/main.ts', outDir);
  const style = outputFor(result.metafile, 'web/styles.css', outDir);
  await writeFile(path.join(outDir, 'index.html'), renderIndexHtml(await readFile(TEMPLATE, 'utf8'), { script, style }));

  const entries: [string, BuiltFileKind][] = [['index.html', 'html'], [script, 'script'], [style, 'style'], [worker, 'ivs-asset'], [binary, 'ivs-asset']];
  return { outDir, files: await Promise.all(entries.map(([file, kind]) => describe(outDir, file, kind))) };
}

/** The esbuild settings of the page, shared with the bundle-size measurement so both build the same code. */
export function pageBuildOptions(constants: { readonly playbackUrl: string; readonly wasmWorker: string; readonly wasmBinary: string }): BuildOptions & { metafile: true } {
  return {
    absWorkingDir: PROJECT_ROOT,
    entryPoints: ['web/src/main.ts', 'web/styles.css'],
    entryNames: '[name]-[hash]',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    define: {
      __PLAYBACK_URL__: JSON.stringify(constants.playbackUrl),
      __IVS_WASM_WORKER__: JSON.stringify(constants.wasmWorker),
      __IVS_WASM_BINARY__: JSON.stringify(constants.wasmBinary),
    },
    metafile: true,
    logLevel: 'silent',
  };
}

/**
 * Puts the hashed names into the template, from the site's root: the page is also the answer to any missing path, and
 * `/no/such/page` must still load `/main-HASH.js`. Fails if the template no longer has the expected references.
 */
export function renderIndexHtml(template: string, names: { readonly script: string; readonly style: string }): string {
  const replacements: [string, string][] = [
    ['href="styles.css"', `href="/${names.style}"`],
    ['src="main.js"', `src="/${names.script}"`],
  ];
  return replacements.reduce((html, [from, to]) => {
    if (html.split(from).length !== 2) throw new Error(`web/index.html must contain ${from} exactly once`);
    return html.replace(from, to);
  }, template);
}

/**
 * The player's files are not content-hashed upstream; copying them under a hashed name lets them be cached
 * for a year and guarantees a new player version never meets a stale worker from a browser cache. The hash is of the
 * bytes as stored, so a change of stored encoding is a new name too (publish:web skips names the bucket has).
 */
async function copyHashed(fileName: string, outDir: string): Promise<string> {
  const source = await readFile(path.join(IVS_ASSETS_DIR, fileName));
  const stored = storedEncodingFor(fileName) === 'gzip' ? gzipSync(source, { level: 9 }) : source;
  const hash = createHash('sha256').update(stored).digest('hex').slice(0, 10).toUpperCase();
  const dot = fileName.lastIndexOf('.');
  const hashedName = `${fileName.slice(0, dot)}-${hash}${fileName.slice(dot)}`;
  await writeFile(path.join(outDir, hashedName), stored);
  return hashedName;
}

function outputFor(metafile: Metafile, entryPoint: string, outDir: string): string {
  const output = Object.entries(metafile.outputs).find(([, meta]) => meta.entryPoint === entryPoint);
  if (output === undefined) throw new Error(`esbuild produced no output for ${entryPoint}`);
  return path.relative(outDir, path.resolve(PROJECT_ROOT, output[0])).split(path.sep).join('/');
}

async function describe(outDir: string, file: string, kind: BuiltFileKind): Promise<BuiltFile> {
  const stored = await readFile(path.join(outDir, file));
  const storedEncoding = storedEncodingFor(file);
  if (storedEncoding === 'gzip') return { path: file, bytes: gunzipSync(stored).length, gzipBytes: stored.length, storedEncoding, kind };
  return { path: file, bytes: stored.length, gzipBytes: gzipSync(stored, { level: 9 }).length, storedEncoding, kind };
}

export function formatFileTable(files: readonly BuiltFile[]): string {
  const rows = files.map((file) => {
    const stored = file.storedEncoding === undefined ? '' : ` (stored ${file.storedEncoding})`;
    return `${file.path.padEnd(48)} ${String(file.bytes).padStart(10)} ${String(file.gzipBytes).padStart(10)}  ${file.kind}${stored}`;
  });
  return [`${'file'.padEnd(48)} ${'bytes'.padStart(10)} ${'gzip'.padStart(10)}  kind`, ...rows].join('\n');
}
