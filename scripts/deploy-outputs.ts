// After `terraform apply` in the deploy workflow: masks every sensitive output in the log, then hands the public outputs
// on (a flat JSON file for build:web / publish:web via OUTPUTS_FILE, step outputs, the job summary). The stream key goes nowhere.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { liveEnvName, stackName } from '../config';
import { OUTPUT_NAMES } from '../stacks/output-names';
import { deploySummary } from './job-summary';
import { parseTerraformOutputs, type StackOutputs } from './stack-outputs';
import { runTerraform } from './terraform';

type OutputsJson = Record<string, { value?: unknown; sensitive?: boolean }>;

/**
 * `::add-mask::` commands for every sensitive output, one per line of each string in it: the runner then replaces
 * them with *** in everything any later step prints. The runner consumes these lines; they are not shown in the log.
 */
export function maskCommands(outputsJson: string): string[] {
  const outputs = JSON.parse(outputsJson) as OutputsJson;
  const lines = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') for (const line of value.split(/\r?\n/)) if (line.trim() !== '') lines.add(line);
    if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  for (const output of Object.values(outputs)) if (output.sensitive) collect(output.value);
  return [...lines].map((line) => `::add-mask::${line}`);
}

/** The public outputs as a flat `{ name: value }` file, which parseTerraformOutputs (OUTPUTS_FILE) reads back. */
export function publicOutputsFile(outputs: StackOutputs): string {
  const flat = Object.fromEntries(Object.entries(outputs).map(([key, value]) => [OUTPUT_NAMES[key as keyof StackOutputs], value]));
  return `${JSON.stringify(flat, null, 2)}\n`;
}

/** `name=value` lines for $GITHUB_OUTPUT; a newline in a value could forge another output, so it is refused. */
export function stepOutputLines(outputs: StackOutputs): string {
  return Object.entries(outputs)
    .map(([key, value]) => {
      if (/[\r\n]/.test(value)) throw new Error(`output ${OUTPUT_NAMES[key as keyof StackOutputs]} contains a line break; refusing to pass it on`);
      return `${OUTPUT_NAMES[key as keyof StackOutputs]}=${value}\n`;
    })
    .join('');
}

async function main(): Promise<void> {
  const env = liveEnvName();
  // STACK_DIR: another folder holding the applied stack (tests, or a stack synthesized elsewhere).
  const dir = process.env.STACK_DIR || resolve(__dirname, '..', 'cdktf.out', 'stacks', stackName(env));
  const result = await runTerraform(['output', '-json', '-no-color'], dir);
  if (result.code !== 0) throw new Error(`terraform output failed in ${dir}: ${result.stderr.trim()}`);
  // Masks first, before anything else could print a value.
  for (const command of maskCommands(result.stdout)) process.stdout.write(`${command}\n`);
  const outputs = parseTerraformOutputs(result.stdout);
  const file = process.env.PUBLIC_OUTPUTS_FILE ?? join(dir, 'outputs.public.json');
  writeFileSync(file, publicOutputsFile(outputs));
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${stepOutputLines(outputs)}outputs_file=${file}\n`);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, deploySummary(env, outputs));
  process.stdout.write(`public outputs of ${stackName(env)} written to ${file}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
