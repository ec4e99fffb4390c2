// The preview's one HTTP server on 127.0.0.1: the built page and the live objects (as the published site serves them),
// the local channel's playlist and segments (as IVS's playback URL serves them), and the IVS API stand-in
// (PutMetadata, ListStreamKeys, GetStreamKey), so the page, the function and the host CLI all talk to one port.
// It answers only requests addressed to a loopback name (no DNS rebinding) and never returns an internal message.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { isLoopbackHost, LOCAL_PLAYLIST_PATH } from '../core/local-preview';
import { cacheControlFor, contentTypeFor, isLiveObject } from '../core/site-objects';
import type { LiveObjects } from './live-objects';
import type { IvsApi } from './ivs-api';

export interface LiveSource {
  /** The playlist text, or undefined while the channel is offline. */
  playlist(): string | undefined;
  segment(name: string): Buffer | undefined;
}

export interface PreviewServerOptions {
  readonly channel: LiveSource;
  /** The IVS API stand-in; it answers the routes it knows. */
  readonly ivsApi: IvsApi;
  /** What the site bucket would hold under live/. */
  readonly liveObjects: Pick<LiveObjects, 'get'>;
  /** The built page; undefined while it is being built (503). */
  readonly webDir: () => string | undefined;
}

/** The folder of the channel's playlist and segments on this server. */
const HLS_PREFIX = LOCAL_PLAYLIST_PATH.slice(0, LOCAL_PLAYLIST_PATH.lastIndexOf('/') + 1);

export function createPreviewServer(options: PreviewServerOptions): Server {
  return createServer((req, res) => {
    route(req, res, options).catch(() => {
      // The cause stays on this side: a message could tell a page about the machine's files.
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
      else res.destroy();
    });
  });
}

async function route(req: IncomingMessage, res: ServerResponse, options: PreviewServerOptions): Promise<void> {
  if (!isLoopbackHost(req.headers.host)) return send(res, 403, 'text/plain', 'Host not allowed: open the preview at 127.0.0.1 or localhost', { connection: 'close' });
  if (await options.ivsApi.handle(req, res)) return;
  const path = decodedPath(req.url);
  if (path === undefined) return send(res, 400, 'text/plain', 'bad request: the path has a malformed percent-escape');
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed', { allow: 'GET, HEAD, POST' });
  const key = path.slice(1);
  if (isLiveObject(key)) return serveLiveObject(res, key, options.liveObjects.get(key));
  if (path.startsWith(HLS_PREFIX)) return serveHls(res, path.slice(HLS_PREFIX.length), options.channel);
  const webDir = options.webDir();
  if (webDir === undefined) return send(res, 503, 'text/plain', 'the page is still being built; reload in a moment', { 'retry-after': '1' });
  return serveStatic(res, webDir, path);
}

/** The URL's path, percent-decoded; undefined when an escape is malformed (`/%E0%A4%A`). */
function decodedPath(url: string | undefined): string | undefined {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://127.0.0.1').pathname);
  } catch {
    return undefined;
  }
}

function serveHls(res: ServerResponse, name: string, channel: LiveSource): void {
  const cors = { 'access-control-allow-origin': '*' };
  if (`${HLS_PREFIX}${name}` === LOCAL_PLAYLIST_PATH) {
    const playlist = channel.playlist();
    // Offline: 404, as an IVS playback URL answers when the channel is not broadcasting.
    if (playlist === undefined) return send(res, 404, 'text/plain', 'channel is not broadcasting', { ...cors, 'cache-control': 'no-cache' });
    return send(res, 200, 'application/vnd.apple.mpegurl', playlist, { ...cors, 'cache-control': 'no-cache' });
  }
  const segment = /^[\w-]+\.ts$/.test(name) ? channel.segment(name) : undefined;
  if (segment === undefined) return send(res, 404, 'text/plain', 'no such segment', cors);
  return send(res, 200, 'video/mp2t', segment, { ...cors, 'cache-control': 'max-age=60' });
}

/** As the bucket serves an object the function wrote, and 404 when there is none (not live, or deleted). */
function serveLiveObject(res: ServerResponse, key: string, body: string | undefined): void {
  if (body === undefined) return send(res, 404, 'text/plain', `no ${key}: not live, or nothing written yet`, { 'cache-control': cacheControlFor(key) });
  return send(res, 200, contentTypeFor(key), body, { 'cache-control': cacheControlFor(key) });
}

async function serveStatic(res: ServerResponse, root: string, path: string): Promise<void> {
  const relative = normalize(path === '/' ? '/index.html' : path).replace(/^([/\\])+/, '');
  if (relative.split(sep).includes('..')) return send(res, 404, 'text/plain', 'not found');
  const bytes = await readFile(join(root, relative)).catch(() => undefined);
  if (bytes === undefined) return send(res, 404, 'text/plain', 'not found');
  // The same headers publish:web gives the published files.
  const key = relative.split(sep).join('/');
  return send(res, 200, contentTypeFor(key), bytes, { 'cache-control': cacheControlFor(key) });
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-type': type, 'content-length': bytes.length, ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}
