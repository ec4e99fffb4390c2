// `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command line) and prints figures.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

interface Bench {
  run(): Promise<void>;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
    .sort();
  for (const file of files) {
    process.stdout.write(`\n== ${file.replace('.bench.ts', '')} ==\n`);
    const bench = (await import(join(__dirname, file))) as Bench;
    await bench.run();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
