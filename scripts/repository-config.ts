// The configuration a workflow job synthesizes with, taken from the repository variables: the workflows pass them all
// as one JSON object (`IVS_LIVE_VARIABLES: ${{ toJSON(vars) }}`), and exactly the configuration variables of
// config/live-variables.ts go on to the job's later steps as $GITHUB_ENV entries. Pure; bin/repository-config.ts runs it.
import { LIVE_CONFIG_VARIABLES, STATE_BACKEND_VARIABLES, type LiveConfigVariable } from '../config/live-variables';

/** The environment variable that holds `toJSON(vars)` in the step that runs bin/repository-config.ts. */
export const REPOSITORY_VARIABLES_ENV = 'IVS_LIVE_VARIABLES';

/**
 * Set by every workflow for the whole run, from the repository variable of the same name: it also names the
 * concurrency group, the stack folder and the GitHub environment, so it is not passed a second time.
 */
export const SET_BY_THE_WORKFLOWS: readonly LiveConfigVariable[] = ['LIVE_ENV'];

/**
 * Fixed for every synth of the pipeline, whatever the repository variables say: the pipeline's deploy role may create
 * no role, so the function roles and the failure queue are always the ones the bootstrap stack made.
 */
export const SET_BY_THE_PIPELINE: Readonly<Partial<Record<LiveConfigVariable, string>>> = { FUNCTION_ROLES: 'bootstrap' };

export class RepositoryVariablesError extends Error {
  override name = 'RepositoryVariablesError';
}

/** The repository variables as GitHub's `toJSON(vars)` gives them: an object of strings (`{}` when none is set). */
export function parseRepositoryVariables(json: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new RepositoryVariablesError(`${REPOSITORY_VARIABLES_ENV} is not JSON; the workflow step must set it to \${{ toJSON(vars) }}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RepositoryVariablesError(`${REPOSITORY_VARIABLES_ENV} is not a JSON object; the workflow step must set it to \${{ toJSON(vars) }}`);
  }
  const entries = Object.entries(parsed);
  const notText = entries.find(([, value]) => typeof value !== 'string');
  if (notText) throw new RepositoryVariablesError(`${REPOSITORY_VARIABLES_ENV}: variable ${notText[0]} is not a string`);
  return Object.fromEntries(entries) as Record<string, string>;
}

export interface SynthConfiguration {
  /** The configuration variables to pass on, in the order of the configuration list. */
  readonly variables: Readonly<Record<string, string>>;
  /** Configuration variables that are set but not passed on in this job (remote state in a local-state job). */
  readonly withheld: readonly string[];
}

/**
 * Exactly the configuration variables among the repository variables, plus the pipeline's fixed settings: the
 * pipeline's own variables (AWS_ACCOUNT_ID) and anything else (NODE_OPTIONS, PATH…) never reach the environment.
 * `localState` leaves out the state backend variables.
 */
export function synthConfiguration(repositoryVariables: Readonly<Record<string, string>>, options: { localState: boolean }): SynthConfiguration {
  const withheldNames: readonly string[] = options.localState ? STATE_BACKEND_VARIABLES : [];
  const fixed = Object.keys(SET_BY_THE_PIPELINE);
  const set = LIVE_CONFIG_VARIABLES.filter((name) => !SET_BY_THE_WORKFLOWS.includes(name) && !fixed.includes(name) && (repositoryVariables[name] ?? '') !== '');
  return {
    variables: {
      ...Object.fromEntries(set.filter((name) => !withheldNames.includes(name)).map((name) => [name, repositoryVariables[name]])),
      ...SET_BY_THE_PIPELINE,
    },
    withheld: set.filter((name) => withheldNames.includes(name)),
  };
}

/**
 * $GITHUB_ENV entries in the multi-line form (`NAME<<DELIMITER`), so a value with line breaks (METADATA_JSON) stays
 * one value. The delimiter is random per run; a value that contains it could end the entry early and is refused.
 */
export function githubEnvEntries(variables: Readonly<Record<string, string>>, delimiter: string): string {
  return Object.entries(variables)
    .map(([name, value]) => {
      if (value.includes(delimiter)) throw new RepositoryVariablesError(`variable ${name} contains the $GITHUB_ENV delimiter; refusing to pass it on`);
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
}

/** What the step log says: the names passed on and the names left out, never a value (but the pipeline's own). */
export function describeSynthConfiguration(config: SynthConfiguration): string {
  const fixed = Object.keys(SET_BY_THE_PIPELINE);
  const names = Object.keys(config.variables).filter((name) => !fixed.includes(name));
  const lines = [
    names.length > 0
      ? `Passed on to synth from the repository variables: ${names.join(', ')}`
      : 'No configuration variable is set in the repository: synth uses the defaults (README, Configuration).',
  ];
  lines.push(`Set by the pipeline: ${Object.entries(SET_BY_THE_PIPELINE).map(([name, value]) => `${name}=${value}`).join(', ')}`);
  if (config.withheld.length > 0) lines.push(`Left out, this job synthesizes with local state: ${config.withheld.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
