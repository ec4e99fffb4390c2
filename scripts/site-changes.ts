// Decides what publishing web/dist changes in the site bucket: every file with its content type and cache header
// (core/site-objects.ts), hashed assets before index.html (a viewer never gets an index pointing at missing files),
// stale keys deleted last. Pure: publish-web.ts only carries the changes out. The `live/` prefix belongs to the function.
import { cacheControlFor, contentTypeFor, isContentHashed, isLiveObject, LIVE_PREFIX, storedEncodingFor } from '../core/site-objects';

/** DeleteObjects accepts at most 1000 keys per request. */
export const MAX_DELETE_BATCH = 1000;

export interface Upload {
  readonly key: string;
  readonly contentType: string;
  readonly cacheControl: string;
  /** Set for a file the build stores compressed (the wasm): the bucket serves it with this Content-Encoding. */
  readonly contentEncoding?: string;
}

export interface SiteChanges {
  /** In order: every asset, then the HTML pages. */
  readonly uploads: readonly Upload[];
  /** Hashed files already in the bucket: same name means same bytes, so they are not sent again. */
  readonly unchanged: readonly string[];
  /** Keys in the bucket that the build no longer has, in batches DeleteObjects accepts. */
  readonly deleteBatches: readonly (readonly string[])[];
}

/** The build holds a file under the prefix the function owns. */
export class ReservedKey extends Error {
  override name = 'ReservedKey';
}

/** The changes that publish `localKeys` (paths relative to the build folder, `/`-separated) over `remoteKeys`. */
export function siteChanges(localKeys: readonly string[], remoteKeys: readonly string[]): SiteChanges {
  const local = [...new Set(localKeys)].sort();
  const reserved = local.filter(isLiveObject);
  if (reserved.length > 0) {
    throw new ReservedKey(`the build holds ${reserved.join(', ')}; allowed: no file under ${LIVE_PREFIX} (the function writes it while the show is live)`);
  }
  const remote = new Set(remoteKeys);
  const isHtml = (key: string): boolean => contentTypeFor(key).startsWith('text/html');
  const unchanged = local.filter((key) => isContentHashed(key) && remote.has(key));
  const toSend = local.filter((key) => !unchanged.includes(key));
  const ordered = [...toSend.filter((key) => !isHtml(key)), ...toSend.filter(isHtml)];
  const localSet = new Set(local);
  const stale = [...remote].filter((key) => !localSet.has(key) && !isLiveObject(key)).sort();
  return {
    uploads: ordered.map((key) => upload(key)),
    unchanged,
    deleteBatches: chunk(stale, MAX_DELETE_BATCH),
  };
}

function upload(key: string): Upload {
  const encoding = storedEncodingFor(key);
  return { key, contentType: contentTypeFor(key), cacheControl: cacheControlFor(key), ...(encoding === undefined ? {} : { contentEncoding: encoding }) };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
