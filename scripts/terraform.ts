// Runs the Terraform CLI non-interactively, against the machine's provider mirror when it has one
// (so `init` and `validate` work offline), and against the public registry otherwise.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROVIDER_MIRROR = process.env.TF_PROVIDER_MIRROR ?? '/opt/tf-plugins';

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI configuration: install providers from the mirror when it exists, else the default registry. */
export function terraformCliConfig(mirror: string = PROVIDER_MIRROR, exists: (path: string) => boolean = existsSync): string {
  if (!exists(mirror)) return '# No provider mirror on this machine: providers come from the public registry.\n';
  return [
    'provider_installation {',
    `  filesystem_mirror {`,
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/*/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/*/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Environment for every Terraform run: our CLI config, no update checks, no prompts. */
export function terraformEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const dir = join(tmpdir(), 'ivs-live-terraform');
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'cli.tfrc');
  writeFileSync(configFile, terraformCliConfig());
  return {
    ...base,
    TF_CLI_CONFIG_FILE: configFile,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}

export function runTerraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = terraformEnv()): Promise<TerraformResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.env.TERRAFORM_BIN ?? 'terraform', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new Error(`cannot run terraform (${error.message}); install Terraform >= 1.10 and put it on PATH`)));
    child.on('close', (code) =>
      resolvePromise({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

export interface ValidationResult {
  readonly valid: boolean;
  /** Terraform's diagnostics, one line each ("error: summary: detail"). */
  readonly diagnostics: readonly string[];
}

interface ValidateJson {
  valid: boolean;
  diagnostics: { severity: string; summary: string; detail?: string }[];
}

/** `terraform init -backend=false` + `terraform validate -json` in a synthesized stack folder. */
export async function validateStack(stackDir: string, env: NodeJS.ProcessEnv = terraformEnv()): Promise<ValidationResult> {
  const init = await runTerraform(['init', '-backend=false', '-no-color'], stackDir, env);
  if (init.code !== 0) return { valid: false, diagnostics: [`init failed: ${init.stderr.trim() || init.stdout.trim()}`] };
  const validate = await runTerraform(['validate', '-json', '-no-color'], stackDir, env);
  const report = JSON.parse(validate.stdout) as ValidateJson;
  return {
    valid: report.valid && validate.code === 0,
    diagnostics: report.diagnostics.map((d) => `${d.severity}: ${d.summary}${d.detail ? `: ${d.detail}` : ''}`),
  };
}
