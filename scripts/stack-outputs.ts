// Reads the deployed live stack's Terraform outputs (`terraform output -json`) for the web build, the host CLI
// and the deploy workflow. The stream key is never returned: it is a secret and none of those callers needs it.
import { existsSync, readFileSync } from 'node:fs';
import { stackName } from '../core/naming';
import { OUTPUT_NAMES } from '../core/output-names';
import { SYNTH_OUTPUT_DIR, synthesizedStackDir } from '../core/project-paths';
import { projectPath } from '../config/project-root';
import { runTerraform } from './terraform';

export interface StackOutputs {
  readonly ingestServer: string;
  readonly playbackUrl: string;
  readonly websiteUrl: string;
  readonly channelArn: string;
  readonly bucketName: string;
  /** Absent for a stack deployed before the audience's answers existed. */
  readonly answersTable?: string;
}

const PUBLIC_OUTPUTS = ['ingestServer', 'playbackUrl', 'websiteUrl', 'channelArn', 'bucketName'] as const;

export class StackOutputsUnavailable extends Error {
  override name = 'StackOutputsUnavailable';
}

/** Parses `terraform output -json` ({ name: { value, sensitive } }) or a flat { name: value } file. */
export function parseTerraformOutputs(json: string): StackOutputs {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new StackOutputsUnavailable('Terraform outputs are not valid JSON');
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const missing: string[] = [];
  const values: Partial<Record<(typeof PUBLIC_OUTPUTS)[number], string>> = {};
  for (const key of PUBLIC_OUTPUTS) {
    const raw = record[OUTPUT_NAMES[key]];
    const value = typeof raw === 'object' && raw !== null && 'value' in raw ? (raw as { value: unknown }).value : raw;
    if (typeof value === 'string' && value !== '') values[key] = value;
    else missing.push(OUTPUT_NAMES[key]);
  }
  if (missing.length > 0) {
    throw new StackOutputsUnavailable(`Terraform outputs lack ${missing.join(', ')}; has the stack been deployed (\`cdktf deploy\`)?`);
  }
  const table = record[OUTPUT_NAMES.answersTable];
  const answersTable = typeof table === 'object' && table !== null && 'value' in table ? (table as { value: unknown }).value : table;
  return { ...(values as Omit<StackOutputs, 'answersTable'>), ...(typeof answersTable === 'string' && answersTable !== '' && { answersTable }) };
}

export interface ReadStackOutputsOptions {
  /** A saved `terraform output -json` file. @default $OUTPUTS_FILE */
  readonly outputsFile?: string;
  /** cdktf's output folder holding the synthesized stacks. @default cdktf.out in the project */
  readonly synthOutputDir?: string;
}

/** Outputs of the stack of `env`: from OUTPUTS_FILE when set, else `terraform output -json` in its folder. */
export async function readStackOutputs(env: string, options: ReadStackOutputsOptions = {}): Promise<StackOutputs> {
  const outputsFile = options.outputsFile ?? process.env.OUTPUTS_FILE;
  if (outputsFile) return parseTerraformOutputs(readFileSync(outputsFile, 'utf8'));

  const dir = synthesizedStackDir(stackName(env), options.synthOutputDir ?? projectPath(SYNTH_OUTPUT_DIR));
  if (!existsSync(dir)) {
    throw new StackOutputsUnavailable(`no synthesized stack ${stackName(env)} in ${dir}; run \`npm run synth\` and deploy it, or set OUTPUTS_FILE`);
  }
  const result = await runTerraform(['output', '-json'], dir).catch((error: unknown) => {
    throw new StackOutputsUnavailable(error instanceof Error ? error.message : String(error));
  });
  if (result.code !== 0) {
    throw new StackOutputsUnavailable(
      `cannot read the outputs of ${stackName(env)} (terraform output failed in ${dir}); deploy it first, or set OUTPUTS_FILE`,
    );
  }
  return parseTerraformOutputs(result.stdout);
}
