// How every name of the project is made from the environment name: stacks, resources, state keys. Pure, so the
// configuration, the stacks, the pipeline scripts and the host tools derive the same names from one rule.

export const PROJECT_NAME = 'ivs-live';
/** LIVE_ENV when it is unset or empty. */
export const DEFAULT_LIVE_ENV = 'dev';
/** The stack that holds the state bucket and the pipeline's roles (applied once, with local state). */
export const BOOTSTRAP_STACK_NAME = `${PROJECT_NAME}-bootstrap`;

const ENV_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$|^[a-z]$/;
/** What LIVE_ENV allows, for error messages. */
export const ENV_NAME_RULE = '1 to 20 lowercase letters, digits and dashes, starting with a letter and not ending with a dash';

export function isEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** The environment the tools act on: LIVE_ENV, unset or empty meaning the default. */
export function liveEnvName(vars: Readonly<Record<string, string | undefined>>): string {
  return vars.LIVE_ENV || DEFAULT_LIVE_ENV;
}

/** `ivs-live-<env>`: the live stack of an environment, and the start of every resource name in it. */
export function stackName(env: string): string {
  return `${PROJECT_NAME}-${env}`;
}

/** Prefix of every resource name of an environment's live stack. */
export function resourceNamePrefix(env: string): string {
  return `${stackName(env)}-`;
}

/** The S3 key prefix of an environment's state; the default state key lies under it. */
export function stateKeyPrefix(env: string): string {
  return `${PROJECT_NAME}/${env}/`;
}

export function defaultStateKey(env: string): string {
  return `${stateKeyPrefix(env)}terraform.tfstate`;
}
