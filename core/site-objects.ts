// The site's objects: their keys, content types and cache headers. One table for everything that writes or serves
// them: publish:web uploads the page with these headers, the function writes the live objects, the local preview
// serves both as the published site does, and the page reads the live objects at these paths.

/**
 * The show's current timed-metadata payload, for late joiners: timed metadata is one-shot, so a viewer who opens the
 * page after a question was sent reads it here. The function writes it on Stream Start and deletes it on Stream End.
 */
export const CURRENT_QUESTION_KEY = 'live/current.json';
/**
 * Keys under this prefix belong to the function while the show is live: publish:web never uploads or deletes them,
 * or a publish during a show would take the current question away from late joiners.
 */
export const LIVE_PREFIX = 'live/';

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** The browser must revalidate index.html on every visit, so a deploy is seen at once. */
export const REVALIDATE_CACHE = 'no-cache';
/** Files whose name carries no content hash could change under the same name: keep them briefly. */
export const SHORT_CACHE = 'public, max-age=300';
/** Live objects change during the show: a viewer must never get a stale question from a cache. */
export const LIVE_OBJECT_CACHE = 'no-cache';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * How long a CDN edge keeps a live object, whatever its Cache-Control says: however many viewers poll, the bucket sees
 * about one request per object per edge in this time. The edge's minimum TTL is this too: with a minimum of 0 the
 * objects' `no-cache` would send every viewer's request on to the bucket.
 */
export const LIVE_EDGE_TTL_SECONDS = 2;
/**
 * A key the bucket does not hold is answered with the page itself and a 404 status: a deep link shows the page's own
 * state instead of an XML error, and a read of a live object that is not there (no question yet) still fails.
 */
export const NOT_FOUND_PAGE_KEY = 'index.html';
export const NOT_FOUND_STATUS = 404;
/** How long an edge keeps a not-found answer: as long as a live object, so a new question is seen as soon as it would be. */
export const NOT_FOUND_EDGE_TTL_SECONDS = LIVE_EDGE_TTL_SECONDS;
/** How the page's files are stored and served: as they are, or compressed once at build time (the bytes on disk and in the bucket). */
export type StoredEncoding = 'gzip' | undefined;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  // S3 and many mime tables default .wasm to binary/octet-stream; browsers then refuse streaming compilation.
  '.wasm': 'application/wasm',
  '.map': JSON_CONTENT_TYPE,
  '.json': JSON_CONTENT_TYPE,
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
};
const FALLBACK_CONTENT_TYPE = 'application/octet-stream';
/** `name-HASH.ext` as the page build writes it (esbuild's 8-character hashes and the 10-character IVS asset hashes). */
const HASHED_NAME = /-[A-Z0-9]{8,}\.[a-z0-9]+$/;

/**
 * The IVS player's wasm is stored gzip-compressed and served with `Content-Encoding: gzip`: CDNs compress text, not
 * `application/wasm`, and gzip (not br) because one stored encoding goes to every client and every client takes gzip.
 */
export function storedEncodingFor(key: string): StoredEncoding {
  return extensionOf(key) === '.wasm' ? 'gzip' : undefined;
}

export function contentTypeFor(key: string): string {
  return CONTENT_TYPES[extensionOf(key)] ?? FALLBACK_CONTENT_TYPE;
}

export function isContentHashed(key: string): boolean {
  return HASHED_NAME.test(baseName(key));
}

export function isLiveObject(key: string): boolean {
  return key.startsWith(LIVE_PREFIX);
}

export function cacheControlFor(key: string): string {
  if (isLiveObject(key)) return LIVE_OBJECT_CACHE;
  if (extensionOf(key) === '.html') return REVALIDATE_CACHE;
  return isContentHashed(key) ? IMMUTABLE_CACHE : SHORT_CACHE;
}

function baseName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

function extensionOf(key: string): string {
  const name = baseName(key);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}
