// What the host CLI does (send-metadata.ts wires it to the process): validate a quiz question or announcement,
// send it with PutMetadata (same payload module and retry policy as the function) and, for a deployed stack, keep it
// in the site bucket for late joiners (same S3 call as the function), printing what happened.
import { createHash, randomUUID } from 'node:crypto';
import { LOCAL_ANSWERS_TABLE, LOCAL_CHANNEL_ARN, LOCAL_CREDENTIALS, LOCAL_REGION, localEndpoint } from '../core/local-preview';
import type { DynamoDbClientOptions, IvsClientOptions, S3ClientOptions } from '../aws/clients';
import { DEFAULT_ANSWER_WINDOW_SECONDS } from '../core/answers';
import { currentPayloadsText } from '../core/current-payloads';
import type { AnswerStoreClient } from '../aws/answer-store';
import { openQuestion, type QuestionStoreClient } from '../aws/question-store';
import { revealQuestion } from './reveal';
import { currentQuestionUri, putCurrentQuestion, type CurrentQuestionClient } from '../aws/current-question-object';
import { describePayload, validateMetadata } from '../core/payload';
import { errorMessage } from '../aws/errors';
import { putMetadataWithRetry, type PutMetadataClient } from '../aws/put-metadata';
import { parseSendMetadataArgs, regionOfArn, UsageError, USAGE, type PayloadSource, type Target } from './send-metadata-args';

export interface CliDependencies {
  readonly readFile: (path: string) => Promise<string>;
  /** Reads the deployed stack's Terraform outputs (scripts/stack-outputs.ts). */
  readonly readStackOutputs: (env: string) => Promise<{ readonly channelArn: string; readonly bucketName: string; readonly answersTable?: string }>;
  readonly createClient: (options: IvsClientOptions) => PutMetadataClient;
  /** Builds the S3 client for the current-question object (only when there is a bucket). */
  readonly createS3Client: (options: S3ClientOptions) => CurrentQuestionClient;
  /** Builds the DynamoDB client for the answer table (only when there is one). */
  readonly createDynamoDbClient: (options: DynamoDbClientOptions) => QuestionStoreClient & AnswerStoreClient;
  /** @default Date.now */
  readonly now?: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly print: (line: string) => void;
  /** Aborted on Ctrl-C: ends a --repeat loop after the current send. */
  readonly signal?: AbortSignal;
}

/** The channel ARN was not given and the deployed stack's outputs do not tell it. */
export class ChannelUnknown extends Error {
  override name = 'ChannelUnknown';
}

export interface ResolvedTarget {
  readonly channelArn: string;
  readonly client: IvsClientOptions;
  /** The site bucket that keeps the current question; none for the local preview or a bare --channel-arn. */
  readonly bucket?: string;
  /** The answer table: questions with an id open there, reveals count there; none for a bare --channel-arn. */
  readonly table?: { readonly name: string; readonly client: DynamoDbClientOptions };
}

/** Runs one command line; returns the process exit code (0 sent, 1 failed, 2 usage or payload error). */
export async function runSendMetadata(argv: readonly string[], env: NodeJS.ProcessEnv, deps: CliDependencies): Promise<number> {
  let plan: SendPlan | 'help';
  try {
    plan = await prepare(argv, env, deps);
  } catch (error: unknown) {
    deps.print(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) deps.print('run with --help for usage');
    return 2;
  }
  if (plan === 'help') {
    deps.print(USAGE);
    return 0;
  }
  const where = `${plan.target.channelArn}${plan.target.client.endpoint ? ` via ${plan.target.client.endpoint}` : ''}`;
  deps.print(`sending ${describePayload(validateMetadata(plan.metadata))} (${Buffer.byteLength(plan.metadata)} bytes) to ${where}`);
  return sendRounds(plan, deps);
}

