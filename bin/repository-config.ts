// `npx tsx bin/repository-config.ts [--local-state]` in a workflow job, after `npm test` and before `npm run synth`:
// passes the configuration variables among the repository variables (IVS_LIVE_VARIABLES, set to `${{ toJSON(vars) }}`)
// on to the job's later steps through $GITHUB_ENV. --local-state leaves out the state backend variables.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import {
  describeSynthConfiguration,
  githubEnvEntries,
  parseRepositoryVariables,
  REPOSITORY_VARIABLES_ENV,
  synthConfiguration,
} from '../scripts/repository-config';

const LOCAL_STATE = '--local-state';

function main(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  const unknown = argv.find((arg) => arg !== LOCAL_STATE);
  if (unknown !== undefined) throw new Error(`repository-config: the argument "${unknown}" is unknown; allowed: ${LOCAL_STATE}`);
  const json = env[REPOSITORY_VARIABLES_ENV];
  if (json === undefined) throw new Error(`${REPOSITORY_VARIABLES_ENV} environment variable is not set (the workflow step sets it to \${{ toJSON(vars) }})`);
  const file = env.GITHUB_ENV;
  if (!file) throw new Error('GITHUB_ENV environment variable is not set (it is set by GitHub Actions)');
  const config = synthConfiguration(parseRepositoryVariables(json), { localState: argv.includes(LOCAL_STATE) });
  appendFileSync(file, githubEnvEntries(config.variables, `ghadelimiter_${randomUUID()}`));
  process.stdout.write(describeSynthConfiguration(config));
}

try {
  main(process.argv.slice(2), process.env);
} catch (error: unknown) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
