// How every name of the project is made from the environment name: stacks, resources, state keys, the pipeline's
// roles. Pure, so the configuration, the stacks, the pipeline scripts and the host tools derive the same names from
// one rule.

export const PROJECT_NAME = 'ivs-live';
/** LIVE_ENV when it is unset or empty. */
export const DEFAULT_LIVE_ENV = 'dev';
/** The stack that holds the state bucket and the pipeline's roles (applied once, with local state). */
export const BOOTSTRAP_STACK_NAME = `${PROJECT_NAME}-bootstrap`;
/**
 * Between the environment and the resource in every resource name (`ivs-live-dev--put-metadata`). Environment names
 * never contain it, so no environment's name prefix is a prefix of another's: `ivs-live-dev--*` cannot match a
 * resource of `dev-x`, whose names start with `ivs-live-dev-x--`.
 */
export const NAME_SEPARATOR = '--';

const MAX_ENV_NAME_LENGTH = 20;
/** A letter, then letters, digits and single dashes; no dash at the end. */
const ENV_NAME = /^[a-z](?:-?[a-z0-9])*$/;
/** What LIVE_ENV allows, for error messages. */
export const ENV_NAME_RULE =
  `1 to ${MAX_ENV_NAME_LENGTH} lowercase letters, digits and single dashes, starting with a letter and not ending with a dash ` +
  `("${NAME_SEPARATOR}" separates the environment from the resource in every name)`;

export function isEnvName(name: string): boolean {
  return name.length <= MAX_ENV_NAME_LENGTH && ENV_NAME.test(name);
}

/** The environment the tools act on: LIVE_ENV, unset or empty meaning the default. */
export function liveEnvName(vars: Readonly<Record<string, string | undefined>>): string {
  return vars.LIVE_ENV || DEFAULT_LIVE_ENV;
}

/** `ivs-live-<env>`: the live stack of an environment (its folder in cdktf.out, its local state file). */
export function stackName(env: string): string {
  return `${PROJECT_NAME}-${env}`;
}

/** `ivs-live-<env>--`: the start of every resource name of an environment, and of nothing else's. */
export function resourceNamePrefix(env: string): string {
  return `${stackName(env)}${NAME_SEPARATOR}`;
}

/** `ivs-live-<env>--<name>`: one resource of an environment. */
export function resourceName(env: string, name: string): string {
  return `${resourceNamePrefix(env)}${name}`;
}

/** Prefix of the site bucket's name; AWS appends a unique suffix, since bucket names are global. */
export function siteBucketPrefix(env: string): string {
  return resourceName(env, 'site-');
}

/** The execution role of one function (made by the bootstrap stack for the pipeline, or by the live stack). */
export function functionRoleName(env: string, functionName: string): string {
  return resourceName(env, functionName);
}

/** The managed policy every function role of an environment carries as its permissions boundary. */
export function functionBoundaryName(env: string): string {
  return resourceName(env, 'function-boundary');
}

/** The SQS queue where an environment's functions put the events they failed on three times. */
export function failureQueueName(env: string): string {
  return resourceName(env, 'failures');
}

/** The DynamoDB table of the audience's answers (and the questions that take them). */
export function answersTableName(env: string): string {
  return resourceName(env, 'answers');
}

/** The log group Lambda writes a function's logs to. */
export function functionLogGroupName(env: string, functionName: string): string {
  return `/aws/lambda/${resourceName(env, functionName)}`;
}

export type PipelineRoleKind = 'deploy' | 'plan';

/**
 * The role GitHub Actions assumes to deploy or to plan one environment. It never starts with a resource prefix
 * (`ivs-live-`), so no role's resource patterns can cover it.
 */
export function pipelineRoleName(env: string, kind: PipelineRoleKind): string {
  return `github-actions-${PROJECT_NAME}-${env}-${kind}`;
}

/** The S3 key prefix of an environment's state; the state key must lie under it. */
export function stateKeyPrefix(env: string): string {
  return `${PROJECT_NAME}/${env}/`;
}

export function defaultStateKey(env: string): string {
  return `${stateKeyPrefix(env)}terraform.tfstate`;
}
