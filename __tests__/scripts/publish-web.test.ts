// Publishing a built site through the real AWS SDK to a local S3 stand-in: what arrives, in which order,
// with which headers, and what happens when S3 refuses.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { IMMUTABLE_CACHE } from '../../core/site-objects';
import { listLocalFiles, publishWeb, PublishFailed } from '../../scripts/publish-web';
import { startFakeS3, type FakeS3 } from '../../testing/fake-s3';

const BUCKET = 'ivs-live-dev-site';
const WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe]);
const FILES: Record<string, string | Buffer> = {
  'index.html': '<!doctype html><script defer src="main-AAAAAAAA.js"></script>',
  'main-AAAAAAAA.js': 'console.log("page")',
  'styles-BBBBBBBB.css': 'body{}',
  'amazon-ivs-wasmworker.min-0123456789.wasm': WASM,
  'img/logo-CCCCCCCC.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};

let dir: string;
let s3: FakeS3;
const lines: string[] = [];
const publish = (): ReturnType<typeof publishWeb> => publishWeb({ client: s3.client(), bucket: BUCKET, dir, log: (line) => lines.push(line) });
const seed = (key: string, body: string | Buffer = 'old'): void => void s3.objects.set(key, { body: Buffer.from(body), contentType: undefined, cacheControl: undefined });

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ivs-live-publish-'));
  for (const [file, content] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  s3 = await startFakeS3(BUCKET);
  lines.length = 0;
});

afterEach(async () => {
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

it('lists the build as bucket keys with forward slashes', async () => {
  expect(await listLocalFiles(dir)).toEqual(Object.keys(FILES).sort());
});

it('uploads every file byte for byte with its content type and cache policy, index.html last', async () => {
  await publish();

  const puts = s3.requests.filter((r) => r.startsWith('PUT '));
  expect(puts.at(-1)).toBe('PUT index.html');
  expect(puts).toHaveLength(Object.keys(FILES).length);
  for (const [key, content] of Object.entries(FILES)) expect(s3.objects.get(key)?.body.equals(Buffer.from(content))).toBe(true);
  // The build stores the wasm gzip-compressed: the bucket keeps the bytes and says how they are encoded.
  expect(s3.objects.get('amazon-ivs-wasmworker.min-0123456789.wasm')).toMatchObject({ contentType: 'application/wasm', cacheControl: IMMUTABLE_CACHE, contentEncoding: 'gzip' });
  expect(s3.objects.get('main-AAAAAAAA.js')?.contentEncoding).toBeUndefined();
  expect(s3.objects.get('main-AAAAAAAA.js')).toMatchObject({ contentType: 'text/javascript; charset=utf-8', cacheControl: IMMUTABLE_CACHE });
  expect(s3.objects.get('img/logo-CCCCCCCC.svg')?.contentType).toBe('image/svg+xml');
  expect(s3.objects.get('index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' });
});

it('deletes stale files found across several listing pages, after the uploads, and skips unchanged hashed files', async () => {
  seed('amazon-ivs-wasmworker.min-0123456789.wasm', WASM);
  for (const stale of ['main-OLDOLDOL.js', 'styles-OLDOLDOL.css', 'old/page.html', 'zzz-late-page.txt']) seed(stale);

  const plan = await publish();

  expect(s3.requests.filter((r) => r === 'LIST').length).toBeGreaterThan(1);
  expect([...s3.objects.keys()].sort()).toEqual(Object.keys(FILES).sort());
  expect(s3.requests.at(-1)).toBe('DELETE main-OLDOLDOL.js,old/page.html,styles-OLDOLDOL.css,zzz-late-page.txt');
  expect(s3.requests).not.toContain('PUT amazon-ivs-wasmworker.min-0123456789.wasm');
  expect(plan.unchanged).toEqual(['amazon-ivs-wasmworker.min-0123456789.wasm']);
  expect(lines).toContain('deleted old/page.html');
});

it('leaves the current question the function wrote during a live show in place', async () => {
  s3.objects.set('live/current.json', { body: Buffer.from('{"type":"announcement","text":"live"}'), contentType: 'application/json; charset=utf-8', cacheControl: 'no-cache' });
  seed('main-OLDOLDOL.js');

  await publish();

  expect(s3.objects.get('live/current.json')?.body.toString('utf8')).toBe('{"type":"announcement","text":"live"}');
  expect(s3.requests.filter((r) => r.startsWith('DELETE'))).toEqual(['DELETE main-OLDOLDOL.js']);
});

it('never uploads index.html or deletes anything when an asset upload is refused', async () => {
  s3.denyPut.add('styles-BBBBBBBB.css');
  seed('main-OLDOLDOL.js');

  await expect(publish()).rejects.toThrow('Access Denied');
  expect(s3.requests).not.toContain('PUT index.html');
  expect(s3.objects.has('main-OLDOLDOL.js')).toBe(true);
});

it('fails naming the keys S3 could not delete', async () => {
  seed('main-OLDOLDOL.js');
  s3.denyDelete.add('main-OLDOLDOL.js');

  await expect(publish()).rejects.toThrow(new PublishFailed(`could not delete stale files from ${BUCKET}: main-OLDOLDOL.js (AccessDenied: Access Denied)`));
});

it('refuses a folder without index.html before calling S3', async () => {
  await rm(path.join(dir, 'index.html'));

  await expect(publish()).rejects.toThrow(`${dir} has no index.html; run \`npm run build:web\` first`);
  expect(s3.requests).toEqual([]);
});
