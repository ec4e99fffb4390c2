// `npm run validate` (after synth): `terraform init -backend=false` + `terraform validate` of the live stack of LIVE_ENV
// and of the bootstrap stack, against the real AWS provider schema (from the machine's provider mirror when it has one).
// Stacks of other environments left in cdktf.out by earlier synths are not this run's: they are skipped.
import { existsSync } from 'node:fs';
import { BOOTSTRAP_STACK_NAME, liveEnvName, stackName } from '../core/naming';
import { synthesizedStackPath } from '../config/project-root';
import { validateStack } from '../scripts/terraform';

async function main(): Promise<void> {
  let failed = 0;
  for (const stack of [stackName(liveEnvName(process.env)), BOOTSTRAP_STACK_NAME]) {
    const dir = synthesizedStackPath(stack);
    if (!existsSync(dir)) throw new Error(`no synthesized stack in ${dir}; run \`npm run synth\` first`);
    const result = await validateStack(dir);
    process.stdout.write(`${result.valid ? 'valid  ' : 'INVALID'} ${stack}\n`);
    for (const line of result.diagnostics) process.stdout.write(`        ${line}\n`);
    if (!result.valid) failed += 1;
  }
  if (failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
