// Typed, validated configuration of the live stack, read from environment variables: the one place for defaults.
// Every problem is collected and reported at once, naming the variable, the bad value and what is allowed,
// before anything is synthesized, so a typo never reaches `terraform apply`.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_FIRST_QUESTION_DELAY_SECONDS } from './functions/shared/env';
import { MAX_METADATA_BYTES, metadataByteLength, parseMetadata } from './functions/shared/payload';

export const LATENCY_MODES = ['LOW', 'NORMAL'] as const;
export const CHANNEL_TYPES = ['STANDARD', 'BASIC', 'ADVANCED_SD', 'ADVANCED_HD'] as const;
/** Regions with IVS low-latency streaming; a channel elsewhere would fail half-way through an apply. */
export const IVS_REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
] as const;
/** Retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export const DEFAULT_METADATA_FILE = 'examples/quiz-question.json';
/** The project root: relative paths in the configuration are resolved from here. */
export const PROJECT_ROOT = __dirname;
/** Where `npm run build:functions` writes the metadata function's bundle. */
export const FUNCTION_BUNDLE_DIR = resolve(PROJECT_ROOT, 'dist', 'functions', 'put-metadata');
export const PROJECT_NAME = 'ivs-live';
export const DEFAULT_LIVE_ENV = 'dev';

export type LatencyMode = (typeof LATENCY_MODES)[number];
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface StateBackendConfig {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
}

