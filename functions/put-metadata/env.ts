// The function's configuration, read from its environment once and checked, with an error that names the variable.
import { isTableName, TABLE_NAME_RULE } from '../../core/answers';
import { BUCKET_NAME_RULE, isBucketName } from '../../core/bucket-name';
import { validateMetadata } from '../../core/payload';
import { parseQuestionDelay, QUESTION_DELAY_RULE } from '../../core/question-delay';

export interface FunctionConfig {
  /** The only channel whose Stream Start the function acts on. */
  readonly channelArn: string;
  /** The payload to send, already validated (so a bad deploy fails loudly at start, not mid-show). */
  readonly metadata: string;
  /** Seconds to wait after Stream Start before the first question. */
  readonly firstQuestionDelaySeconds: number;
  /** The site bucket that keeps the current question for late joiners; unset: no S3 calls (the local preview). */
  readonly siteBucket?: string;
  /** The answer table, where a quiz with an id is opened for answers on Stream Start; unset: no DynamoDB calls. */
  readonly answersTable?: string;
}

export class InvalidEnvironment extends Error {
  override name = 'InvalidEnvironment';
}

export function readFunctionConfig(env: NodeJS.ProcessEnv): FunctionConfig {
  const channelArn = required(env, 'CHANNEL_ARN');
  const metadataJson = required(env, 'METADATA_JSON');
  try {
    validateMetadata(metadataJson);
  } catch (error: unknown) {
    throw new InvalidEnvironment(`\`METADATA_JSON\` environment variable is invalid: ${error instanceof Error ? error.message : String(error)}`);
  }
  const siteBucket = parseSiteBucket(env.SITE_BUCKET);
  const answersTable = parseAnswersTable(env.ANSWERS_TABLE);
  return {
    channelArn,
    metadata: metadataJson,
    firstQuestionDelaySeconds: parseDelaySeconds(env.FIRST_QUESTION_DELAY_SECONDS),
    ...(siteBucket !== undefined && { siteBucket }),
    ...(answersTable !== undefined && { answersTable }),
  };
}

/** Parses ANSWERS_TABLE: unset or empty means no answer table (questions are not opened for answers). */
export function parseAnswersTable(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!isTableName(raw)) throw new InvalidEnvironment(`\`ANSWERS_TABLE\` environment variable is ${JSON.stringify(raw)}; allowed: ${TABLE_NAME_RULE}`);
  return raw;
}

/** Parses SITE_BUCKET: unset or empty means no bucket (the S3 part is skipped). */
export function parseSiteBucket(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!isBucketName(raw)) {
    throw new InvalidEnvironment(`\`SITE_BUCKET\` environment variable is ${JSON.stringify(raw)}; allowed: ${BUCKET_NAME_RULE}`);
  }
  return raw;
}

/** Parses FIRST_QUESTION_DELAY_SECONDS by the rule synth applies (core/question-delay.ts); unset or empty means 0. */
export function parseDelaySeconds(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 0;
  const seconds = parseQuestionDelay(raw);
  if (seconds === undefined) {
    throw new InvalidEnvironment(`\`FIRST_QUESTION_DELAY_SECONDS\` environment variable is ${JSON.stringify(raw)}; allowed: ${QUESTION_DELAY_RULE}`);
  }
  return seconds;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new InvalidEnvironment(`\`${name}\` environment variable is not set`);
  }
  return value;
}
