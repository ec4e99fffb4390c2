// Parses the host CLI's command line into what to send and where; pure (argv and env in, plain data out).
import { parseArgs } from 'node:util';
import { DEFAULT_PREVIEW_PORT } from '../core/local-preview';
import { CURRENT_QUESTION_KEY } from '../core/site-objects';
import { BUCKET_NAME_RULE, isBucketName } from '../core/bucket-name';
import { DEFAULT_LIVE_ENV, liveEnvName } from '../core/naming';
import { isTableName, TABLE_NAME_RULE } from '../core/answers';
import { isQuestionId, MAX_ANSWERS, QUESTION_ID_RULE } from '../core/payload';

export type PayloadSource =
  | { readonly kind: 'file'; readonly path: string }
  /** `secretCorrectIndex`: the right answer, kept in the answer table and out of the payload until the reveal. */
  | { readonly kind: 'inline'; readonly metadata: string; readonly secretCorrectIndex?: number }
  /** Close a question, count its answers and send the results; `correctIndex` for a question that did not say it. */
  | { readonly kind: 'reveal'; readonly questionId: string; readonly correctIndex?: number };

export type Target =
  /** The local preview (`npm start`): its channel, endpoint and fake credentials. */
  | { readonly kind: 'local'; readonly port: number }
  /** A channel ARN given on the command line, and the site bucket that keeps the current question, if given. */
  | { readonly kind: 'arn'; readonly channelArn: string; readonly bucket?: string; readonly table?: string; readonly endpoint?: string; readonly region?: string }
  /** The channel and site bucket of a deployed stack, from its Terraform outputs. */
  | { readonly kind: 'stack'; readonly env: string; readonly endpoint?: string; readonly region?: string };

export interface SendMetadataArgs {
  readonly payload: PayloadSource;
  readonly target: Target;
  /** Re-send the payload every this many seconds until interrupted (for viewers who join late). */
  readonly repeatSeconds?: number;
}

export type ParsedCommand = { readonly help: true } | ({ readonly help: false } & SendMetadataArgs);

export class UsageError extends Error {
  override name = 'UsageError';
}

/** IVS allows 5 PutMetadata calls per second per channel; a repeat faster than 1 s buys nothing for viewers. */
export const MIN_REPEAT_SECONDS = 1;

export const USAGE = `Send one timed-metadata payload (a quiz question or an announcement) to an IVS channel,
or reveal how the audience answered a question.

Usage: npm run send-metadata -- [payload] [target] [--repeat <seconds>]

Payload (exactly one):
  --file <path>                 a JSON payload file (see examples/quiz-question.json)
  --question <text> --answer <text> --answer <text> [...] --correct <n> [--id <id>] [--secret]
                                a quiz; --correct counts answers from 1 (first answer = 1); --secret keeps the right
                                answer out of the payload (viewers learn it at the reveal)
  --announcement <text>         an announcement
  --reveal <question id> [--correct <n>]
                                close the question for answers, count them, and send the results to every page;
                                --correct for a question whose payload and table do not hold its right answer

Target (default: the channel of the deployed stack, from Terraform outputs):
  --channel-arn <arn>           this channel
  --bucket <name>               with --channel-arn: also keep the payload as ${CURRENT_QUESTION_KEY} in this site bucket
  --table <name>                with --channel-arn: the answer table (a quiz with an id opens there; --reveal reads it)
  --env <name>                  the stack's environment (default: $LIVE_ENV or "${DEFAULT_LIVE_ENV}")
  --local [--port <n>]          the local preview of \`npm start\` (default port: $PREVIEW_PORT or ${DEFAULT_PREVIEW_PORT})
  --endpoint <url>              send to this IVS endpoint instead of AWS's
  --region <region>             AWS region (default: the channel ARN's region)

Late joiners: with the deployed stack (or --bucket), the payload IVS accepted is also written to
${CURRENT_QUESTION_KEY} in the site bucket (outputs' bucket_name), where pages opened later read it; your AWS
credentials need s3:PutObject on arn:aws:s3:::<bucket>/${CURRENT_QUESTION_KEY}. --local needs nothing: the preview keeps it.

Answers: a quiz with an id is opened for answers in the stack's answer table (outputs' answers_table) before it is
sent, and --reveal reads that table; your credentials need dynamodb:PutItem, UpdateItem, GetItem and Query on it.

Other:
  --repeat <seconds>            re-send every <seconds> (at least ${MIN_REPEAT_SECONDS}) until Ctrl-C, for viewers who join late
  --help                        show this text`;

const OPTIONS = {
  file: { type: 'string' },
  question: { type: 'string' },
  answer: { type: 'string', multiple: true },
  correct: { type: 'string' },
  id: { type: 'string' },
  secret: { type: 'boolean' },
  reveal: { type: 'string' },
  table: { type: 'string' },
  announcement: { type: 'string' },
  'channel-arn': { type: 'string' },
  bucket: { type: 'string' },
  env: { type: 'string' },
  local: { type: 'boolean' },
  port: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  repeat: { type: 'string' },
  help: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>>['values'];

export function parseSendMetadataArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCommand {
  let values: Values;
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error: unknown) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { help: true };
  const repeatSeconds = values.repeat === undefined ? undefined : parseRepeat(values.repeat);
  if (values.reveal !== undefined && repeatSeconds !== undefined) throw new UsageError('--repeat cannot be combined with --reveal (a reveal is sent once)');
  return { help: false, payload: parsePayload(values), target: parseTarget(values, env), ...(repeatSeconds !== undefined && { repeatSeconds }) };
}

