// The publish plan: content types, cache policy, upload order and stale-file deletion for the website bucket.
import {
  cacheControlFor,
  FUNCTION_OWNED_PREFIX,
  contentTypeFor,
  IMMUTABLE_CACHE,
  isContentHashed,
  MAX_DELETE_BATCH,
  planPublish,
  REVALIDATE_CACHE,
  SHORT_CACHE,
} from '../../scripts/publish-plan';

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
});

describe('planPublish', () => {
  it('uploads every asset before index.html, with its type and cache policy', () => {
    const plan = planPublish(['index.html', ...BUILD.slice(1)], []);

    expect(plan.uploads.map((u) => u.key)).toEqual([...BUILD.slice(1)].sort().concat('index.html'));
    expect(plan.uploads.at(-1)).toEqual({ key: 'index.html', contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' });
    expect(plan.uploads.find((u) => u.key.endsWith('.wasm'))).toEqual({
      key: 'amazon-ivs-wasmworker.min-58C3830176.wasm',
      contentType: 'application/wasm',
      cacheControl: IMMUTABLE_CACHE,
    });
    expect(plan.deleteBatches).toEqual([]);
  });

  it('does not send hashed files the bucket already has, but always sends index.html and unhashed files', () => {
    const plan = planPublish([...BUILD, 'favicon.ico'], [...BUILD, 'favicon.ico']);

    expect(plan.unchanged).toEqual(BUILD.filter((k) => k !== 'index.html').sort());
    expect(plan.uploads.map((u) => u.key)).toEqual(['favicon.ico', 'index.html']);
  });

  it('deletes keys the build no longer has, and nothing else', () => {
    const plan = planPublish(BUILD, [...BUILD, 'main-OLDHASH1.js', 'styles-OLDHASH2.css', 'old/page.html']);

    expect(plan.deleteBatches).toEqual([['main-OLDHASH1.js', 'old/page.html', 'styles-OLDHASH2.css']]);
  });

  it('never deletes the current question or anything else under live/, which the function owns', () => {
    const plan = planPublish(BUILD, [...BUILD, 'live/current.json', 'live/other.json', 'lively-OLDHASH3.js', 'old/live/x.json']);

    expect(FUNCTION_OWNED_PREFIX).toBe('live/');
    expect(plan.deleteBatches).toEqual([['lively-OLDHASH3.js', 'old/live/x.json']]);
  });

  it('refuses a build that holds a file under live/, naming it', () => {
    expect(() => planPublish([...BUILD, 'live/current.json'], [])).toThrow(
      expect.objectContaining({ name: 'ReservedKey', message: 'the build holds live/current.json; allowed: no file under live/ (the function writes it while the show is live)' }),
    );
  });

  it('splits deletions into batches DeleteObjects accepts', () => {
    const stale = Array.from({ length: MAX_DELETE_BATCH + 5 }, (_, i) => `old-${String(i).padStart(5, '0')}.js`);
    const plan = planPublish(BUILD, stale);

    expect(plan.deleteBatches.map((batch) => batch.length)).toEqual([MAX_DELETE_BATCH, 5]);
    expect(plan.deleteBatches.flat()).toEqual(stale);
  });

  it('keeps nested paths and counts a repeated local key once', () => {
    const plan = planPublish(['index.html', 'img/a-ABCDEFGH.png', 'img/a-ABCDEFGH.png'], []);

    expect(plan.uploads.map((u) => u.key)).toEqual(['img/a-ABCDEFGH.png', 'index.html']);
  });
});
