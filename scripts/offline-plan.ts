// Regenerates __tests__/fixtures/plans/: real `terraform plan` output of the synthesized stacks, made offline against the
// provider mirror (local backend, provider skip flags, fake credentials, a local STS stub), for the plan-comment tests.
// Run: `npm run build:functions && npx tsx bin/record-plan-fixtures.ts`.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type TerraformStack } from 'cdktf';
import { loadConfig } from '../config/live-config';
import { BootstrapStack } from '../stacks/bootstrap-stack';
import { BOOTSTRAP_STACK_NAME } from '../core/naming';
import { loadBootstrapConfig } from '../config/bootstrap-config';
import { LiveStreamStack } from '../stacks/live-stream-stack';
import { synthesizedStackDir } from '../core/project-paths';
import { projectPath } from '../config/project-root';
import { runTerraform, terraformEnv } from './terraform';

export const FIXTURES_DIR = projectPath('__tests__/fixtures/plans');
/** `terraform show -json` stamps each plan with the time it was made: golden files hold this instead. */
export const FIXED_TIMESTAMP = '2026-01-01T00:00:00Z';
/** A made-up value for the sensitive fixture: the tests check it never reaches a comment. */
export const FIXTURE_SECRET = 'sk_us-east-1_FixtureSecretNotARealKey0123456789';
const FAKE_ACCOUNT_ID = '123456789012';
const REGION = 'us-east-1';

interface FixtureCase {
  readonly name: string;
  readonly stack: (app: App) => TerraformStack;
  /** Extra Terraform JSON files written beside cdk.tf.json. */
  readonly extraFiles?: Readonly<Record<string, unknown>>;
  readonly planArgs?: readonly string[];
}

/** A sensitive value that is known at plan time, so `show -json` holds it in clear text (the trap the formatter must avoid). */
const SENSITIVE_EXTRA = {
  variable: { fixture_secret: { type: 'string', sensitive: true } },
  resource: {
    aws_ssm_parameter: { fixture_secret: { name: '/ivs-live-dev/fixture-secret', type: 'SecureString', value: '${var.fixture_secret}' } },
  },
  output: { fixture_secret: { value: '${var.fixture_secret}', sensitive: true } },
};

// As the pipeline plans it: with the function roles and the failure queue of the bootstrap stack.
const liveWith = (vars: Record<string, string>) => (app: App) =>
  new LiveStreamStack(app, 'ivs-live-dev', { config: loadConfig({ FUNCTION_ROLES: 'bootstrap', ...vars }) });
const live = liveWith({});
/** The site's two custom-domain variants: an existing certificate, or one requested in a Route 53 zone. */
export const FIXTURE_CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab';
export const FIXTURE_HOSTED_ZONE_ID = 'Z0123456789ABCDEFGHIJ';
const bootstrap = (app: App) =>
  new BootstrapStack(app, BOOTSTRAP_STACK_NAME, { config: loadBootstrapConfig({ AWS_REGION: REGION, BOOTSTRAP_ENVIRONMENTS: 'dev,prod' }) });

export const CASES: readonly FixtureCase[] = [
  { name: 'live-create', stack: live },
  { name: 'live-sensitive', stack: live, extraFiles: { 'fixture_secret.tf.json': SENSITIVE_EXTRA } },
  { name: 'bootstrap-create', stack: bootstrap, planArgs: ['-var', 'github_repository=octo-org/ivs-live'] },
  { name: 'bootstrap-invalid-repository', stack: bootstrap, planArgs: ['-var', 'github_repository=not a repository'] },
  { name: 'live-no-changes', stack: live, extraFiles: {}, planArgs: ['-destroy'] },
  {
    name: 'live-domain-certificate',
    stack: liveWith({ SITE_DOMAIN: 'live.example.com', SITE_CERTIFICATE_ARN: FIXTURE_CERTIFICATE_ARN, CDN_PRICE_CLASS: 'PriceClass_100', EMBED_ORIGINS: 'https://partner.example.org' }),
  },
  // In another region than the certificate, so the plan shows both providers at work.
  { name: 'live-domain-zone', stack: liveWith({ SITE_DOMAIN: 'live.example.com', SITE_HOSTED_ZONE_ID: FIXTURE_HOSTED_ZONE_ID, AWS_REGION: 'eu-west-1' }) },
];

