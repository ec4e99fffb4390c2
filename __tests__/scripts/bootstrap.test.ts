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
    [BOOTSTRAP_OUTPUTS.deployRoleArn]: 'arn:aws:iam::123456789012:role/github-actions-ivs-live-deploy',
    [BOOTSTRAP_OUTPUTS.planRoleArn]: 'arn:aws:iam::123456789012:role/github-actions-ivs-live-plan',
    [BOOTSTRAP_OUTPUTS.stateBucket]: 'tfstate-ivs-live-123456789012-eu-west-1',
    [BOOTSTRAP_OUTPUTS.functionPermissionsBoundary]: 'arn:aws:iam::123456789012:policy/ivs-live-function-boundary',
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

  it('maps the bootstrap outputs to the variables the workflows read', () => {
    expect(repositoryVariables(outputsJson, 'dev')).toEqual([
      { name: 'AWS_REGION', value: 'eu-west-1' },
      { name: 'AWS_DEPLOY_ROLE_ARN', value: values.aws_deploy_role_arn },
      { name: 'AWS_PLAN_ROLE_ARN', value: values.aws_plan_role_arn },
      { name: 'STATE_BUCKET', value: values.state_bucket },
      { name: 'FUNCTION_PERMISSIONS_BOUNDARY', value: values.function_permissions_boundary },
      { name: 'LIVE_ENV', value: 'dev' },
    ]);
  });

  it('says which output is missing when the stack was not applied', () => {
    expect(() => repositoryVariables('{}', 'dev')).toThrow('the bootstrap stack has no output aws_region; was it applied?');
  });

  it('prints each variable and the gh command that sets it, and the GitHub environments to create', () => {
    const text = formatNextSteps(repositoryVariables(outputsJson, 'dev'), 'octo-org/ivs-live', ['dev', 'prod']);
    expect(text).toContain(`  STATE_BUCKET                   ${values.state_bucket}`);
    expect(text).toContain(`  FUNCTION_PERMISSIONS_BOUNDARY  ${values.function_permissions_boundary}`);
    expect(text).toContain(`  gh variable set AWS_PLAN_ROLE_ARN --repo octo-org/ivs-live --body '${values.aws_plan_role_arn}'`);
    expect(text).toContain('Create the GitHub environments "dev", "prod"');
  });
});
