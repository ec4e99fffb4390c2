// Stream state as IVS reports it: builds the EventBridge "IVS Stream State Change" event for the local channel and
// invokes the real bundled function with it in a fresh Node process, with the environment Lambda would give it.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { LOCAL_CREDENTIALS } from '../core/local-preview';
import { IVS_EVENT_SOURCE, STREAM_STATE_CHANGE, type IvsStreamStateChangeEvent } from '../core/stream-events';

export type StreamEventName = 'Stream Start' | 'Stream End';

export interface StreamStateEventOptions {
  readonly channelArn: string;
  readonly channelName: string;
  readonly eventName: StreamEventName;
  readonly streamId: string;
  readonly time: Date;
  /** @default a random UUID, like EventBridge's */
  readonly id?: string;
}

/** The event exactly as EventBridge delivers it for an IVS channel (account and region come from the ARN). */
export function streamStateChangeEvent(options: StreamStateEventOptions): IvsStreamStateChangeEvent {
  const [, , , region = '', account = ''] = options.channelArn.split(':');
  return {
    version: '0',
    id: options.id ?? randomUUID(),
    'detail-type': STREAM_STATE_CHANGE,
    source: IVS_EVENT_SOURCE,
    account,
    time: options.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [options.channelArn],
    detail: { event_name: options.eventName, channel_name: options.channelName, stream_id: options.streamId },
  };
}

export interface FunctionEnvironment {
  readonly channelArn: string;
  readonly region: string;
  readonly metadataJson: string;
  readonly firstQuestionDelaySeconds: number;
  /** Where the function's IVS client sends PutMetadata (the preview). */
  readonly ivsEndpoint: string;
  /** The answer table the function opens questions in, and its DynamoDB endpoint. @default none (no answers) */
  readonly answers?: { readonly table: string; readonly endpoint: string };
}

/** A fresh environment per invocation, as Lambda gives one: nothing of the developer's shell (no AWS profile). */
export function functionEnv(config: FunctionEnvironment): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    CHANNEL_ARN: config.channelArn,
    METADATA_JSON: config.metadataJson,
    FIRST_QUESTION_DELAY_SECONDS: String(config.firstQuestionDelaySeconds),
    AWS_ENDPOINT_URL_IVS: config.ivsEndpoint,
    ...(config.answers !== undefined && { ANSWERS_TABLE: config.answers.table, AWS_ENDPOINT_URL_DYNAMODB: config.answers.endpoint }),
    AWS_REGION: config.region,
    // The local endpoint checks that a request is signed, not by whom.
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    // Lambda runs Node 22; the SDK's "upgrade Node" notice on an older local Node is noise in the preview's log.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

// Runs in the child: reads the event from stdin, calls the bundle's handler, exits 1 when it throws.
const RUNNER = `
let input = '';
process.stdin.setEncoding('utf8').on('data', (d) => (input += d)).on('end', async () => {
  try {
    await require(process.argv[1]).handler(JSON.parse(input));
  } catch (error) {
    console.error(error instanceof Error ? error.name + ': ' + error.message : String(error));
    process.exitCode = 1;
  }
});`;

export interface InvocationOptions {
  /** Path of the bundled function (dist/functions/put-metadata/index.js). */
  readonly bundlePath: string;
  readonly env: NodeJS.ProcessEnv;
  readonly event: IvsStreamStateChangeEvent;
  /** Receives each line the function writes. */
  readonly log: (line: string) => void;
  /** Aborting kills the function's process. */
  readonly signal?: AbortSignal;
}

/** Invokes the handler once; resolves with its exit code (0: returned, 1: threw). */
export function invokeFunction(options: InvocationOptions): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', RUNNER, options.bundlePath], { env: options.env, stdio: ['pipe', 'pipe', 'pipe'], signal: options.signal });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) options.log(line);
      });
      stream.on('end', () => rest.trim() && options.log(rest));
    }
    child.once('error', (error) => {
      if (error.name !== 'AbortError') options.log(`could not run the function: ${error.message}`);
    });
    child.once('close', (code) => resolve(code ?? 1));
    child.stdin.end(JSON.stringify(options.event));
  });
}