/**
 * Local backend, and every `aws` provider block of the stack (the aliased us-east-1 one included: an override block
 * replaces the settings of the block with its alias) made one that never looks for real credentials; STS goes to the
 * local stub. Each keeps its region.
 */
export function offlineOverride(stsEndpoint: string, providers: readonly { readonly alias?: string; readonly region?: string }[] = [{}]): unknown {
  return {
    terraform: { backend: { local: { path: 'terraform.tfstate' } } },
    provider: {
      aws: providers.map((provider) => ({
        ...(provider.alias === undefined ? {} : { alias: provider.alias }),
        region: provider.region ?? REGION,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        max_retries: 1,
        endpoints: [{ sts: stsEndpoint }],
      })),
    },
  };
}

/** Replaces what changes from run to run (the timestamp) so the golden files only change when the plan does. */
export function normalisePlanJson(json: string): string {
  const plan = JSON.parse(json) as Record<string, unknown>;
  plan.timestamp = FIXED_TIMESTAMP;
  return `${JSON.stringify(plan)}\n`;
}

function startStsStub(): Promise<{ server: Server; url: string }> {
  const body = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
<Arn>arn:aws:iam::${FAKE_ACCOUNT_ID}:user/fixture</Arn><UserId>AIDAFIXTURE</UserId><Account>${FAKE_ACCOUNT_ID}</Account>
</GetCallerIdentityResult><ResponseMetadata><RequestId>fixture</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(body));
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

async function record(fixture: FixtureCase, stsEndpoint: string): Promise<void> {
  const outdir = mkdtempSync(join(tmpdir(), 'ivs-live-fixture-synth-'));
  const work = mkdtempSync(join(tmpdir(), 'ivs-live-fixture-plan-'));
  try {
    const app = new App({ outdir });
    const stack = fixture.stack(app);
    app.synth();
    cpSync(synthesizedStackDir(stack.node.id, outdir), work, { recursive: true });
    const synthesized = JSON.parse(readFileSync(join(work, 'cdk.tf.json'), 'utf8')) as { provider?: { aws?: { alias?: string; region?: string }[] } };
    writeFileSync(join(work, 'offline_override.tf.json'), JSON.stringify(offlineOverride(stsEndpoint, synthesized.provider?.aws), null, 2));
    for (const [file, content] of Object.entries(fixture.extraFiles ?? {})) writeFileSync(join(work, file), JSON.stringify(content, null, 2));

    // Fake credentials in the environment only: in the provider block they would land in the plan JSON.
    const env = {
      ...terraformEnv(),
      AWS_ACCESS_KEY_ID: 'AKIAFIXTURE000000000',
      AWS_SECRET_ACCESS_KEY: 'fixture-secret-access-key',
      AWS_EC2_METADATA_DISABLED: 'true',
      TF_VAR_fixture_secret: FIXTURE_SECRET,
    };
    const init = await runTerraform(['init', '-no-color', '-input=false'], work, env);
    if (init.code !== 0) throw new Error(`${fixture.name}: terraform init failed: ${init.stderr}`);
    const plan = await runTerraform(['plan', '-no-color', '-input=false', '-detailed-exitcode', '-out=plan.tfplan', ...(fixture.planArgs ?? [])], work, env);
    const base = join(FIXTURES_DIR, fixture.name);
    writeFileSync(`${base}.exitcode`, `${plan.code}\n`);
    if (plan.code === 1) {
      writeFileSync(`${base}.stderr.txt`, plan.stderr);
      process.stdout.write(`${fixture.name}: plan failed as recorded (exit 1)\n`);
      return;
    }
    const json = await runTerraform(['show', '-json', 'plan.tfplan'], work, env);
    const text = await runTerraform(['show', '-no-color', 'plan.tfplan'], work, env);
    writeFileSync(`${base}.plan.json`, normalisePlanJson(json.stdout));
    writeFileSync(`${base}.plan.txt`, text.stdout);
    process.stdout.write(`${fixture.name}: exit ${plan.code}, ${json.stdout.length} JSON chars, ${text.stdout.length} text chars\n`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

/** Records every case of CASES into FIXTURES_DIR, replacing what was there. */
export async function recordPlanFixtures(): Promise<void> {
  const { server, url } = await startStsStub();
  try {
    for (const name of readdirSync(FIXTURES_DIR)) rmSync(join(FIXTURES_DIR, name));
    for (const fixture of CASES) await record(fixture, url);
  } finally {
    server.close();
  }
}
