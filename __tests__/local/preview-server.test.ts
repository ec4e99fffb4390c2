// Tests the preview's one HTTP server: the page, the live playlist and segments (404 while offline, as IVS), the IVS
// API stand-in's routes, live/current.json for late joiners as the bucket holds it, and what it refuses: other Host
// names (DNS rebinding), malformed escapes (400, no internal message).
import { request as httpRequest, type Server } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIVE_OBJECT_CACHE, JSON_CONTENT_TYPE, CURRENT_QUESTION_KEY } from '../../core/site-objects';
import { LOCAL_CHANNEL_ARN, LOCAL_PLAYLIST_PATH, LOCAL_STREAM_KEY, LOCAL_STREAM_KEY_ARN } from '../../core/local-preview';
import { LiveObjects } from '../../local/live-objects';
import { createPreviewServer, type LiveSource } from '../../local/preview-server';
import { createIvsApi } from '../../local/ivs-api';

let server: Server;
let base: string;
let webDir: string | undefined;
let root: string;
let live: { playlist?: string; segments: Map<string, Buffer> };
const channel: LiveSource = { playlist: () => live.playlist, segment: (name) => live.segments.get(name) };
let liveObjects: LiveObjects;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ivs-live-web-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Live</title>');
  await writeFile(join(root, 'player.0123abcd.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  await writeFile(join(root, '..', 'secret.txt'), 'outside');
  // Wired as startPreview wires them: an accepted payload becomes the current one.
  const ivsApi = createIvsApi({
    channelArn: LOCAL_CHANNEL_ARN,
    streamKey: { arn: LOCAL_STREAM_KEY_ARN, value: LOCAL_STREAM_KEY },
    isLive: () => live.playlist !== undefined,
    onMetadata: (metadata) => liveObjects.put(CURRENT_QUESTION_KEY, metadata),
    maxRequestsPerSecond: 1000,
  });
  server = createPreviewServer({ channel, ivsApi, liveObjects: { get: (key) => liveObjects.get(key) }, webDir: () => webDir });
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
    expect((await fetch(`${base}/player.0123abcd.wasm`)).headers.get('content-type')).toBe('application/wasm');
  });

  it('never serves a file outside the built page', async () => {
    expect((await fetch(`${base}/..%2Fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/%2E%2E/secret.txt`)).status).toBe(404);
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
    const port = Number(new URL(base).port);
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, path: '/', headers: { host } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(403);
  });

  it.each(['localhost', 'LOCALHOST:8080', '[::1]:8080'])('answers the loopback Host %j', async (host) => {
    const port = Number(new URL(base).port);
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, path: '/', headers: { host } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(200);
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
