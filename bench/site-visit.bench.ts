// What a viewer downloads from the site, measured in Debian's Chromium against the preview's server, which serves the
// page as the CDN does (edge compression, the stored gzip wasm, Cache-Control, ETags): a first visit with an empty
// cache, then a repeat visit in the same browser. Counted where the bytes leave the server, so a file the browser took
// from its cache counts nothing. The channel is off the air: the figures are the site's, not the stream's.
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_PLAYLIST_PATH } from '../core/local-preview';
import { LiveObjects } from '../local/live-objects';
import { createPreviewServer } from '../local/preview-server';
import { buildWeb } from '../scripts/build-web';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../testing/browser';
import { printTable } from './measure';

interface Sent {
  readonly path: string;
  readonly status: number;
  readonly encoding: string;
  readonly bodyBytes: number;
  readonly headerBytes: number;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const { CHROMIUM_PATH } = require('../testing/chromium.js') as { CHROMIUM_PATH: string };
/**
 * The player's calls home fail at the resolver instead of through a route: Playwright turns the HTTP cache off in a
 * context with routes, and the repeat visit is about that cache.
 */
const NO_IVS_TELEMETRY = '--host-resolver-rules=MAP *.live-video.net ~NOTFOUND';

/** Records every response of the site (not the stream's playlist) as it leaves the server. */
function countResponses(server: Server, sent: Sent[]): void {
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path.startsWith(LOCAL_PLAYLIST_PATH.slice(0, LOCAL_PLAYLIST_PATH.lastIndexOf('/') + 1))) return;
    let headerBytes = 0;
    let encoding = '';
    let bodyBytes = 0;
    const writeHead = res.writeHead.bind(res) as (status: number, headers?: OutgoingHttpHeaders) => ServerResponse;
    res.writeHead = ((status: number, headers: OutgoingHttpHeaders = {}) => {
      headerBytes = `HTTP/1.1 ${status}\r\n`.length + Object.entries(headers).reduce((sum, [name, value]) => sum + `${name}: ${String(value)}\r\n`.length, 2);
      encoding = String(headers['content-encoding'] ?? '');
      return writeHead(status, headers);
    }) as ServerResponse['writeHead'];
    const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
    res.end = ((chunk?: unknown) => {
      if (Buffer.isBuffer(chunk) || typeof chunk === 'string') bodyBytes = Buffer.byteLength(chunk);
      return end(chunk);
    }) as ServerResponse['end'];
    res.on('finish', () => sent.push({ path, status: res.statusCode, encoding, bodyBytes, headerBytes }));
  });
}

function summary(label: string, sent: readonly Sent[]): string[] {
  const body = sent.reduce((sum, s) => sum + s.bodyBytes, 0);
  const headers = sent.reduce((sum, s) => sum + s.headerBytes, 0);
  return [label, String(sent.length), kb(body), kb(headers), sent.map((s) => `${s.status}`).join(' ')];
}

export async function run(): Promise<void> {
  const webDir = await mkdtemp(join(tmpdir(), 'ivs-live-bench-visit-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, NO_IVS_TELEMETRY] });
  const sent: Sent[] = [];
  const server = createPreviewServer({
    channel: { playlist: () => undefined, segment: () => undefined },
    apis: [],
    liveObjects: new LiveObjects(),
    webDir: () => webDir,
  });
  countResponses(server, sent);
  try {
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { files } = await buildWeb({ playbackUrl: `${origin}${LOCAL_PLAYLIST_PATH}`, outDir: webDir });
    const context = await browser.newContext();
    let acceptEncoding = '';
    context.on('request', (request) => {
      if (request.url() === `${origin}/`) void request.allHeaders().then((headers) => (acceptEncoding = headers['accept-encoding'] ?? ''));
    });

    const visit = async (): Promise<Sent[]> => {
      sent.length = 0;
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      // Loaded: the player's worker has its wasm and has asked for the (missing) stream.
      await page.waitForFunction(() => document.getElementById('status')?.dataset.status === 'offline', undefined, { timeout: 60_000 });
      await page.waitForTimeout(1_000);
      await page.close();
      return [...sent];
    };
    const first = await visit();
    const repeat = await visit();

    const decoded = files.reduce((sum, f) => sum + f.bytes, 0);
    console.log(`site files (decoded): ${kb(decoded)} in ${files.length} files; the browser sent Accept-Encoding: ${acceptEncoding}`);
    printTable([
      ['visit', 'requests', 'body', 'headers', 'statuses'],
      summary('first (empty cache)', first),
      summary('repeat (same browser)', repeat),
    ]);
    for (const s of first) console.log(`  first: ${s.status} ${s.path} ${kb(s.bodyBytes)}${s.encoding ? ` (${s.encoding})` : ''}`);
    for (const s of repeat) console.log(`  repeat: ${s.status} ${s.path} ${kb(s.bodyBytes)}`);
    const firstBody = first.reduce((sum, x) => sum + x.bodyBytes, 0);
    console.log(`first visit: ${first.length} requests, ${kb(firstBody)} of bodies for ${kb(decoded)} of files (${(decoded / firstBody).toFixed(1)}x smaller); ` +
      `repeat visit: ${repeat.length} request(s), ${kb(repeat.reduce((sum, x) => sum + x.bodyBytes, 0))} of bodies`);
  } finally {
    await browser.close();
    await new Promise((done) => server.close(done));
    await rm(webDir, { recursive: true, force: true });
  }
}
