// `npm run validate`: runs `terraform init -backend=false` + `terraform validate` on every synthesized stack,
// against the real AWS provider schema (from the machine's provider mirror when it has one).
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateStack } from './terraform';

export const STACKS_DIR = resolve(__dirname, '..', 'cdktf.out', 'stacks');

async function main(): Promise<void> {
  const stacks = readdirSync(STACKS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  if (stacks.length === 0) throw new Error(`no synthesized stacks in ${STACKS_DIR}; run \`npm run synth\` first`);
  let failed = 0;
  for (const stack of stacks) {
    const result = await validateStack(join(STACKS_DIR, stack));
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
