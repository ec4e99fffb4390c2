// One running AWS provider for every `terraform validate` of a test file. Most of a validate's cost is the provider's
// start-up (hashing the ~700 MB binary against the lock file, starting it twice, sending its schema), so the provider
// is installed once by a real `terraform init` and each validate attaches to one running copy of that installed binary
// through TF_REATTACH_PROVIDERS, Terraform's documented way to use a provider it did not start.
import type { ChildProcess } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnTiedToParent, stopTiedProcess } from '../local/tied-process';
import { runTerraform, terraformEnv } from '../scripts/terraform';

const AWS_PROVIDER = 'registry.terraform.io/hashicorp/aws';
const START_TIMEOUT_MS = 60_000;

export interface SharedProvider {
  /** The Terraform environment whose commands use the running provider (pass it to validateStack). */
  readonly env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** Runs `terraform init -backend=false` in `stackDir` and starts the AWS provider it installed, in debug mode. */
export async function startSharedAwsProvider(stackDir: string): Promise<SharedProvider> {
  const env = terraformEnv();
  const init = await runTerraform(['init', '-backend=false', '-no-color'], stackDir, env);
  if (init.code !== 0) throw new Error(`terraform init failed in ${stackDir}: ${init.stderr.trim() || init.stdout.trim()}`);
  const child = spawnTiedToParent(installedBinary(stackDir), ['-debug'], { stdout: 'pipe' });
  const reattach = await reattachConfig(child).catch(async (error: unknown) => {
    await stopTiedProcess(child, 3000);
    throw error;
  });
  return {
    env: { ...env, TF_REATTACH_PROVIDERS: reattach },
    stop: async () => {
      await stopTiedProcess(child, 3000);
      // The provider, stopped by a signal, leaves its socket file behind.
      for (const provider of Object.values<{ Addr: { String: string } }>(JSON.parse(reattach))) rmSync(provider.Addr.String, { force: true });
    },
  };
}

/** `.terraform/providers/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/terraform-provider-aws_v<version>_x5`. */
function installedBinary(stackDir: string): string {
  let dir = join(stackDir, '.terraform', 'providers', ...AWS_PROVIDER.split('/'));
  for (let level = 0; level < 2; level += 1) {
    const [entry] = readdirSync(dir);
    dir = join(dir, entry);
  }
  const binary = readdirSync(dir).find((name) => name.startsWith('terraform-provider-aws'));
  if (!binary) throw new Error(`no terraform-provider-aws binary in ${dir}`);
  return join(dir, binary);
}

/** The JSON the provider prints once it listens: `TF_REATTACH_PROVIDERS='{"registry.terraform.io/hashicorp/aws":{…}}'`. */
function reattachConfig(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the AWS provider did not start within ${START_TIMEOUT_MS / 1000} s: ${output}`)), START_TIMEOUT_MS);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const config = /TF_REATTACH_PROVIDERS='(\{.*\})'/.exec(output)?.[1];
      if (config === undefined) return;
      clearTimeout(timer);
      resolve(config);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the AWS provider exited (${code}) before it listened: ${output}`));
    });
  });
}
