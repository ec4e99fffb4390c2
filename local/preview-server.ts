// The preview's one HTTP server on 127.0.0.1: the built page and the live objects as the CDN serves the site (headers,
// compression, not-found page: site-edge.ts), the local channel's playlist and segments as IVS's playback URL serves
// them, the IVS API stand-in (PutMetadata, ListStreamKeys, GetStreamKey), the answer API, and a collector for the page's
// Content-Security-Policy reports, so the page, the function and the host CLI all talk to one port and a CSP mistake
// shows up here, not after a deploy. It answers only requests addressed to a loopback name (no DNS rebinding) and
// never returns an internal message.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { isLoopbackHost, LOCAL_CSP_REPORT_PATH, LOCAL_PLAYLIST_PATH } from '../core/local-preview';
import { securityHeaderFields, securityHeaders } from '../core/security-headers';
import { isLiveObject, NOT_FOUND_PAGE_KEY } from '../core/site-objects';
import type { IvsApi } from './ivs-api';
import type { LiveObjects } from './live-objects';
import { createSiteEdge, type ReadObject } from './site-edge';

export interface LiveSource {
  /** The playlist text, or undefined while the channel is offline. */
  playlist(): string | undefined;
  segment(name: string): Buffer | undefined;
}

/** One violation a browser reported under the site's policy (from the page or from the player's worker). */
export interface CspViolation {
  readonly directive: string;
  readonly blockedUri: string;
  /** The document or worker script whose policy was violated. */
  readonly documentUri: string;
}

export interface PreviewServerOptions {
  readonly channel: LiveSource;
  /** The AWS stand-ins (the IVS API, the answer API and its table), asked in turn; each answers the routes it knows. */
  readonly apis: readonly Pick<IvsApi, 'handle'>[];
  /** What the site bucket would hold under live/. */
  readonly liveObjects: Pick<LiveObjects, 'get'>;
  /** The built page; undefined while it is being built (503). */
  readonly webDir: () => string | undefined;
  /** Sites allowed to frame the page (EMBED_ORIGINS). @default none */
  readonly embedOrigins?: readonly string[];
  /** Receives each violation browsers report; the site's policy asks them to report here. @default ignored */
  readonly onCspViolation?: (violation: CspViolation) => void;
}

/** The folder of the channel's playlist and segments on this server. */
const HLS_PREFIX = LOCAL_PLAYLIST_PATH.slice(0, LOCAL_PLAYLIST_PATH.lastIndexOf('/') + 1);
/** A report is a few hundred bytes; anything far larger is not one. */
const MAX_REPORT_BYTES = 64 * 1024;

export function createPreviewServer(options: PreviewServerOptions): Server {
  // The CDN's headers, plus where to report violations: production collects no reports.
  const headers = securityHeaderFields(securityHeaders({ embedOrigins: options.embedOrigins ?? [], reportUri: LOCAL_CSP_REPORT_PATH }));
  const edge = createSiteEdge(headers);
  return createServer((req, res) => {
    route(req, res, options, edge).catch(() => {
      // The cause stays on this side: a message could tell a page about the machine's files.
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
      else res.destroy();
    });
  });
}

async function route(req: IncomingMessage, res: ServerResponse, options: PreviewServerOptions, edge: ReturnType<typeof createSiteEdge>): Promise<void> {
  if (!isLoopbackHost(req.headers.host)) return send(res, 403, 'text/plain', 'Host not allowed: open the preview at 127.0.0.1 or localhost', { connection: 'close' });
  for (const api of options.apis) if (await api.handle(req, res)) return;
  const path = decodedPath(req.url);
  if (path === undefined) return send(res, 400, 'text/plain', 'bad request: the path has a malformed percent-escape');
  if (path === LOCAL_CSP_REPORT_PATH && req.method === 'POST') return collectReport(req, res, options.onCspViolation);
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed', { allow: 'GET, HEAD, POST' });
  if (path.startsWith(HLS_PREFIX)) return serveHls(res, path.slice(HLS_PREFIX.length), options.channel);
  const webDir = options.webDir();
  if (webDir === undefined) return send(res, 503, 'text/plain', 'the page is still being built; reload in a moment', { 'retry-after': '1' });
  // The distribution's default root object; below it, keys as the bucket holds them.
  const key = path === '/' ? NOT_FOUND_PAGE_KEY : path.slice(1);
  return edge.answer(req, res, key, bucketReader(webDir, options.liveObjects));
}

/** The bucket as the preview holds it: the function's live objects in memory, the built page on disk. */
function bucketReader(webDir: string, liveObjects: Pick<LiveObjects, 'get'>): ReadObject {
  return async (key) => {
    if (isLiveObject(key)) {
      const body = liveObjects.get(key);
      return body === undefined ? undefined : Buffer.from(body);
    }
    const relative = normalize(key).replace(/^([/\\])+/, '');
    if (relative === '' || relative.split(sep).includes('..')) return undefined;
    return readFile(join(webDir, relative)).catch(() => undefined);
  };
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

/** A `report-uri` report (`application/csp-report`): `{ "csp-report": { "effective-directive", "blocked-uri", … } }`. */
async function collectReport(req: IncomingMessage, res: ServerResponse, onViolation: PreviewServerOptions['onCspViolation']): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REPORT_BYTES) return send(res, 413, 'text/plain', 'report too large');
    chunks.push(chunk);
  }
  let report: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { 'csp-report'?: Record<string, unknown> };
    report = parsed['csp-report'];
  } catch {
    report = undefined;
  }
  if (report === undefined) return send(res, 400, 'text/plain', 'not a CSP report');
  onViolation?.({
    directive: String(report['effective-directive'] ?? report['violated-directive'] ?? ''),
    blockedUri: String(report['blocked-uri'] ?? ''),
    documentUri: String(report['document-uri'] ?? ''),
  });
  res.writeHead(204).end();
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-type': type, 'content-length': bytes.length, ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}
