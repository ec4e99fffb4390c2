// `npm run bootstrap [-- --repo owner/repo] [--auto-approve]`: synthesizes and applies the bootstrap stack (state bucket,
// GitHub OIDC roles) with the admin's own AWS credentials, then prints the repository variables the workflows need.
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { BOOTSTRAP_OUTPUTS } from '../stacks/bootstrap-stack';
import { BOOTSTRAP_STACK_NAME, GITHUB_REPOSITORY_PATTERN, loadBootstrapConfig } from '../stacks/bootstrap-config';
import { runTerraform, terraformEnv } from './terraform';

export class BootstrapUsageError extends Error {
  override name = 'BootstrapUsageError';
}

export interface BootstrapOptions {
  readonly repository: string;
  readonly autoApprove: boolean;
}

export const USAGE = 'usage: npm run bootstrap -- --repo <owner/repo> [--auto-approve]   (or set GITHUB_REPOSITORY instead of --repo)';

/** Reads --repo (or GITHUB_REPOSITORY) and --auto-approve; `suggestion` is what the git remote says, shown, never used. */
export function parseBootstrapArgs(argv: readonly string[], env: NodeJS.ProcessEnv, suggestion?: string): BootstrapOptions {
  let repository = env.GITHUB_REPOSITORY || undefined;
  let autoApprove = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--auto-approve') autoApprove = true;
    else if (arg === '--repo') repository = argv[++i];
    else if (arg.startsWith('--repo=')) repository = arg.slice('--repo='.length);
    else throw new BootstrapUsageError(`unknown argument "${arg}"; ${USAGE}`);
  }
  if (repository === undefined || repository === '') {
    const hint = suggestion ? ` (the git remote origin is ${suggestion}: pass --repo ${suggestion} if that is the one)` : '';
    throw new BootstrapUsageError(`the GitHub repository allowed to deploy is not given${hint}; ${USAGE}`);
  }
  if (!GITHUB_REPOSITORY_PATTERN.test(repository)) {
    throw new BootstrapUsageError(`--repo is "${repository}"; allowed: owner/repo as on GitHub, e.g. octo-org/ivs-live`);
  }
  return { repository, autoApprove };
}

/** `owner/repo` from a GitHub remote URL (https or ssh), or undefined for anything else. */
export function repositoryFromRemote(url: string): string | undefined {
  const match = /^(?:https:\/\/github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)([^/\s]+\/[^/\s]+?)(?:\.git)?\/?$/.exec(url.trim());
  return match && GITHUB_REPOSITORY_PATTERN.test(match[1]) ? match[1] : undefined;
}

export interface RepositoryVariable {
  readonly name: string;
  readonly value: string;
}

/** The repository variables, from `terraform output -json` of the bootstrap stack; LIVE_ENV is the first environment. */
export function repositoryVariables(outputsJson: string, liveEnv: string): RepositoryVariable[] {
  const outputs = JSON.parse(outputsJson) as Record<string, { value?: unknown }>;
  const value = (name: string): string => {
    const v = outputs[name]?.value;
    if (typeof v !== 'string' || v === '') throw new Error(`the bootstrap stack has no output ${name}; was it applied?`);
    return v;
  };
  return [
    { name: 'AWS_REGION', value: value(BOOTSTRAP_OUTPUTS.region) },
    { name: 'AWS_DEPLOY_ROLE_ARN', value: value(BOOTSTRAP_OUTPUTS.deployRoleArn) },
    { name: 'AWS_PLAN_ROLE_ARN', value: value(BOOTSTRAP_OUTPUTS.planRoleArn) },
    { name: 'STATE_BUCKET', value: value(BOOTSTRAP_OUTPUTS.stateBucket) },
    { name: 'FUNCTION_PERMISSIONS_BOUNDARY', value: value(BOOTSTRAP_OUTPUTS.functionPermissionsBoundary) },
    { name: 'LIVE_ENV', value: liveEnv },
  ];
}

/** What to do next: the variables, and the `gh` commands that set them (values are not secret, so variables, not secrets). */
export function formatNextSteps(variables: readonly RepositoryVariable[], repository: string, environments: readonly string[]): string {
  const width = Math.max(...variables.map((v) => v.name.length));
  return [
    `Set these repository variables on ${repository} (Settings > Secrets and variables > Actions > Variables):`,
    '',
    ...variables.map((v) => `  ${v.name.padEnd(width)}  ${v.value}`),
    '',
    'or with the GitHub CLI:',
    '',
    ...variables.map((v) => `  gh variable set ${v.name} --repo ${repository} --body '${v.value}'`),
    '',
    `Create the GitHub environment${environments.length > 1 ? 's' : ''} ${environments.map((e) => `"${e}"`).join(', ')} (Settings > Environments)`,
    'with required reviewers and deployment branches limited to main: the destroy workflow runs there.',
    'Then merge to main to deploy.',
  ].join('\n');
}

function gitRemoteSuggestion(): string | undefined {
  try {
    return repositoryFromRemote(execFileSync('git', ['remote', 'get-url', 'origin'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return undefined;
  }
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new BootstrapUsageError('no terminal to confirm the plan on; review it and run again with --auto-approve');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim() === 'yes';
  } finally {
    rl.close();
  }
}

async function terraform(args: readonly string[], dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const result = await runTerraform(args, dir, env);
  if (result.code !== 0) throw new Error(`terraform ${args[0]} failed:\n${result.stderr || result.stdout}`);
  return result.stdout;
}

async function main(): Promise<void> {
  const options = parseBootstrapArgs(process.argv.slice(2), process.env, gitRemoteSuggestion());
  const config = loadBootstrapConfig();
  const root = resolve(__dirname, '..');
  const synth = spawnSync('npm', ['run', '--silent', 'synth'], { cwd: root, stdio: 'inherit', env: { ...process.env, GITHUB_REPOSITORY: options.repository } });
  if (synth.status !== 0) throw new Error('npm run synth failed (see above)');

  const dir = join(root, 'cdktf.out', 'stacks', BOOTSTRAP_STACK_NAME);
  const env = terraformEnv();
  await terraform(['init', '-input=false', '-no-color'], dir, env);
  process.stdout.write(await terraform(['plan', '-input=false', '-no-color', '-out=bootstrap.tfplan', '-var', `github_repository=${options.repository}`], dir, env));
  if (!options.autoApprove && !(await confirm(`\nApply this plan to the AWS account of your current credentials? Type yes: `))) {
    process.stdout.write('Not applied.\n');
    return;
  }
  process.stdout.write(await terraform(['apply', '-input=false', '-no-color', 'bootstrap.tfplan'], dir, env));
  const outputs = await terraform(['output', '-json'], dir, env);
  process.stdout.write(`\n${formatNextSteps(repositoryVariables(outputs, config.environments[0]), options.repository, config.environments)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