export interface LiveConfig {
  /** Environment name: part of every resource name and of the state key. */
  readonly env: string;
  readonly region: string;
  readonly channelName: string;
  readonly latencyMode: LatencyMode;
  readonly channelType: ChannelType;
  /** Remote state; undefined means local state (a newcomer can synth with nothing set). */
  readonly state?: StateBackendConfig;
  /** The timed-metadata payload the function sends on Stream Start (validated JSON text). */
  readonly metadataJson: string;
  readonly firstQuestionDelaySeconds: number;
  readonly logRetentionDays: number;
  /**
   * ARN of the managed policy the function role carries as its permissions boundary (the pipeline's deploy role
   * creates roles only with it); undefined means no boundary, for a deploy with the admin's own credentials.
   */
  readonly functionPermissionsBoundary?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Environment variables read, for the README table and error messages. */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;
type ReadText = (path: string) => string;

const ENV_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$|^[a-z]$/;
const ENV_NAME_ALLOWED = '1 to 20 lowercase letters, digits and dashes, starting with a letter and not ending with a dash';
const CHANNEL_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const STATE_KEY = /^[A-Za-z0-9!_.*'()\/-]{1,1024}$/;
/** A customer managed policy: account, optional path, and a name as IAM allows it. */
const POLICY_ARN = /^arn:aws:iam::\d{12}:policy\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;

export function stackName(env: string): string {
  return `${PROJECT_NAME}-${env}`;
}

/** The environment the scripts act on: LIVE_ENV, unset or empty meaning the default. */
export function liveEnvName(vars: ConfigEnv = process.env): string {
  return vars.LIVE_ENV || DEFAULT_LIVE_ENV;
}

/** The S3 key prefix of an environment's state; the default STATE_KEY lies under it. */
export function stateKeyPrefix(env: string): string {
  return `${PROJECT_NAME}/${env}/`;
}

/** The problem with an environment name under LIVE_ENV's rules, named as `name`, or undefined when it is valid. */
export function envNameProblem(name: string, value: string): string | undefined {
  const problems: string[] = [];
  check(problems, name, value, (v) => ENV_NAME.test(v), ENV_NAME_ALLOWED);
  return problems[0];
}

export function loadConfig(env: ConfigEnv = process.env, readText: ReadText = (p) => readFileSync(p, 'utf8')): LiveConfig {
  const vars = withoutEmpty(env);
  const problems: string[] = [];
  const liveEnv = check(problems, 'LIVE_ENV', liveEnvName(vars), (v) => ENV_NAME.test(v), ENV_NAME_ALLOWED);
  const region = checkRegion(problems, 'AWS_REGION', vars.AWS_REGION ?? 'us-east-1');
  const channelName = check(problems, 'IVS_CHANNEL_NAME', vars.IVS_CHANNEL_NAME ?? stackName(liveEnv), (v) => CHANNEL_NAME.test(v),
    '1 to 128 letters, digits, dashes and underscores');
  const latencyMode = checkOneOf(problems, 'IVS_LATENCY_MODE', vars.IVS_LATENCY_MODE ?? 'LOW', LATENCY_MODES);
  const channelType = checkOneOf(problems, 'IVS_CHANNEL_TYPE', vars.IVS_CHANNEL_TYPE ?? 'STANDARD', CHANNEL_TYPES);
  const state = loadStateBackend(problems, vars, liveEnv, region);
  const metadataJson = loadMetadata(problems, vars, readText);
  const firstQuestionDelaySeconds = checkInteger(problems, 'FIRST_QUESTION_DELAY_SECONDS', vars.FIRST_QUESTION_DELAY_SECONDS ?? '0',
    0, MAX_FIRST_QUESTION_DELAY_SECONDS);
  const logRetentionDays = checkOneOf(problems, 'LOG_RETENTION_DAYS', vars.LOG_RETENTION_DAYS ?? '14', LOG_RETENTION_DAYS.map(String));
  const boundary = vars.FUNCTION_PERMISSIONS_BOUNDARY;
  if (boundary !== undefined) {
    check(problems, 'FUNCTION_PERMISSIONS_BOUNDARY', boundary, (v) => POLICY_ARN.test(v),
      'an IAM policy ARN, arn:aws:iam::<12-digit account>:policy/<name>, such as the one npm run bootstrap prints');
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env: liveEnv,
    region,
    channelName,
    latencyMode: latencyMode as LatencyMode,
    channelType: channelType as ChannelType,
    state,
    metadataJson,
    firstQuestionDelaySeconds,
    logRetentionDays: Number(logRetentionDays),
    functionPermissionsBoundary: boundary,
  };
}

/** GitHub passes an unset repository variable as '': treat it as unset, so the default applies. */
export function withoutEmpty(env: ConfigEnv): ConfigEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
}

function loadStateBackend(problems: string[], vars: ConfigEnv, env: string, region: string): StateBackendConfig | undefined {
  const bucket = vars.STATE_BUCKET;
  if (bucket === undefined || bucket === '') {
    if (vars.STATE_KEY) problems.push('STATE_KEY is set but STATE_BUCKET is not; set STATE_BUCKET too, or unset STATE_KEY for local state');
    return undefined;
  }
  return {
    bucket: check(problems, 'STATE_BUCKET', bucket, (v) => BUCKET_NAME.test(v) && !v.includes('..'),
      'an S3 bucket name: 3 to 63 lowercase letters, digits, dots and dashes'),
    key: check(problems, 'STATE_KEY', vars.STATE_KEY ?? `${stateKeyPrefix(env)}terraform.tfstate`, (v) => STATE_KEY.test(v) && !v.startsWith('/'),
      'an S3 object key such as ivs-live/<env>/terraform.tfstate (no leading slash)'),
    region: checkRegionFormat(problems, 'STATE_REGION', vars.STATE_REGION ?? region),
  };
}

function loadMetadata(problems: string[], vars: ConfigEnv, readText: ReadText): string {
  if (vars.METADATA_JSON && vars.METADATA_FILE) {
    problems.push('METADATA_JSON and METADATA_FILE are both set; set only one of them');
    return '';
  }
  let name = 'METADATA_JSON';
  let text = vars.METADATA_JSON;
  if (!text) {
    name = 'METADATA_FILE';
    const file = vars.METADATA_FILE || DEFAULT_METADATA_FILE;
    try {
      text = readText(resolve(PROJECT_ROOT, file));
    } catch {
      problems.push(`METADATA_FILE is "${file}"; the file cannot be read (a path relative to the project root is expected)`);
      return '';
    }
  }
  const result = parseMetadata(text);
  if (!result.ok) {
    problems.push(`${name} is not a valid timed-metadata payload: ${result.problems.join('; ')}`);
    return '';
  }
  // Whitespace counts against the 1 KB limit: send the compact form.
  const compact = JSON.stringify(result.payload);
  if (metadataByteLength(compact) > MAX_METADATA_BYTES) problems.push(`${name} is over ${MAX_METADATA_BYTES} bytes`);
  return compact;
}

function check(problems: string[], name: string, value: string, ok: (v: string) => boolean, allowed: string): string {
  if (!ok(value)) problems.push(`${name} is "${value}"; allowed: ${allowed}`);
  return value;
}

function checkOneOf(problems: string[], name: string, value: string, allowed: readonly string[]): string {
  return check(problems, name, value, (v) => allowed.includes(v), allowed.join(', '));
}

function checkRegionFormat(problems: string[], name: string, value: string): string {
  return check(problems, name, value, (v) => REGION.test(v), 'an AWS region code such as us-east-1');
}

/** Checks that `value` is a region with IVS low-latency streaming (shared with the bootstrap configuration). */
export function checkRegion(problems: string[], name: string, value: string): string {
  if (!REGION.test(value)) return checkRegionFormat(problems, name, value);
  return check(problems, name, value, (v) => (IVS_REGIONS as readonly string[]).includes(v),
    `a region with Amazon IVS low-latency streaming: ${IVS_REGIONS.join(', ')}`);
}

function checkInteger(problems: string[], name: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  check(problems, name, value, () => /^\d+$/.test(value) && parsed >= min && parsed <= max, `a whole number of seconds from ${min} to ${max}`);
  return parsed;
}