interface SendPlan {
  readonly metadata: string;
  /** What live/current.json holds once IVS accepted the payload: the payload, or a revealed question and its results. */
  readonly lateJoiner: string;
  readonly target: ResolvedTarget;
  readonly repeatSeconds?: number;
}

/** Everything that can be wrong before anything is sent: arguments, payload, target. */
async function prepare(argv: readonly string[], env: NodeJS.ProcessEnv, deps: CliDependencies): Promise<SendPlan | 'help'> {
  const command = parseSendMetadataArgs(argv, env);
  if (command.help) return 'help';
  const target = await resolveTarget(command.target, deps.readStackOutputs);
  const repeat = command.repeatSeconds !== undefined ? { repeatSeconds: command.repeatSeconds } : {};
  const { payload } = command;
  if (payload.kind === 'reveal') {
    const table = requireTable(target, '--reveal');
    const { question, results } = await revealQuestion(
      { client: deps.createDynamoDbClient(table.client), table: table.name, sleep: deps.sleep, now: deps.now ?? Date.now, print: deps.print },
      payload.questionId,
      payload.correctIndex,
    );
    return { metadata: results, lateJoiner: currentPayloadsText([question, results]), target, ...repeat };
  }
  const metadata = await loadMetadata(payload, deps.readFile, command.repeatSeconds !== undefined);
  await openForAnswers(metadata, payload.kind === 'inline' ? payload.secretCorrectIndex : undefined, target, deps);
  return { metadata, lateJoiner: metadata, target, ...repeat };
}

function requireTable(target: ResolvedTarget, flag: string): NonNullable<ResolvedTarget['table']> {
  if (target.table === undefined) throw new UsageError(`${flag} needs the answer table: deploy the stack (its outputs name it), or pass --table with --channel-arn`);
  return target.table;
}

/**
 * A quiz with an id takes answers: it is opened in the answer table (one round per run of this command, so a --repeat
 * keeps its answers) before IVS gets it, so no viewer's answer can arrive before the question is open.
 */
async function openForAnswers(metadata: string, secretCorrectIndex: number | undefined, target: ResolvedTarget, deps: CliDependencies): Promise<void> {
  const payload = validateMetadata(metadata);
  if (payload.type !== 'quiz' || payload.id === undefined || target.table === undefined) return;
  const correctIndex = secretCorrectIndex ?? payload.correctIndex;
  await openQuestion(deps.createDynamoDbClient(target.table.client), target.table.name, {
    questionId: payload.id,
    round: `host-${randomUUID()}`,
    payload: metadata,
    answerCount: payload.answers.length,
    ...(correctIndex !== undefined && { correctIndex }),
    windowSeconds: DEFAULT_ANSWER_WINDOW_SECONDS,
    now: (deps.now ?? Date.now)(),
  });
  deps.print(`opened ${JSON.stringify(payload.id)} for answers in ${target.table.name} (${DEFAULT_ANSWER_WINDOW_SECONDS} s, or until --reveal)`);
}

/**
 * Sends once, or with --repeat every N seconds until the signal aborts; each send has the full retry policy. The
 * current question is written after IVS accepted the payload, so a send to a channel that is not live (or no longer)
 * never leaves a question behind for late joiners.
 */
