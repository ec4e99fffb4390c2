// Tests the preview's one HTTP server: the page as the CDN serves it (security headers, compression, revalidation,
// the not-found page), the live playlist and segments (404 while offline, as IVS), the IVS API stand-in's routes,
// live/current.json for late joiners as the bucket holds it, the CSP report collector, and what it refuses: other
// Host names (DNS rebinding), malformed escapes (400, no internal message).
import { request as httpRequest, type Server } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Testing } from 'cdktf';
import { IMMUTABLE_CACHE, LIVE_OBJECT_CACHE, JSON_CONTENT_TYPE, CURRENT_QUESTION_KEY } from '../../core/site-objects';
import { LOCAL_CHANNEL_ARN, LOCAL_CSP_REPORT_PATH, LOCAL_PLAYLIST_PATH, LOCAL_STREAM_KEY, LOCAL_STREAM_KEY_ARN } from '../../core/local-preview';
import { loadConfig } from '../../config/live-config';
import { createIvsApi } from '../../local/ivs-api';
import { LiveObjects } from '../../local/live-objects';
import { createPreviewServer, type CspViolation, type LiveSource } from '../../local/preview-server';
import { LiveStreamStack } from '../../stacks/live-stream-stack';
import { headersOfPolicy } from '../../testing/cdn-headers';
import { readSynth } from '../../testing/synthesized';

let server: Server;
let base: string;
let webDir: string | undefined;
let root: string;
let live: { playlist?: string; segments: Map<string, Buffer> };
const channel: LiveSource = { playlist: () => live.playlist, segment: (name) => live.segments.get(name) };
let liveObjects: LiveObjects;
const violations: CspViolation[] = [];
const WASM = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
const SCRIPT = `console.log(${JSON.stringify('the page '.repeat(600))});`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ivs-live-web-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Live</title>');
  // As the build stores it: gzip-compressed (core/site-objects.ts).
  await writeFile(join(root, 'player-0123ABCD.wasm'), gzipSync(WASM));
  await writeFile(join(root, 'main-ABCDEFGH.js'), SCRIPT);
  await writeFile(join(root, '..', 'secret.txt'), 'outside');
  // Wired as startPreview wires them: an accepted payload becomes the current one.
  const ivsApi = createIvsApi({
    channelArn: LOCAL_CHANNEL_ARN,
    streamKey: { arn: LOCAL_STREAM_KEY_ARN, value: LOCAL_STREAM_KEY },
    isLive: () => live.playlist !== undefined,
    onMetadata: (metadata) => liveObjects.put(CURRENT_QUESTION_KEY, metadata),
    maxRequestsPerSecond: 1000,
  });
  server = createPreviewServer({
    channel,
    apis: [ivsApi],
    liveObjects: { get: (key) => liveObjects.get(key) },
    webDir: () => webDir,
    onCspViolation: (violation) => violations.push(violation),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  live = { segments: new Map() };
  liveObjects = new LiveObjects();
  webDir = root;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
  await rm(join(root, '..', 'secret.txt'), { force: true });
});

