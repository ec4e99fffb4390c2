// The function bundle: loadable with require(), exporting `handler`, and byte-identical when rebuilt (so Terraform
// sees no change when the code has not changed).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctions, type BuiltFunction } from '../../scripts/build-functions';

// Real esbuild builds and a fresh Node process: a loaded machine may need more than jest's default 5 s (a hang still fails).
jest.setTimeout(60_000);

describe('buildFunctions', () => {
  let outdir: string;
  // One build that every test reads (the rebuild test builds a second time into the same folder).
  let fn: BuiltFunction;

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'functions-build-'));
    [fn] = await buildFunctions({ outdir });
  });

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('writes put-metadata/index.js with a linked source map and reports its size', () => {
    expect(fn).toEqual({ name: 'put-metadata', path: join(outdir, 'put-metadata', 'index.js'), directory: join(outdir, 'put-metadata'), bytes: readFileSync(fn.path).length });
    expect(readFileSync(fn.path, 'utf8')).toMatch(/\/\/# sourceMappingURL=index\.js\.map\n$/);
  });

  it('produces byte-identical output when run twice', async () => {
    const code = readFileSync(fn.path);
    const map = readFileSync(`${fn.path}.map`);
    await buildFunctions({ outdir });
    expect(readFileSync(fn.path).equals(code)).toBe(true);
    expect(readFileSync(`${fn.path}.map`).equals(map)).toBe(true);
  });

  it('keeps machine paths out of the bundle and its source map', () => {
    const repoRoot = join(__dirname, '..', '..');
    expect(readFileSync(fn.path, 'utf8')).not.toContain(repoRoot);
    const map = JSON.parse(readFileSync(`${fn.path}.map`, 'utf8')) as { sources: string[]; sourcesContent?: unknown };
    expect(map.sources.filter((source) => source.startsWith('/'))).toEqual([]);
    expect(map.sourcesContent).toBeUndefined();
  });

  it('bundles the SDK, so the function needs nothing from node_modules (loads from an empty folder)', async () => {
    const script = `
      process.env.CHANNEL_ARN = 'arn:aws:ivs:us-east-1:000000000000:channel/x';
      process.env.METADATA_JSON = '{"type":"announcement","text":"hi"}';
      process.env.AWS_REGION = 'us-east-1';
      const mod = require(${JSON.stringify(fn.path)});
      process.stdout.write(typeof mod.handler);`;
    // NODE_PATH empty and cwd outside the repo: any non-bundled import would fail to resolve.
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', script], { cwd: outdir, env: { PATH: process.env.PATH }, timeout: 60_000 }, (error, out) => (error ? reject(error) : resolve(out)));
    });
    expect(stdout).toBe('function');
  });
});
