// The page build: injected playback URL, hashed files referenced by index.html, the IVS player's files
// beside them, a clear error for a playback URL the page must not use, and our own code within budget.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { buildWeb, checkPlaybackUrl, InvalidPlaybackUrl, renderIndexHtml, type BuildWebResult } from '../../scripts/build-web';
import { measureOwnCode, OWN_CODE_BUDGET_GZIP_BYTES } from '../../scripts/web-budget';
import { npmScriptCommand } from '../../testing/npm-script';

jest.setTimeout(120_000);

const REPO = path.join(__dirname, '..', '..');
const IVS_ASSETS = path.join(REPO, 'node_modules', 'amazon-ivs-player', 'dist', 'assets');
const PLAYBACK_URL = 'https://abc123.us-east-1.playback.live-video.net/api/video/v1/us-east-1.123456789012.channel.AbCdEf.m3u8';

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ivs-live-web-build-'));
  tempDirs.push(dir);
  return dir;
}

let built: BuildWebResult;
const fileOf = (kind: string): string => {
  const file = built.files.find((f) => f.kind === kind);
  if (file === undefined) throw new Error(`no ${kind} in the build`);
  return path.join(built.outDir, file.path);
};

beforeAll(async () => {
  built = await buildWeb({ playbackUrl: PLAYBACK_URL, outDir: await tempDir() });
});

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('buildWeb', () => {
  it('injects the playback URL into the bundle', async () => {
    expect(await readFile(fileOf('script'), 'utf8')).toContain(JSON.stringify(PLAYBACK_URL));
  });

  it('writes content-hashed JS and CSS and an index.html that references them', async () => {
    const html = await readFile(path.join(built.outDir, 'index.html'), 'utf8');
    const script = path.basename(fileOf('script'));
    const style = path.basename(fileOf('style'));

    expect(script).toMatch(/^main-[A-Z0-9]{8}\.js$/);
    expect(style).toMatch(/^styles-[A-Z0-9]{8}\.css$/);
    // From the site's root: the same page answers /no/such/page and must still find its files.
    expect(html).toContain(`<script defer src="/${script}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="/${style}" />`);
    expect(html).not.toMatch(/src="main\.js"|href="styles\.css"/);
  });

  it('copies the IVS worker byte for byte and the wasm gzip-compressed, under hashed names, and points the bundle at them', async () => {
    const assets = built.files.filter((f) => f.kind === 'ivs-asset');
    const bundle = await readFile(fileOf('script'), 'utf8');

    expect(assets.map((f) => f.path.replace(/-[A-Z0-9]{10}\./, '.')).sort()).toEqual(['amazon-ivs-wasmworker.min.js', 'amazon-ivs-wasmworker.min.wasm']);
    for (const asset of assets) {
      const original = await readFile(path.join(IVS_ASSETS, asset.path.replace(/-[A-Z0-9]{10}\./, '.')));
      const stored = await readFile(path.join(built.outDir, asset.path));
      expect((asset.storedEncoding === 'gzip' ? gunzipSync(stored) : stored).equals(original)).toBe(true);
      expect(bundle).toContain(JSON.stringify(asset.path));
    }
    expect(Object.fromEntries(assets.map((f) => [path.extname(f.path), f.storedEncoding]))).toEqual({ '.js': undefined, '.wasm': 'gzip' });
  });

  it('stores the wasm at about a third of its size, as no CDN compresses WebAssembly on the way', () => {
    const wasm = built.files.find((f) => f.path.endsWith('.wasm'));
    expect(wasm?.storedEncoding).toBe('gzip');
    expect(wasm!.gzipBytes / wasm!.bytes).toBeLessThan(0.4);
  });

  it('lists exactly the files it wrote, with their decoded and gzip sizes', async () => {
    expect(built.files.map((f) => f.path).sort()).toEqual((await readdir(built.outDir)).sort());
    for (const file of built.files) {
      const stored = await readFile(path.join(built.outDir, file.path));
      expect(file.storedEncoding === 'gzip' ? [gunzipSync(stored).length, stored.length] : [stored.length, file.gzipBytes]).toEqual([file.bytes, file.gzipBytes]);
      expect(file.gzipBytes).toBeGreaterThan(0);
    }
  });

  it('produces the same file names for the same input', async () => {
    const again = await buildWeb({ playbackUrl: PLAYBACK_URL, outDir: await tempDir() });

    expect(again.files.map((f) => f.path)).toEqual(built.files.map((f) => f.path));
  });

  it('fails for a bad playback URL before touching the output folder', async () => {
    const outDir = path.join(await tempDir(), 'never-created');

    await expect(buildWeb({ playbackUrl: 'http://example.com/live.m3u8', outDir })).rejects.toThrow(InvalidPlaybackUrl);
    expect(existsSync(outDir)).toBe(false);
  });

  it('keeps our own JS and CSS within 15 KB gzip, not counting the IVS player', async () => {
    const own = await measureOwnCode();

    expect(own.totalGzipBytes).toBeLessThanOrEqual(OWN_CODE_BUDGET_GZIP_BYTES);
    // The measurement really leaves the player out: the full bundle is far larger.
    expect(own.js.bytes * 10).toBeLessThan(built.files.find((f) => f.kind === 'script')?.bytes ?? 0);
  });
});

describe('checkPlaybackUrl', () => {
  it.each([
    PLAYBACK_URL,
    'http://127.0.0.1:8080/live/index.m3u8',
    'http://localhost:8080/live/index.m3u8',
    'http://[::1]:8080/live/index.m3u8',
  ])('accepts %s', (url) => {
    expect(checkPlaybackUrl(url)).toBe(url);
  });

  it.each([
    [undefined, 'PLAYBACK_URL is missing'],
    ['', 'PLAYBACK_URL is missing'],
    ['live/index.m3u8', 'PLAYBACK_URL "live/index.m3u8" is not an absolute URL'],
    ['ftp://example.com/live.m3u8', 'PLAYBACK_URL "ftp://example.com/live.m3u8" uses ftp://example.com'],
    ['http://example.com/live.m3u8', 'PLAYBACK_URL "http://example.com/live.m3u8" uses http://example.com'],
    ['http://127.0.0.1.example.com/live.m3u8', 'uses http://127.0.0.1.example.com'],
  ])('rejects %p naming the variable and what is allowed', (url, message) => {
    expect(() => checkPlaybackUrl(url)).toThrow(message);
    expect(() => checkPlaybackUrl(url)).toThrow('allowed: an absolute https:// URL, or http:// on a loopback host (127.0.0.1, localhost, [::1])');
  });
});

describe('renderIndexHtml', () => {
  it('refuses a template that no longer references styles.css and main.js', () => {
    expect(() => renderIndexHtml('<html></html>', { script: 'main-X.js', style: 'styles-X.css' })).toThrow('web/index.html must contain href="styles.css" exactly once');
  });
});

describe('npm run build:web', () => {
  it('exits non-zero with the reason when PLAYBACK_URL is not allowed', async () => {
    const { command, args } = npmScriptCommand('build:web');
    const run = promisify(execFile)(command, args, {
      cwd: REPO,
      env: { ...process.env, PLAYBACK_URL: 'http://example.com/live.m3u8' },
    });

    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('build:web failed: PLAYBACK_URL "http://example.com/live.m3u8" uses http://') });
  });
});