describe('the preview server', () => {
  it('answers 404 for the playlist while the channel is offline, as an IVS playback URL does', async () => {
    const response = await fetch(`${base}${LOCAL_PLAYLIST_PATH}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves the live playlist uncached, with CORS, and the segments it lists', async () => {
    live = { playlist: '#EXTM3U\n#EXTINF:2.000,\nb1-x-0.ts\n', segments: new Map([['b1-x-0.ts', Buffer.from([0x47, 1, 2])]]) };
    const playlist = await fetch(`${base}${LOCAL_PLAYLIST_PATH}`);
    expect(playlist.status).toBe(200);
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(playlist.headers.get('cache-control')).toBe('no-cache');
    expect(playlist.headers.get('access-control-allow-origin')).toBe('*');
    expect(await playlist.text()).toBe(live.playlist);
    const segment = await fetch(`${base}/hls/b1-x-0.ts`);
    expect(segment.headers.get('content-type')).toBe('video/mp2t');
    expect(Buffer.from(await segment.arrayBuffer())).toEqual(Buffer.from([0x47, 1, 2]));
  });

  it('answers 404 for a segment it does not have, and for names that are not segments', async () => {
    live = { playlist: '#EXTM3U\n', segments: new Map([['b1-x-0.ts', Buffer.from([0x47])]]) };
    expect((await fetch(`${base}/hls/b1-x-9.ts`)).status).toBe(404);
    expect((await fetch(`${base}/hls/..%2Fsecret.txt`)).status).toBe(404);
  });

  it('serves the built page with the content types S3 will give it', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<title>Live</title>');
    expect((await fetch(`${base}/player-0123ABCD.wasm`)).headers.get('content-type')).toBe('application/wasm');
  });

  it('never serves a file outside the built page', async () => {
    for (const path of ['/..%2Fsecret.txt', '/%2E%2E/secret.txt']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('outside');
    }
  });

  it('answers 503 while the page is still being built', async () => {
    webDir = undefined;
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
  });

  it('answers a malformed percent-escape with 400 and no internal message', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/hls/%zz.ts']) {
      const response = await fetch(`${base}${path}`);
      expect([path, response.status]).toEqual([path, 400]);
      expect(await response.text()).toBe('bad request: the path has a malformed percent-escape');
    }
  });

  it.each(['evil.example', 'evil.example:8080', '127.0.0.1.nip.io', '10.0.0.5:8080'])('refuses the Host %j, as a DNS-rebinding page would send', async (host) => {
    expect((await rawGet('/', { host })).status).toBe(403);
  });

  it.each(['localhost', 'LOCALHOST:8080', '[::1]:8080'])('answers the loopback Host %j', async (host) => {
    expect((await rawGet('/', { host })).status).toBe(200);
  });

  it('routes POST /PutMetadata to the IVS API stand-in', async () => {
    const response = await fetch(`${base}/PutMetadata`, { method: 'POST', body: JSON.stringify({ channelArn: LOCAL_CHANNEL_ARN, metadata: 'x' }) });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
  });

  it('refuses other methods on the page and the playlist', async () => {
    expect((await fetch(`${base}${LOCAL_PLAYLIST_PATH}`, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('live/current.json on the preview server', () => {
  const currentUrl = (): string => `${base}/${CURRENT_QUESTION_KEY}`;
  const QUIZ = '{"type":"quiz","id":"q1","question":"2 + 2?","answers":["3","4"],"correctIndex":1}';

  /** PutMetadata as the SDK sends it (the endpoint checks that a SigV4 header is there; the signature is tested elsewhere). */
  async function putMetadata(metadata: string): Promise<number> {
    const response = await fetch(`${base}/PutMetadata`, {
      method: 'POST',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIALOCALTEST0000000/20260101/us-east-1/ivs/aws4_request', 'content-type': 'application/json' },
      body: JSON.stringify({ channelArn: LOCAL_CHANNEL_ARN, metadata }),
    });
    return response.status;
  }

  it('serves the last payload PutMetadata accepted while live, byte for byte, uncached', async () => {
    live = { playlist: '#EXTM3U\n', segments: new Map() };
    expect(await putMetadata('{"type":"announcement","text":"Welcome"}')).toBe(204);
    expect(await putMetadata(QUIZ)).toBe(204);

    const response = await fetch(currentUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(JSON_CONTENT_TYPE);
    expect(response.headers.get('cache-control')).toBe(LIVE_OBJECT_CACHE);
    expect(await response.text()).toBe(QUIZ);
  });

  it('answers 404 while the channel is not live, since PutMetadata accepts nothing then', async () => {
    expect(await putMetadata(QUIZ)).toBe(404);

    const response = await fetch(currentUrl());
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBe(LIVE_OBJECT_CACHE);
  });

  it('answers 404 while live when nothing has been sent yet', async () => {
    live = { playlist: '#EXTM3U\n', segments: new Map() };
    expect((await fetch(currentUrl())).status).toBe(404);
  });

  it('answers 404 again after Stream End deletes the object', async () => {
    live = { playlist: '#EXTM3U\n', segments: new Map() };
    expect(await putMetadata(QUIZ)).toBe(204);
    live = { segments: new Map() };
    liveObjects.delete(CURRENT_QUESTION_KEY);

    expect((await fetch(currentUrl())).status).toBe(404);
  });
});

/** A raw GET, so the test sees the bytes and headers as sent (fetch would decode them). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

describe('the page as the CDN serves it', () => {
  const withoutReportUri = (csp: string | null): string | undefined => csp?.replace(`; report-uri ${LOCAL_CSP_REPORT_PATH}`, '');

  it('sends the security headers of the CDN\'s response headers policy, asking browsers to report violations here', async () => {
    const synth = readSynth(Testing.synth(new LiveStreamStack(Testing.app(), 'test', { config: loadConfig({}) })));
    const cdn = headersOfPolicy(synth.resources('aws_cloudfront_response_headers_policy')[0]);
    live = { playlist: '#EXTM3U\n', segments: new Map() };
    liveObjects.put(CURRENT_QUESTION_KEY, '{"type":"announcement","text":"hi"}');
    for (const path of ['/', '/main-ABCDEFGH.js', '/player-0123ABCD.wasm', `/${CURRENT_QUESTION_KEY}`, '/no/such/page']) {
      const response = await fetch(`${base}${path}`);
      const sent = Object.fromEntries(Object.keys(cdn).map((name) => [name, response.headers.get(name)]));
      expect({ path, ...sent, 'content-security-policy': withoutReportUri(sent['content-security-policy']) }).toEqual({ path, ...cdn });
      expect(response.headers.get('content-security-policy')).toMatch(new RegExp(`; report-uri ${LOCAL_CSP_REPORT_PATH}$`));
    }
  });

  it('lets the configured sites frame the page, as the CDN configured with EMBED_ORIGINS does', async () => {
    const synth = readSynth(Testing.synth(new LiveStreamStack(Testing.app(), 'test', { config: loadConfig({ EMBED_ORIGINS: 'https://partner.example.org' }) })));
    const cdn = headersOfPolicy(synth.resources('aws_cloudfront_response_headers_policy')[0]);
    const embeddable = createPreviewServer({ channel, apis: [], liveObjects, webDir: () => root, embedOrigins: ['https://partner.example.org'] });
    await new Promise<void>((resolve) => embeddable.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(embeddable.address() as AddressInfo).port}/`);
      expect(withoutReportUri(response.headers.get('content-security-policy'))).toBe(cdn['content-security-policy']);
      expect(response.headers.get('x-frame-options')).toBeNull();
    } finally {
      await new Promise((resolve) => embeddable.close(resolve));
    }
  });

  it('answers a missing key, at any depth or under live/, with the page and a 404, as the CDN does', async () => {
    for (const path of ['/no/such/page', '/favicon.ico', `/${CURRENT_QUESTION_KEY}`, '/assets/']) {
      const response = await fetch(`${base}${path}`);
      expect({ path, status: response.status, type: response.headers.get('content-type'), cache: response.headers.get('cache-control') }).toEqual({
        path, status: 404, type: 'text/html; charset=utf-8', cache: 'no-cache',
      });
      expect(await response.text()).toContain('<title>Live</title>');
    }
  });

  it('serves the wasm as the bucket stores it: gzip bytes with Content-Encoding gzip, never compressed again', async () => {
    const response = await rawGet('/player-0123ABCD.wasm', { 'accept-encoding': 'gzip, deflate, br' });
    expect(response.headers).toMatchObject({ 'content-type': 'application/wasm', 'content-encoding': 'gzip', 'cache-control': IMMUTABLE_CACHE });
    expect(gunzipSync(response.body)).toEqual(WASM);
  });

  it('compresses text as an edge does: brotli when the browser takes it, else gzip, and nothing under 1,000 bytes', async () => {
    const br = await rawGet('/main-ABCDEFGH.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    const gzip = await rawGet('/main-ABCDEFGH.js', { 'accept-encoding': 'gzip, deflate' });
    const plain = await rawGet('/main-ABCDEFGH.js');
    expect([br.headers['content-encoding'], gzip.headers['content-encoding'], plain.headers['content-encoding']]).toEqual(['br', 'gzip', undefined]);
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(gzip.body).toString()).toBe(SCRIPT);
    expect(plain.body.toString()).toBe(SCRIPT);
    expect((await rawGet('/', { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBeUndefined();
  });

  it('answers 304 to a browser revalidating a file it has, as S3 behind the CDN does', async () => {
    const first = await rawGet('/');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await rawGet('/', { 'if-none-match': etag });
    expect([again.status, again.body.length, again.headers['cache-control']]).toEqual([304, 0, 'no-cache']);
    // A compressed copy carries a weak ETag, which still matches.
    const compressed = await rawGet('/main-ABCDEFGH.js', { 'accept-encoding': 'gzip' });
    expect(String(compressed.headers.etag)).toMatch(/^W\/"/);
    expect((await rawGet('/main-ABCDEFGH.js', { 'accept-encoding': 'gzip', 'if-none-match': String(compressed.headers.etag) })).status).toBe(304);
  });

  it('collects the violations browsers report and hands each one on', async () => {
    violations.length = 0;
    const report = { 'csp-report': { 'document-uri': `${base}/`, 'effective-directive': 'connect-src', 'blocked-uri': 'https://example.org/x' } };
    const response = await fetch(`${base}${LOCAL_CSP_REPORT_PATH}`, { method: 'POST', headers: { 'content-type': 'application/csp-report' }, body: JSON.stringify(report) });
    expect(response.status).toBe(204);
    expect(violations).toEqual([{ directive: 'connect-src', blockedUri: 'https://example.org/x', documentUri: `${base}/` }]);
    expect((await fetch(`${base}${LOCAL_CSP_REPORT_PATH}`, { method: 'POST', body: 'nonsense' })).status).toBe(400);
  });
});