async function sendRounds(plan: SendPlan, deps: CliDependencies): Promise<number> {
  const client = deps.createClient(plan.target.client);
  const { bucket } = plan.target;
  const s3 = bucket === undefined ? undefined : deps.createS3Client(s3Options(plan.target.client));
  for (let round = 1; ; round += 1) {
    try {
      const { attempts } = await putMetadataWithRetry(plan.target.channelArn, plan.metadata, {
        client,
        sleep: deps.sleep,
        onRetry: ({ attempt, errorName, delayMs }) => deps.print(`attempt ${attempt}: ${errorName}; retrying in ${delayMs} ms`),
      });
      deps.print(`sent${plan.repeatSeconds !== undefined ? ` (#${round})` : ''} after ${attempts} attempt${attempts === 1 ? '' : 's'}`);
      if (s3 !== undefined && bucket !== undefined) {
        await putCurrentQuestion(s3, bucket, plan.lateJoiner);
        deps.print(`wrote ${currentQuestionUri(bucket)} for late joiners`);
      }
    } catch (error: unknown) {
      deps.print(`failed: ${error instanceof Error ? error.message : errorMessage(error)}`);
      return 1;
    }
    if (plan.repeatSeconds === undefined || deps.signal?.aborted) return 0;
    deps.print(`next send in ${plan.repeatSeconds} s (Ctrl-C to stop)`);
    await deps.sleep(plan.repeatSeconds * 1000);
    if (deps.signal?.aborted) {
      deps.print(`stopped after ${round} send${round === 1 ? '' : 's'}`);
      return 0;
    }
  }
}

/** The payload as validated JSON text; a repeated quiz gets a stable id so the page knows it is the same question. */
export async function loadMetadata(source: Exclude<PayloadSource, { kind: 'reveal' }>, read: (path: string) => Promise<string>, repeating: boolean): Promise<string> {
  let text: string;
  if (source.kind === 'inline') {
    text = source.metadata;
  } else {
    try {
      text = await read(source.path);
    } catch (error: unknown) {
      throw new UsageError(`cannot read --file ${JSON.stringify(source.path)}: ${errorMessage(error)}`);
    }
  }
  const metadata = compactJson(text);
  const payload = validateMetadata(metadata);
  if (!repeating || payload.type !== 'quiz' || payload.id !== undefined) return metadata;
  const withId = JSON.stringify({ ...payload, id: `q-${createHash('sha256').update(metadata).digest('hex').slice(0, 12)}` });
  validateMetadata(withId);
  return withId;
}

/** A pretty-printed file is sent without its whitespace (every byte counts against the 1 KB limit). */
function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text; // not JSON: validateMetadata says so
  }
}

/** Where to send: the local preview, the given ARN, or the deployed stack's channel from its Terraform outputs. */
export async function resolveTarget(target: Target, readStackOutputs: CliDependencies['readStackOutputs']): Promise<ResolvedTarget> {
  if (target.kind === 'local') {
    // The preview answers the IVS API and its answer table's DynamoDB API on its one port.
    const client = { endpoint: localEndpoint(target.port), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    return { channelArn: LOCAL_CHANNEL_ARN, client, table: { name: LOCAL_ANSWERS_TABLE, client } };
  }
  let channelArn: string;
  let bucket: string | undefined;
  let table: string | undefined;
  if (target.kind === 'arn') {
    ({ channelArn, bucket, table } = target);
  } else {
    try {
      ({ channelArn, bucketName: bucket, answersTable: table } = await readStackOutputs(target.env));
    } catch (error: unknown) {
      throw new ChannelUnknown(`cannot read the channel ARN of stack "${target.env}" from Terraform outputs (${errorMessage(error)}): run \`cdktf deploy\` first or pass --channel-arn`);
    }
  }
  const region = target.region ?? regionOfArn(channelArn);
  const client = { ...(target.endpoint !== undefined && { endpoint: target.endpoint }), ...(region !== undefined && { region }) };
  return {
    channelArn,
    client,
    ...(bucket !== undefined && { bucket }),
    // --endpoint is the IVS endpoint only: DynamoDB keeps AWS's (the table is in the channel's region, one stack).
    ...(table !== undefined && { table: { name: table, client: region !== undefined ? { region } : {} } }),
  };
}

/** The bucket is in the channel's region (one stack); --endpoint is the IVS endpoint only, S3 keeps its own. */
function s3Options(ivs: IvsClientOptions): S3ClientOptions {
  return { ...(ivs.region !== undefined && { region: ivs.region }), ...(ivs.credentials !== undefined && { credentials: ivs.credentials }) };
}
