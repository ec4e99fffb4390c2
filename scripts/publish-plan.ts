// Decides how web/dist goes to the website bucket: content type and cache policy per file, hashed assets
// before index.html (a viewer never gets an index pointing at missing files), stale keys deleted last.
// Pure: the S3 adapter in publish-web.ts only carries the plan out. The `live/` prefix belongs to the function.
import { CURRENT_METADATA_KEY } from '../functions/shared/current-metadata';

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** The browser must revalidate index.html on every visit so a deploy is seen at once. */
export const REVALIDATE_CACHE = 'no-cache';
/** Files whose name carries no content hash could change under the same name: keep them briefly. */
export const SHORT_CACHE = 'public, max-age=300';
/**
 * Keys the function writes while the show is live (`live/current.json`): never deleted as stale, never uploaded
 * over, or a publish during a show would take the current question away from late joiners.
 */
export const FUNCTION_OWNED_PREFIX = CURRENT_METADATA_KEY.slice(0, CURRENT_METADATA_KEY.indexOf('/') + 1);
/** DeleteObjects accepts at most 1000 keys per request. */
export const MAX_DELETE_BATCH = 1000;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  // S3 and many mime tables default .wasm to binary/octet-stream; browsers then refuse streaming compilation.
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};
const FALLBACK_CONTENT_TYPE = 'application/octet-stream';
/** `name-HASH.ext` as written by web/build.ts (esbuild's 8-character hashes and the 10-character IVS asset hashes). */
const HASHED_NAME = /-[A-Z0-9]{8,}\.[a-z0-9]+$/;

export interface Upload {
  readonly key: string;
  readonly contentType: string;
  readonly cacheControl: string;
}

export interface PublishPlan {
  /** In order: every asset, then the HTML pages. */
  readonly uploads: readonly Upload[];
  /** Hashed files already in the bucket: same name means same bytes, so they are not sent again. */
  readonly unchanged: readonly string[];
  /** Keys in the bucket that the build no longer has, in batches DeleteObjects accepts. */
  readonly deleteBatches: readonly (readonly string[])[];
}

export function contentTypeFor(key: string): string {
  return CONTENT_TYPES[extensionOf(key)] ?? FALLBACK_CONTENT_TYPE;
}

export function isContentHashed(key: string): boolean {
  return HASHED_NAME.test(baseName(key));
}

export function cacheControlFor(key: string): string {
  if (extensionOf(key) === '.html') return REVALIDATE_CACHE;
  return isContentHashed(key) ? IMMUTABLE_CACHE : SHORT_CACHE;
}

/** The build holds a file under the prefix the function owns. */
export class ReservedKey extends Error {
  override name = 'ReservedKey';
}

/** Plans a publish of `localKeys` (paths relative to the build folder, `/`-separated) over `remoteKeys`. */
export function planPublish(localKeys: readonly string[], remoteKeys: readonly string[]): PublishPlan {
  const local = [...new Set(localKeys)].sort();
  const reserved = local.filter(isFunctionOwned);
  if (reserved.length > 0) {
    throw new ReservedKey(`the build holds ${reserved.join(', ')}; allowed: no file under ${FUNCTION_OWNED_PREFIX} (the function writes it while the show is live)`);
  }
  const remote = new Set(remoteKeys);
  const isHtml = (key: string): boolean => extensionOf(key) === '.html';
  const unchanged = local.filter((key) => isContentHashed(key) && remote.has(key));
  const toSend = local.filter((key) => !unchanged.includes(key));
  const ordered = [...toSend.filter((key) => !isHtml(key)), ...toSend.filter(isHtml)];
  const localSet = new Set(local);
  const stale = [...remote].filter((key) => !localSet.has(key) && !isFunctionOwned(key)).sort();
  return {
    uploads: ordered.map((key) => ({ key, contentType: contentTypeFor(key), cacheControl: cacheControlFor(key) })),
    unchanged,
    deleteBatches: chunk(stale, MAX_DELETE_BATCH),
  };
}

function isFunctionOwned(key: string): boolean {
  return key.startsWith(FUNCTION_OWNED_PREFIX);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

function baseName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

function extensionOf(key: string): string {
  const name = baseName(key);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}
