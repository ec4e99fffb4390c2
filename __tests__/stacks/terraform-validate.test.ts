// The synthesized Terraform of both stacks is checked by Terraform itself, against the real AWS provider schema.
// Every validate of this file attaches to one running copy of the provider that `terraform init` installed.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { App } from 'cdktf';
import { loadConfig } from '../../config/live-config';
import { loadBootstrapConfig } from '../../config/bootstrap-config';
import { BOOTSTRAP_STACK_NAME } from '../../core/naming';
import { BootstrapStack } from '../../stacks/bootstrap-stack';
import { LiveStreamStack } from '../../stacks/live-stream-stack';
import { validateStack } from '../../scripts/terraform';
import type { ConfigEnv } from '../../config/config-error';
import { startSharedAwsProvider, type SharedProvider } from '../../testing/terraform-provider';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');

const outdirs: string[] = [];
let liveDir: string;
let provider: SharedProvider;

function synthInto(build: (app: App) => void): string {
  const outdir = mkdtempSync(join(tmpdir(), 'ivs-live-synth-'));
  outdirs.push(outdir);
  const app = new App({ outdir, skipValidation: false });
  build(app);
  app.synth();
  return join(outdir, 'stacks', readdirSync(join(outdir, 'stacks'))[0]);
}

beforeAll(async () => {
  liveDir = synthInto((app) => new LiveStreamStack(app, 'ivs-live-dev', { config: loadConfig({}) }));
  provider = await startSharedAwsProvider(liveDir);
}, 120_000);

afterAll(async () => {
  await provider?.stop();
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

describe('synthesized live stack', () => {
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
    const results: Record<string, unknown> = {};
    for (const [name, vars] of Object.entries(VARIANTS)) {
      const dir = name === 'cloudfront domain' ? liveDir : synthInto((app) => new LiveStreamStack(app, 'ivs-live-dev', { config: loadConfig(vars) }));
      results[name] = await validateStack(dir, provider.env);
    }
    expect(results).toEqual(Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, { valid: true, diagnostics: [] }])));
  }, 180_000);

  it('is reported invalid when it uses an argument the provider does not have', async () => {
    const dir = synthInto((app) => {
      const stack = new LiveStreamStack(app, 'ivs-live-dev', { config: loadConfig({}) });
      const channel = stack.node.findAll().find((c) => c.node.path.endsWith('channel/channel'));
      (channel as unknown as { addOverride(path: string, value: unknown): void }).addOverride('preset', 'HIGHER_BANDWIDTH_DELIVERY');
    });
    const result = await validateStack(dir, provider.env);
    expect(result.valid).toBe(false);
    expect(result.diagnostics.join('\n')).toMatch(/No argument or block type is named "preset"/);
  }, 120_000);

  it('is never written when the configuration is invalid, and every problem of both stacks is reported', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'ivs-live-synth-'));
    outdirs.push(outdir);
    const env = { ...process.env, CDKTF_OUTDIR: outdir, IVS_CHANNEL_TYPE: 'PREMIUM', GITHUB_OIDC_PROVIDER: 'maybe' };
    // What `npm run synth` runs after bundling the function.
    const failure = run(process.execPath, ['--require', 'tsx/cjs', 'main.ts'], { cwd: ROOT, env });
    await expect(failure).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('IVS_CHANNEL_TYPE is "PREMIUM"; allowed: STANDARD, BASIC, ADVANCED_SD, ADVANCED_HD'),
    });
    await expect(failure).rejects.toMatchObject({ stderr: expect.stringContaining('GITHUB_OIDC_PROVIDER is "maybe"; allowed: create, existing') });
    expect(existsSync(join(outdir, 'stacks'))).toBe(false);
  }, 60_000);
});

describe('synthesized bootstrap stack', () => {
  it('passes terraform validate against the real AWS provider', async () => {
    const dir = synthInto((app) => new BootstrapStack(app, BOOTSTRAP_STACK_NAME, { config: loadBootstrapConfig({ BOOTSTRAP_ENVIRONMENTS: 'dev,prod' }) }));
    await expect(validateStack(dir, provider.env)).resolves.toEqual({ valid: true, diagnostics: [] });
  }, 120_000);
});
