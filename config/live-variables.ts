// The environment variables of an environment's configuration, listed once: loadConfig reads exactly these (its
// reads are typed by this list), the pipeline passes exactly these on from the repository variables, and the README's
// configuration table documents the same. A new setting is one more name here.

export const LIVE_CONFIG_VARIABLES = [
  'LIVE_ENV',
  'AWS_REGION',
  'IVS_CHANNEL_NAME',
  'IVS_LATENCY_MODE',
  'IVS_CHANNEL_TYPE',
  'STATE_BUCKET',
  'STATE_KEY',
  'STATE_REGION',
  'METADATA_JSON',
  'METADATA_FILE',
  'FIRST_QUESTION_DELAY_SECONDS',
  'LOG_RETENTION_DAYS',
  'FUNCTION_ROLES',
  'SITE_DOMAIN',
  'SITE_CERTIFICATE_ARN',
  'SITE_HOSTED_ZONE_ID',
  'CDN_PRICE_CLASS',
  'EMBED_ORIGINS',
  'ANSWERS_RESERVED_CONCURRENCY',
] as const;

export type LiveConfigVariable = (typeof LIVE_CONFIG_VARIABLES)[number];

/** The environment as the loaders read it: reading a variable that is not listed above does not compile. */
export type LiveConfigEnv = Readonly<Partial<Record<LiveConfigVariable, string>>>;

/** The variables that select remote state: without them the stack synthesizes with local state. */
export const STATE_BACKEND_VARIABLES = ['STATE_BUCKET', 'STATE_KEY', 'STATE_REGION'] as const satisfies readonly LiveConfigVariable[];
