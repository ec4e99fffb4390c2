// The site's objects: content types and cache headers per key, the same for publish:web and the local preview.
import {
  cacheControlFor,
  contentTypeFor,
  CURRENT_QUESTION_KEY,
  IMMUTABLE_CACHE,
  isContentHashed,
  LIVE_EDGE_TTL_SECONDS,
  LIVE_OBJECT_CACHE,
  NOT_FOUND_EDGE_TTL_SECONDS,
  REVALIDATE_CACHE,
  SHORT_CACHE,
  storedEncodingFor,
} from '../../core/site-objects';

const BUILD = ['index.html', 'main-Z63XVW2Y.js', 'styles-T6IF43MW.css', 'amazon-ivs-wasmworker.min-5457BD1A12.js', 'amazon-ivs-wasmworker.min-58C3830176.wasm'];

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['main-Z63XVW2Y.js', 'text/javascript; charset=utf-8'],
    ['styles-T6IF43MW.css', 'text/css; charset=utf-8'],
    ['amazon-ivs-wasmworker.min-58C3830176.wasm', 'application/wasm'],
    ['main-Z63XVW2Y.js.map', 'application/json; charset=utf-8'],
    ['data/manifest.json', 'application/json; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['img/poster.PNG', 'image/png'],
    ['favicon.ico', 'image/x-icon'],
    ['README', 'application/octet-stream'],
    ['.hidden', 'application/octet-stream'],
    ['archive.tar.gz', 'application/octet-stream'],
  ])('gives %s the type %s', (key, type) => {
    expect(contentTypeFor(key)).toBe(type);
  });
});

describe('cacheControlFor', () => {
  it('caches content-hashed files for a year as immutable, including the renamed IVS assets', () => {
    for (const key of BUILD.filter((k) => k !== 'index.html')) expect(cacheControlFor(key)).toBe(IMMUTABLE_CACHE);
    expect(IMMUTABLE_CACHE).toBe('public, max-age=31536000, immutable');
  });

  it('makes browsers revalidate HTML on every visit', () => {
    expect(cacheControlFor('index.html')).toBe('no-cache');
    expect(cacheControlFor('about/index.html')).toBe(REVALIDATE_CACHE);
  });

  it('caches files without a content hash only briefly, as the upstream IVS names would be', () => {
    expect(isContentHashed('amazon-ivs-wasmworker.min.js')).toBe(false);
    expect(cacheControlFor('amazon-ivs-wasmworker.min.wasm')).toBe(SHORT_CACHE);
    expect(cacheControlFor('favicon.ico')).toBe(SHORT_CACHE);
    expect(cacheControlFor('main-abc.js')).toBe(SHORT_CACHE);
  });

  it('makes browsers revalidate a live object such as the current question, which an edge keeps only a couple of seconds', () => {
    expect(cacheControlFor(CURRENT_QUESTION_KEY)).toBe(LIVE_OBJECT_CACHE);
    expect(LIVE_OBJECT_CACHE).toBe('no-cache');
    expect(LIVE_EDGE_TTL_SECONDS).toBe(2);
  });

  it('keeps a not-found answer at the edge no longer than a live object, so a new question is not hidden behind an old 404', () => {
    expect(NOT_FOUND_EDGE_TTL_SECONDS).toBeLessThanOrEqual(LIVE_EDGE_TTL_SECONDS);
  });
});

describe('storedEncodingFor', () => {
  it('stores the wasm gzip-compressed, which no CDN compresses on the way, and every other file as it is', () => {
    expect(storedEncodingFor('amazon-ivs-wasmworker.min-58C3830176.wasm')).toBe('gzip');
    for (const key of BUILD.filter((k) => !k.endsWith('.wasm'))) expect(storedEncodingFor(key)).toBeUndefined();
    expect(storedEncodingFor(CURRENT_QUESTION_KEY)).toBeUndefined();
  });
});