function parsePayload(values: Values): PayloadSource {
  const given = (['file', 'question', 'announcement', 'reveal'] as const).filter((name) => values[name] !== undefined);
  if (given.length !== 1) {
    throw new UsageError(`give exactly one payload: --file, --question, --announcement or --reveal (got ${given.length === 0 ? 'none' : given.map((n) => `--${n}`).join(', ')})`);
  }
  if (values.question === undefined) {
    for (const name of ['answer', 'id', 'secret'] as const) {
      if (values[name] !== undefined) throw new UsageError(`--${name} goes with --question only`);
    }
    if (values.correct !== undefined && values.reveal === undefined) throw new UsageError('--correct goes with --question or --reveal only');
  }
  if (values.file !== undefined) return { kind: 'file', path: values.file };
  if (values.announcement !== undefined) return inline({ type: 'announcement', text: values.announcement });
  if (values.reveal !== undefined) return revealFromFlags(values.reveal, values.correct);
  const quiz = quizFromFlags(values.question as string, values.answer ?? [], values.correct, values.id);
  if (!values.secret) return inline(quiz);
  const { correctIndex, ...withoutAnswer } = quiz;
  return { ...inline(withoutAnswer), secretCorrectIndex: correctIndex };
}

function revealFromFlags(questionId: string, correct: string | undefined): PayloadSource {
  if (!isQuestionId(questionId)) throw new UsageError(`--reveal is ${JSON.stringify(questionId)}; allowed: ${QUESTION_ID_RULE}`);
  if (correct === undefined) return { kind: 'reveal', questionId };
  const number = Number(correct);
  if (!Number.isInteger(number) || number < 1 || number > MAX_ANSWERS) {
    throw new UsageError(`--correct is ${JSON.stringify(correct)}; allowed: a whole number from 1 to ${MAX_ANSWERS} (the right answer's number)`);
  }
  return { kind: 'reveal', questionId, correctIndex: number - 1 };
}

/** Builds the quiz object; the payload schema then checks it like any other payload. */
function quizFromFlags(question: string, answers: readonly string[], correct: string | undefined, id: string | undefined): Record<string, unknown> & { correctIndex: number } {
  if (correct === undefined) throw new UsageError('--correct <n> is required with --question (the number of the right answer, from 1)');
  const number = Number(correct);
  if (!Number.isInteger(number) || number < 1 || number > answers.length) {
    throw new UsageError(`--correct is ${JSON.stringify(correct)}; allowed: a whole number from 1 to ${answers.length} (the number of --answer flags)`);
  }
  return { type: 'quiz', ...(id !== undefined && { id }), question, answers, correctIndex: number - 1 };
}

function inline(payload: object): Extract<PayloadSource, { kind: 'inline' }> {
  return { kind: 'inline', metadata: JSON.stringify(payload) };
}

function parseTarget(values: Values, env: NodeJS.ProcessEnv): Target {
  const region = values.region;
  if (values.local) {
    for (const name of ['channel-arn', 'bucket', 'table', 'endpoint', 'env', 'region'] as const) {
      if (values[name] !== undefined) throw new UsageError(`--${name} cannot be combined with --local (the local preview has its own)`);
    }
    const port = values.port ?? env.PREVIEW_PORT;
    return { kind: 'local', port: port === undefined || port === '' ? DEFAULT_PREVIEW_PORT : parsePort(port) };
  }
  if (values.port !== undefined) throw new UsageError('--port goes with --local only (use --endpoint for another endpoint)');
  const endpoint = values.endpoint === undefined ? undefined : parseEndpoint(values.endpoint);
  const common = { ...(endpoint !== undefined && { endpoint }), ...(region !== undefined && { region }) };
  const channelArn = values['channel-arn'];
  if (channelArn !== undefined) {
    if (values.env !== undefined) throw new UsageError('--env cannot be combined with --channel-arn (the ARN already names the channel)');
    const bucket = values.bucket === undefined ? undefined : parseBucket(values.bucket);
    const table = values.table === undefined ? undefined : parseTable(values.table);
    return { kind: 'arn', channelArn, ...(bucket !== undefined && { bucket }), ...(table !== undefined && { table }), ...common };
  }
  if (values.bucket !== undefined) throw new UsageError("--bucket goes with --channel-arn only (the deployed stack's bucket comes from its outputs)");
  if (values.table !== undefined) throw new UsageError("--table goes with --channel-arn only (the deployed stack's table comes from its outputs)");
  return { kind: 'stack', env: values.env ?? liveEnvName(env), ...common };
}

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`port is ${JSON.stringify(raw)}; allowed: 1 to 65535`);
  return port;
}

function parseEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--endpoint is ${JSON.stringify(raw)}; allowed: an http:// or https:// URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--endpoint is ${JSON.stringify(raw)}; allowed: an http:// or https:// URL`);
  }
  return raw;
}

function parseBucket(raw: string): string {
  if (!isBucketName(raw)) throw new UsageError(`--bucket is ${JSON.stringify(raw)}; allowed: ${BUCKET_NAME_RULE}`);
  return raw;
}

function parseTable(raw: string): string {
  if (!isTableName(raw)) throw new UsageError(`--table is ${JSON.stringify(raw)}; allowed: ${TABLE_NAME_RULE}`);
  return raw;
}

function parseRepeat(raw: string): number {
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < MIN_REPEAT_SECONDS) {
    throw new UsageError(`--repeat is ${JSON.stringify(raw)}; allowed: a number of seconds, at least ${MIN_REPEAT_SECONDS}`);
  }
  return seconds;
}

/** The region in a channel ARN (arn:aws:ivs:<region>:<account>:channel/<id>), if it has one. */
export function regionOfArn(arn: string): string | undefined {
  const region = arn.split(':')[3];
  return region === undefined || region === '' ? undefined : region;
}
