// Typed, validated configuration of an environment's live stack, read from environment variables: the one place for
// defaults. Every problem is collected and reported at once, naming the variable, the bad value and what is allowed,
// before anything is synthesized, so a typo never reaches `terraform apply`.
import { readFileSync } from 'node:fs';
import { BUCKET_NAME_RULE, isBucketName } from '../core/bucket-name';
import { defaultStateKey, ENV_NAME_RULE, isEnvName, liveEnvName, stackName, stateKeyPrefix } from '../core/naming';
import { Problems, withoutEmpty, type ConfigEnv } from './config-error';
import type { LiveConfigEnv } from './live-variables';
import { readShowConfig, type ReadText, type ShowConfig } from './show-config';
import { readSiteConfig, type SiteConfig } from './site-config';

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
/**
 * Where the functions' execution roles and the failure queue come from: the live stack creates them (a deploy with an
 * admin's own credentials), or the bootstrap stack made them for the environment and the live stack only attaches each
 * function's own inline policy (the pipeline, whose deploy role may create no role).
 */
export const FUNCTION_ROLE_SOURCES = ['stack', 'bootstrap'] as const;
/**
 * The answer function's reserved concurrency: the most answers processed at once, so the most it (and the table's
 * writes) can cost per second whatever is sent. `none`: no reservation (an account whose concurrency quota is 10
 * cannot reserve any).
 */
export const DEFAULT_ANSWERS_RESERVED_CONCURRENCY = 20;
export const MAX_ANSWERS_RESERVED_CONCURRENCY = 1000;

/** Retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export type LatencyMode = (typeof LATENCY_MODES)[number];
export type ChannelType = (typeof CHANNEL_TYPES)[number];
export type FunctionRoleSource = (typeof FUNCTION_ROLE_SOURCES)[number];

export interface StateBackendConfig {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
}

export interface LiveConfig extends ShowConfig {
  /** Environment name: part of every resource name and of the state key. */
  readonly env: string;
  readonly region: string;
  readonly channelName: string;
  readonly latencyMode: LatencyMode;
  readonly channelType: ChannelType;
  /** Remote state; undefined means local state (a newcomer can synth with nothing set). */
  readonly state?: StateBackendConfig;
  readonly logRetentionDays: number;
  /** Who creates the functions' roles and the failure queue: this stack, or the bootstrap stack (the pipeline). */
  readonly functionRoles: FunctionRoleSource;
  /** The HTTPS front of the page: custom domain, edge locations, sites allowed to embed it. */
  readonly site: SiteConfig;
  /** The answer function's reserved concurrency; undefined: none reserved. */
  readonly answersReservedConcurrency?: number;
}

