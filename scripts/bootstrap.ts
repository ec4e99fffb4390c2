// The steps of `npm run bootstrap`: its arguments, the bootstrap stack synthesized on its own (in-process, without the
// live stack, so it needs no function bundle and no live configuration), and what it prints for the admin to set in
// GitHub: the repository variables, the OIDC subject customization the roles' trust expects, the environments.
import { App } from 'cdktf';
import { BOOTSTRAP_STACK_NAME } from '../core/naming';
import { SYNTH_OUTPUT_DIR, synthesizedStackDir } from '../core/project-paths';
import { GITHUB_REPOSITORY_PATTERN, GITHUB_REPOSITORY_RULE, repositoryName, type BootstrapConfig } from '../config/bootstrap-config';
import { projectPath } from '../config/project-root';
import { BOOTSTRAP_OUTPUTS, BootstrapStack } from '../stacks/bootstrap-stack';
import { subjectCustomizationCommands } from './github-oidc-subject';

export class BootstrapUsageError extends Error {
  override name = 'BootstrapUsageError';
}

export interface BootstrapOptions {
  readonly repository: string;
  readonly autoApprove: boolean;
}

export const USAGE =
  'usage: npm run bootstrap -- --repo <owner/repo | owner@<owner id>/repo@<repo id>> [--auto-approve]   (or set GITHUB_REPOSITORY instead of --repo)';

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
    throw new BootstrapUsageError(`--repo is "${repository}"; allowed: ${GITHUB_REPOSITORY_RULE}`);
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

/**
 * The repository variables, from `terraform output -json` of the bootstrap stack; LIVE_ENV is the first environment.
 * No role ARN: the workflows derive each environment's roles from AWS_ACCOUNT_ID and LIVE_ENV (core/naming.ts).
 */
export function repositoryVariables(outputsJson: string, liveEnv: string): RepositoryVariable[] {
  const outputs = JSON.parse(outputsJson) as Record<string, { value?: unknown }>;
  const value = (name: string): string => {
    const v = outputs[name]?.value;
    if (typeof v !== 'string' || v === '') throw new Error(`the bootstrap stack has no output ${name}; was it applied?`);
    return v;
  };
  return [
    { name: 'AWS_REGION', value: value(BOOTSTRAP_OUTPUTS.region) },
    { name: 'AWS_ACCOUNT_ID', value: value(BOOTSTRAP_OUTPUTS.accountId) },
    { name: 'STATE_BUCKET', value: value(BOOTSTRAP_OUTPUTS.stateBucket) },
    { name: 'LIVE_ENV', value: liveEnv },
  ];
}

/**
 * What to do next, in GitHub: the variables and the `gh` commands that set them (values are not secret, so variables,
 * not secrets), the OIDC subject customization the roles trust, and the environments the deploy and destroy jobs run in.
 */
export function formatNextSteps(variables: readonly RepositoryVariable[], repository: string, environments: readonly string[]): string {
  const name = repositoryName(repository);
  const width = Math.max(...variables.map((v) => v.name.length));
  const plural = environments.length > 1 ? 's' : '';
  return [
    `1. Set these repository variables on ${name} (Settings > Secrets and variables > Actions > Variables):`,
    '',
    ...variables.map((v) => `  ${v.name.padEnd(width)}  ${v.value}`),
    '',
    'or with the GitHub CLI:',
    '',
    ...variables.map((v) => `  gh variable set ${v.name} --repo ${name} --body '${v.value}'`),
    '',
    '2. Make GitHub put the job\'s environment and workflow file in the OIDC subject, as the roles\' trust expects',
    '   (an admin of the repository; without it no workflow can assume a role):',
    '',
    ...subjectCustomizationCommands(repository).map((line) => `  ${line}`),
    '',
    `3. Create the GitHub environment${plural} ${environments.map((e) => `"${e}"`).join(', ')} (Settings > Environments), with deployment`,
    `   branches limited to main and, for any environment that needs it, required reviewers: the deploy and destroy jobs`,
    `   of an environment run in the GitHub environment of the same name, and only its roles trust it.`,
    '',
    'Then merge to main to deploy.',
  ].join('\n');
}

/** Synthesizes the bootstrap stack alone into cdktf.out/stacks/ivs-live-bootstrap; returns that folder. */
export function synthesizeBootstrapStack(config: BootstrapConfig, outdir: string = projectPath(SYNTH_OUTPUT_DIR)): string {
  const app = new App({ outdir });
  new BootstrapStack(app, BOOTSTRAP_STACK_NAME, { config });
  app.synth();
  return synthesizedStackDir(BOOTSTRAP_STACK_NAME, outdir);
}
