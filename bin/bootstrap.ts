// `npm run bootstrap [-- --repo owner/repo] [--auto-approve]`: synthesizes and applies the bootstrap stack (state bucket,
// each environment's GitHub OIDC roles and function roles) with the admin's own AWS credentials, then prints what to set
// in GitHub. With GITHUB_TOKEN set, it also sets the repository's OIDC subject customization through GitHub's API.
import { execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline/promises';
import { BOOTSTRAP_STACK_NAME } from '../core/naming';
import { loadBootstrapConfig } from '../config/bootstrap-config';
import {
  BootstrapUsageError,
  formatNextSteps,
  parseBootstrapArgs,
  repositoryFromRemote,
  repositoryVariables,
  synthesizeBootstrapStack,
} from '../scripts/bootstrap';
import { applySubjectCustomization } from '../scripts/github-oidc-subject';
import { runTerraform, terraformEnv } from '../scripts/terraform';

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
  const config = loadBootstrapConfig({ ...process.env, GITHUB_REPOSITORY: options.repository });
  const token = process.env.GITHUB_TOKEN;
  if (token) {
    // Before the plan: a repository whose subjects carry ids needs --repo with the ids, or the roles would trust no job.
    const prefix = await applySubjectCustomization(options.repository, token, (url, init) => fetch(url, init));
    process.stdout.write(`OIDC subject customization set on GitHub${prefix ? `; subjects start with ${prefix}` : ''}\n`);
  }
  const dir = synthesizeBootstrapStack(config);
  process.stdout.write(`Synthesized ${BOOTSTRAP_STACK_NAME} into ${dir}\n`);
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

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
