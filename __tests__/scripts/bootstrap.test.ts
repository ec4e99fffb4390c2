import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOTSTRAP_STACK_NAME } from '../../core/naming';
import { loadBootstrapConfig } from '../../config/bootstrap-config';
import { formatNextSteps, parseBootstrapArgs, repositoryFromRemote, repositoryVariables, synthesizeBootstrapStack } from '../../scripts/bootstrap';
import { runTerraform, terraformEnv } from '../../scripts/terraform';
import { BOOTSTRAP_OUTPUTS } from '../../stacks/bootstrap-stack';

describe('parseBootstrapArgs', () => {
  it('takes the repository from --repo, in either spelling, and auto-approval from its flag', () => {
    expect(parseBootstrapArgs(['--repo', 'octo-org/ivs-live'], {})).toEqual({ repository: 'octo-org/ivs-live', autoApprove: false });
    expect(parseBootstrapArgs(['--repo=octo-org/ivs-live', '--auto-approve'], {})).toEqual({ repository: 'octo-org/ivs-live', autoApprove: true });
  });

  it('falls back to GITHUB_REPOSITORY, and --repo wins over it', () => {
    expect(parseBootstrapArgs([], { GITHUB_REPOSITORY: 'a/b' }).repository).toBe('a/b');
    expect(parseBootstrapArgs(['--repo', 'c/d'], { GITHUB_REPOSITORY: 'a/b' }).repository).toBe('c/d');
  });

  it('never guesses the repository: it only shows what the git remote suggests', () => {
    expect(() => parseBootstrapArgs([], {}, 'octo-org/ivs-live')).toThrow(
      'the GitHub repository allowed to deploy is not given (the git remote origin is octo-org/ivs-live: pass --repo octo-org/ivs-live if that is the one)',
    );
  });

  it('takes a repository with immutable subject ids', () => {
    expect(parseBootstrapArgs(['--repo', 'octo-org@123456/ivs-live@789012'], {}).repository).toBe('octo-org@123456/ivs-live@789012');
  });

  it('rejects a malformed repository and unknown arguments, naming them', () => {
    expect(() => parseBootstrapArgs(['--repo', 'octo-org'], {})).toThrow('--repo is "octo-org"; allowed: owner/repo as on GitHub');
    expect(() => parseBootstrapArgs(['--yes'], {})).toThrow('unknown argument "--yes"');
  });
});

describe('synthesizeBootstrapStack', () => {
  it('writes the bootstrap stack alone, without the function bundle or a valid live configuration', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'ivs-live-bootstrap-synth-'));
    // A live configuration that synth would refuse must not matter: bootstrapping reads only its own variables.
    const previous = process.env.METADATA_JSON;
    process.env.METADATA_JSON = 'not a payload';
    try {
      const dir = synthesizeBootstrapStack(loadBootstrapConfig({ GITHUB_REPOSITORY: 'octo-org/ivs-live' }), outdir);
      expect(dir).toBe(join(outdir, 'stacks', BOOTSTRAP_STACK_NAME));
      expect(readdirSync(join(outdir, 'stacks'))).toEqual([BOOTSTRAP_STACK_NAME]);
      expect(JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')).resource.aws_lambda_function).toBeUndefined();
      expect(existsSync(join(dir, 'assets'))).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.METADATA_JSON;
      else process.env.METADATA_JSON = previous;
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('repositoryFromRemote', () => {
  it.each([
    ['https://github.com/octo-org/ivs-live.git', 'octo-org/ivs-live'],
    ['https://github.com/octo-org/ivs-live', 'octo-org/ivs-live'],
    ['git@github.com:octo-org/ivs-live.git\n', 'octo-org/ivs-live'],
    ['ssh://git@github.com/octo-org/ivs-live.git', 'octo-org/ivs-live'],
  ])('reads %s as %s', (url, repo) => {
    expect(repositoryFromRemote(url)).toBe(repo);
  });

  it('ignores remotes that are not on GitHub', () => {
    expect(repositoryFromRemote('https://gitlab.com/octo-org/ivs-live.git')).toBeUndefined();
  });
});

describe('repository variables', () => {
  const values = {
    [BOOTSTRAP_OUTPUTS.region]: 'eu-west-1',
    [BOOTSTRAP_OUTPUTS.accountId]: '123456789012',
    [BOOTSTRAP_OUTPUTS.stateBucket]: 'tfstate-ivs-live-123456789012-eu-west-1',
    [BOOTSTRAP_OUTPUTS.deployRoleArns]: { dev: 'arn:aws:iam::123456789012:role/github-actions-ivs-live-dev-deploy' },
    [BOOTSTRAP_OUTPUTS.planRoleArns]: { dev: 'arn:aws:iam::123456789012:role/github-actions-ivs-live-dev-plan' },
  };
  let outputsJson: string;
  let dir: string;

  // Real `terraform output -json` of an applied state with the bootstrap stack's output names (no provider needed).
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bootstrap-outputs-'));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ output: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])) }));
    const env = terraformEnv();
    for (const args of [['init', '-no-color'], ['apply', '-auto-approve', '-no-color']]) expect((await runTerraform(args, dir, env)).code).toBe(0);
    outputsJson = (await runTerraform(['output', '-json'], dir, env)).stdout;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('maps the bootstrap outputs to the variables the workflows read: no role ARN, they derive the roles from the account', () => {
    expect(repositoryVariables(outputsJson, 'dev')).toEqual([
      { name: 'AWS_REGION', value: 'eu-west-1' },
      { name: 'AWS_ACCOUNT_ID', value: '123456789012' },
      { name: 'STATE_BUCKET', value: values.state_bucket },
      { name: 'LIVE_ENV', value: 'dev' },
    ]);
  });

  it('says which output is missing when the stack was not applied', () => {
    expect(() => repositoryVariables('{}', 'dev')).toThrow('the bootstrap stack has no output aws_region; was it applied?');
  });

  it('prints each variable and the gh command that sets it, the OIDC subject customization and the GitHub environments to create', () => {
    const text = formatNextSteps(repositoryVariables(outputsJson, 'dev'), 'octo-org/ivs-live', ['dev', 'prod']);
    expect(text).toContain(`  STATE_BUCKET    ${values.state_bucket}`);
    expect(text).toContain(`  gh variable set AWS_ACCOUNT_ID --repo octo-org/ivs-live --body '123456789012'`);
    expect(text).toContain(
      "  gh api --method PUT repos/octo-org/ivs-live/actions/oidc/customization/sub -F use_default=false -f 'include_claim_keys[]=repo' -f 'include_claim_keys[]=context' -f 'include_claim_keys[]=job_workflow_ref'",
    );
    expect(text).toContain('# must print repo:octo-org/ivs-live');
    expect(text).toContain('Create the GitHub environments "dev", "prod"');
  });

  it('addresses GitHub by name when the repository is given with its immutable ids', () => {
    const text = formatNextSteps(repositoryVariables(outputsJson, 'dev'), 'octo-org@1/ivs-live@2', ['dev']);
    expect(text).toContain('gh variable set LIVE_ENV --repo octo-org/ivs-live ');
    expect(text).toContain('gh api repos/octo-org/ivs-live/actions/oidc/customization/sub --jq .sub_claim_prefix   # must print repo:octo-org@1/ivs-live@2');
  });
});
