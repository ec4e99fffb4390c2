// After `terraform apply` in the deploy workflow: masks every sensitive output in the log, then hands the public outputs
// on (a flat JSON file for build:web / publish:web via OUTPUTS_FILE, step outputs, the job summary). The stream key goes nowhere.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { liveEnvName, stackName } from '../core/naming';
import { synthesizedStackPath } from '../config/project-root';
import { maskCommands, publicOutputsFile, stepOutputLines } from '../scripts/deploy-outputs';
import { deploySummary } from '../scripts/job-summary';
import { parseTerraformOutputs } from '../scripts/stack-outputs';
import { runTerraform } from '../scripts/terraform';

async function main(): Promise<void> {
  const env = liveEnvName(process.env);
  // STACK_DIR: another folder holding the applied stack (tests, or a stack synthesized elsewhere).
  const dir = process.env.STACK_DIR || synthesizedStackPath(stackName(env));
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

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
