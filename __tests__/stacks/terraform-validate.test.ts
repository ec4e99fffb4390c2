// The synthesized Terraform is checked by Terraform itself, against the real AWS provider schema.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { App } from 'cdktf';
import { loadConfig } from '../../config/live-config';
import { LiveStreamStack } from '../../stacks/live-stream-stack';
import { validateStack, validateStacks } from '../../scripts/terraform';
import type { ConfigEnv } from '../../config/config-error';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

describe('synthesized live stack', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), 'ivs-live-synth-'));
  });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  function synthInto(build: (app: App) => void, into = outdir): string {
    const app = new App({ outdir: into, skipValidation: false });
    build(app);
    app.synth();
    return join(into, 'stacks', readdirSync(join(into, 'stacks'))[0]);
  }

  /** The site's three shapes: its CloudFront domain, a domain with a certificate, a domain in a Route 53 zone. */
  const VARIANTS: Record<string, ConfigEnv> = {
    'cloudfront domain': {},
    'domain + certificate': {
      SITE_DOMAIN: 'live.example.com',
      SITE_CERTIFICATE_ARN: 'arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab',
      CDN_PRICE_CLASS: 'PriceClass_100',
      EMBED_ORIGINS: 'https://partner.example.org',
    },
    'domain + Route 53 zone': { SITE_DOMAIN: 'live.example.com', SITE_HOSTED_ZONE_ID: 'Z0123456789ABCDEFGHIJ', AWS_REGION: 'eu-west-1' },
  };

  it('passes terraform validate against the real AWS provider, in each variant of the site', async () => {
    const dirs = Object.values(VARIANTS).map((vars, i) =>
      synthInto((app) => new LiveStreamStack(app, 'ivs-live-dev', { config: loadConfig(vars) }), join(outdir, `variant-${i}`)),
    );
    const results = await validateStacks(dirs);
    expect(Object.fromEntries(Object.keys(VARIANTS).map((name, i) => [name, results[i]]))).toEqual(
      Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, { valid: true, diagnostics: [] }])),
    );
  }, 180_000);

  it('is reported invalid when it uses an argument the provider does not have', async () => {
    const dir = synthInto((app) => {
      const stack = new LiveStreamStack(app, 'ivs-live-dev', { config: loadConfig({}) });
      const channel = stack.node.findAll().find((c) => c.node.path.endsWith('channel/channel'));
      (channel as unknown as { addOverride(path: string, value: unknown): void }).addOverride('preset', 'HIGHER_BANDWIDTH_DELIVERY');
    });
    const result = await validateStack(dir);
    expect(result.valid).toBe(false);
    expect(result.diagnostics.join('\n')).toMatch(/No argument or block type is named "preset"/);
  }, 120_000);

  it('is never written when the configuration is invalid, and every problem of both stacks is reported', async () => {
    const env = { ...process.env, CDKTF_OUTDIR: outdir, IVS_CHANNEL_TYPE: 'PREMIUM', GITHUB_OIDC_PROVIDER: 'maybe' };
    const failure = run(TSX, ['main.ts'], { cwd: ROOT, env });
    await expect(failure).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('IVS_CHANNEL_TYPE is "PREMIUM"; allowed: STANDARD, BASIC, ADVANCED_SD, ADVANCED_HD'),
    });
    await expect(failure).rejects.toMatchObject({ stderr: expect.stringContaining('GITHUB_OIDC_PROVIDER is "maybe"; allowed: create, existing') });
    expect(existsSync(join(outdir, 'stacks'))).toBe(false);
  }, 60_000);
});