const CHANNEL_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const STATE_KEY = /^[A-Za-z0-9!_.*'()\/-]{1,1024}$/;

export function loadConfig(env: ConfigEnv = process.env, readText: ReadText = (p) => readFileSync(p, 'utf8')): LiveConfig {
  const vars: LiveConfigEnv = withoutEmpty(env);
  const problems = new Problems();
  const liveEnv = checkEnvName(problems, 'LIVE_ENV', liveEnvName(vars));
  const region = checkRegion(problems, 'AWS_REGION', vars.AWS_REGION ?? 'us-east-1');
  const channelName = problems.check('IVS_CHANNEL_NAME', vars.IVS_CHANNEL_NAME ?? stackName(liveEnv), (v) => CHANNEL_NAME.test(v),
    '1 to 128 letters, digits, dashes and underscores');
  const latencyMode = problems.oneOf('IVS_LATENCY_MODE', vars.IVS_LATENCY_MODE ?? 'LOW', LATENCY_MODES);
  const channelType = problems.oneOf('IVS_CHANNEL_TYPE', vars.IVS_CHANNEL_TYPE ?? 'STANDARD', CHANNEL_TYPES);
  const state = loadStateBackend(problems, vars, liveEnv, region);
  const show = readShowConfig(problems, vars, readText);
  const site = readSiteConfig(problems, vars);
  const logRetentionDays = problems.oneOf('LOG_RETENTION_DAYS', vars.LOG_RETENTION_DAYS ?? '14', LOG_RETENTION_DAYS.map(String));
  const functionRoles = problems.check('FUNCTION_ROLES', vars.FUNCTION_ROLES ?? 'stack', (v) => (FUNCTION_ROLE_SOURCES as readonly string[]).includes(v),
    `${FUNCTION_ROLE_SOURCES.join(', ')} (bootstrap: the roles npm run bootstrap made for LIVE_ENV, as the pipeline uses)`) as FunctionRoleSource;
  const answersReservedConcurrency = readReservedConcurrency(problems, vars.ANSWERS_RESERVED_CONCURRENCY ?? String(DEFAULT_ANSWERS_RESERVED_CONCURRENCY));
  problems.throwIfAny();
  return {
    env: liveEnv,
    region,
    channelName,
    latencyMode,
    channelType,
    state,
    ...show,
    logRetentionDays: Number(logRetentionDays),
    functionRoles,
    site,
    ...(answersReservedConcurrency !== undefined && { answersReservedConcurrency }),
  };
}

function readReservedConcurrency(problems: Problems, raw: string): number | undefined {
  if (raw === 'none') return undefined;
  const value = Number(raw);
  return Number(problems.check('ANSWERS_RESERVED_CONCURRENCY', raw, () => /^\d+$/.test(raw) && value >= 1 && value <= MAX_ANSWERS_RESERVED_CONCURRENCY,
    `a whole number from 1 to ${MAX_ANSWERS_RESERVED_CONCURRENCY}, or none (no reservation, for an account whose Lambda concurrency quota is 10)`));
}

function loadStateBackend(problems: Problems, vars: LiveConfigEnv, env: string, region: string): StateBackendConfig | undefined {
  const bucket = vars.STATE_BUCKET;
  if (bucket === undefined) {
    if (vars.STATE_KEY) problems.add('STATE_KEY is set but STATE_BUCKET is not; set STATE_BUCKET too, or unset STATE_KEY for local state');
    return undefined;
  }
  return {
    bucket: problems.check('STATE_BUCKET', bucket, isBucketName, BUCKET_NAME_RULE),
    // Under the environment's own prefix: the pipeline roles of an environment may read and write only that prefix.
    key: problems.check('STATE_KEY', vars.STATE_KEY ?? defaultStateKey(env), (v) => isStateKeyOf(env, v),
      `an S3 object key under ${stateKeyPrefix(env)} (the prefix of LIVE_ENV "${env}"), such as ${defaultStateKey(env)}, without ".." or "//"`),
    region: checkRegionFormat(problems, 'STATE_REGION', vars.STATE_REGION ?? region),
  };
}

/** Whether `key` is a state key the environment's roles may use: below its prefix, with no empty or `..` segment. */
function isStateKeyOf(env: string, key: string): boolean {
  const prefix = stateKeyPrefix(env);
  const rest = key.slice(prefix.length).split('/');
  return STATE_KEY.test(key) && key.startsWith(prefix) && rest.every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** Checks an environment name under LIVE_ENV's rule, naming it as `name` (shared with the bootstrap configuration). */
export function checkEnvName(problems: Problems, name: string, value: string): string {
  return problems.check(name, value, isEnvName, ENV_NAME_RULE);
}

function checkRegionFormat(problems: Problems, name: string, value: string): string {
  return problems.check(name, value, (v) => REGION.test(v), 'an AWS region code such as us-east-1');
}

/** Checks that `value` is a region with IVS low-latency streaming (shared with the bootstrap configuration). */
export function checkRegion(problems: Problems, name: string, value: string): string {
  if (!REGION.test(value)) return checkRegionFormat(problems, name, value);
  return problems.check(name, value, (v) => (IVS_REGIONS as readonly string[]).includes(v),
    `a region with Amazon IVS low-latency streaming: ${IVS_REGIONS.join(', ')}`);
}
