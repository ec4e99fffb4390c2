// `npx tsx bin/job-summary.ts destroyed`: appends the destroy workflow's summary to $GITHUB_STEP_SUMMARY
// (deploy summaries come from bin/deploy-outputs.ts).
import { appendFileSync } from 'node:fs';
import { liveEnvName } from '../core/naming';
import { destroySummary } from '../scripts/job-summary';

function main(argv: readonly string[]): void {
  const [kind] = argv;
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (kind !== 'destroyed') throw new Error(`job-summary: the argument is "${kind ?? ''}"; allowed: destroyed (deploy summaries come from deploy-outputs.ts)`);
  if (!file) throw new Error('GITHUB_STEP_SUMMARY environment variable is not set (it is set by GitHub Actions)');
  appendFileSync(file, destroySummary(liveEnvName(process.env)));
}

try {
  main(process.argv.slice(2));
} catch (error: unknown) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
