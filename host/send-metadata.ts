// What the host CLI does (send-metadata.ts wires it to the process): validate a quiz question or announcement,
// send it with PutMetadata (same payload module and retry policy as the function) and, for a deployed stack, keep it
// in the site bucket for late joiners (same S3 call as the function), printing what happened.
import { createHash } from 'node:crypto';
import { LOCAL_CHANNEL_ARN, LOCAL_CREDENTIALS, LOCAL_REGION, localEndpoint } from '../core/local-preview';
import type { IvsClientOptions, S3ClientOptions } from '../aws/clients';
import { currentQuestionUri, putCurrentQuestion, type CurrentQuestionClient } from '../aws/current-question-object';
import { describePayload, validateMetadata } from '../core/payload';
import { errorMessage } from '../aws/errors';
import { putMetadataWithRetry, type PutMetadataClient } from '../aws/put-metadata';
import { parseSendMetadataArgs, regionOfArn, UsageError, USAGE, type PayloadSource, type Target } from './send-metadata-args';

export interface CliDependencies {
  readonly readFile: (path: string) => Promise<string>;
  /** Reads the deployed stack's Terraform outputs (scripts/stack-outputs.ts). */
  readonly readStackOutputs: (env: string) => Promise<{ readonly channelArn: string; readonly bucketName: string }>;
  readonly createClient: (options: IvsClientOptions) => PutMetadataClient;
  /** Builds the S3 client for the current-question object (only when there is a bucket). */
  readonly createS3Client: (options: S3ClientOptions) => CurrentQuestionClient;
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
  readonly target: ResolvedTarget;
  readonly repeatSeconds?: number;
}

/** Everything that can be wrong before anything is sent: arguments, payload, target. */
async function prepare(argv: readonly string[], env: NodeJS.ProcessEnv, deps: CliDependencies): Promise<SendPlan | 'help'> {
  const command = parseSendMetadataArgs(argv, env);
  if (command.help) return 'help';
  const metadata = await loadMetadata(command.payload, deps.readFile, command.repeatSeconds !== undefined);
  const target = await resolveTarget(command.target, deps.readStackOutputs);
  return { metadata, target, ...(command.repeatSeconds !== undefined && { repeatSeconds: command.repeatSeconds }) };
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
        await putCurrentQuestion(s3, bucket, plan.metadata);
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
export async function loadMetadata(source: PayloadSource, read: (path: string) => Promise<string>, repeating: boolean): Promise<string> {
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
    return { channelArn: LOCAL_CHANNEL_ARN, client: { endpoint: localEndpoint(target.port), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS } };
  }
  let channelArn: string;
  let bucket: string | undefined;
  if (target.kind === 'arn') {
    ({ channelArn, bucket } = target);
  } else {
    try {
      ({ channelArn, bucketName: bucket } = await readStackOutputs(target.env));
    } catch (error: unknown) {
      throw new ChannelUnknown(`cannot read the channel ARN of stack "${target.env}" from Terraform outputs (${errorMessage(error)}): run \`cdktf deploy\` first or pass --channel-arn`);
    }
  }
  const region = target.region ?? regionOfArn(channelArn);
  return {
    channelArn,
    client: { ...(target.endpoint !== undefined && { endpoint: target.endpoint }), ...(region !== undefined && { region }) },
    ...(bucket !== undefined && { bucket }),
  };
}

/** The bucket is in the channel's region (one stack); --endpoint is the IVS endpoint only, S3 keeps its own. */
function s3Options(ivs: IvsClientOptions): S3ClientOptions {
  return { ...(ivs.region !== undefined && { region: ivs.region }), ...(ivs.credentials !== undefined && { credentials: ivs.credentials }) };
}
