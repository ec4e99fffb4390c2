// What publishing the page changes in the site bucket: upload order, skipped hashed files, stale-file deletion.
import { IMMUTABLE_CACHE, LIVE_PREFIX } from '../../core/site-objects';
import { MAX_DELETE_BATCH, siteChanges } from '../../scripts/site-changes';

const BUILD = ['index.html', 'main-Z63XVW2Y.js', 'styles-T6IF43MW.css', 'amazon-ivs-wasmworker.min-5457BD1A12.js', 'amazon-ivs-wasmworker.min-58C3830176.wasm'];

describe('siteChanges', () => {
  it('uploads every asset before index.html, with its type and cache policy', () => {
    const changes = siteChanges(['index.html', ...BUILD.slice(1)], []);

    expect(changes.uploads.map((u) => u.key)).toEqual([...BUILD.slice(1)].sort().concat('index.html'));
    expect(changes.uploads.at(-1)).toEqual({ key: 'index.html', contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' });
    expect(changes.uploads.find((u) => u.key.endsWith('.wasm'))).toEqual({
      key: 'amazon-ivs-wasmworker.min-58C3830176.wasm',
      contentType: 'application/wasm',
      cacheControl: IMMUTABLE_CACHE,
      contentEncoding: 'gzip',
    });
    expect(changes.uploads.filter((u) => u.contentEncoding !== undefined).map((u) => u.key)).toEqual(['amazon-ivs-wasmworker.min-58C3830176.wasm']);
    expect(changes.deleteBatches).toEqual([]);
  });

  it('does not send hashed files the bucket already has, but always sends index.html and unhashed files', () => {
    const changes = siteChanges([...BUILD, 'favicon.ico'], [...BUILD, 'favicon.ico']);

    expect(changes.unchanged).toEqual(BUILD.filter((k) => k !== 'index.html').sort());
    expect(changes.uploads.map((u) => u.key)).toEqual(['favicon.ico', 'index.html']);
  });

  it('deletes keys the build no longer has, and nothing else', () => {
    const changes = siteChanges(BUILD, [...BUILD, 'main-OLDHASH1.js', 'styles-OLDHASH2.css', 'old/page.html']);

    expect(changes.deleteBatches).toEqual([['main-OLDHASH1.js', 'old/page.html', 'styles-OLDHASH2.css']]);
  });

  it('never deletes the current question or anything else under live/, which the function owns', () => {
    const changes = siteChanges(BUILD, [...BUILD, 'live/current.json', 'live/other.json', 'lively-OLDHASH3.js', 'old/live/x.json']);

    expect(LIVE_PREFIX).toBe('live/');
    expect(changes.deleteBatches).toEqual([['lively-OLDHASH3.js', 'old/live/x.json']]);
  });

  it('refuses a build that holds a file under live/, naming it', () => {
    expect(() => siteChanges([...BUILD, 'live/current.json'], [])).toThrow(
      expect.objectContaining({ name: 'ReservedKey', message: 'the build holds live/current.json; allowed: no file under live/ (the function writes it while the show is live)' }),
    );
  });

  it('splits deletions into batches DeleteObjects accepts', () => {
    const stale = Array.from({ length: MAX_DELETE_BATCH + 5 }, (_, i) => `old-${String(i).padStart(5, '0')}.js`);
    const changes = siteChanges(BUILD, stale);

    expect(changes.deleteBatches.map((batch) => batch.length)).toEqual([MAX_DELETE_BATCH, 5]);
    expect(changes.deleteBatches.flat()).toEqual(stale);
  });

  it('keeps nested paths and counts a repeated local key once', () => {
    const changes = siteChanges(['index.html', 'img/a-ABCDEFGH.png', 'img/a-ABCDEFGH.png'], []);

    expect(changes.uploads.map((u) => u.key)).toEqual(['img/a-ABCDEFGH.png', 'index.html']);
  });
});
