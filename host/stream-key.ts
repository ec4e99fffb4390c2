// What `npm run stream-key` does (bin/stream-key.ts wires it to the process): find the channel of LIVE_ENV (or the one
// given, or the local preview's), read its stream key with the caller's own AWS credentials, and print it, but only to
// a person at a terminal: never into a pipe, a file or a CI log.
import { parseArgs } from 'node:util';
import { DEFAULT_PREVIEW_PORT } from '../core/local-preview';
import { DEFAULT_LIVE_ENV, liveEnvName } from '../core/naming';
import { IVS_CONSOLE_STREAM_KEY, streamKeyPrintRefusal } from '../core/stream-key';
import type { IvsClientOptions } from '../aws/clients';
import { errorMessage } from '../aws/errors';
import { readStreamKey, type StreamKeyClient } from '../aws/stream-key';
import { resolveTarget, type CliDependencies } from './send-metadata';
import { UsageError, type Target } from './send-metadata-args';

export const STREAM_KEY_USAGE = `Print the stream key of an IVS channel, for OBS (Settings > Stream > Stream Key).

Usage: npm run stream-key -- [target]

Target (default: the channel of the deployed stack of $LIVE_ENV, from Terraform outputs):
  --env <name>                  the stack's environment (default: $LIVE_ENV or "${DEFAULT_LIVE_ENV}")
  --channel-arn <arn>           this channel
  --local [--port <n>]          the local preview of \`npm start\` (default port: $PREVIEW_PORT or ${DEFAULT_PREVIEW_PORT})
  --region <region>             AWS region (default: the channel ARN's region)
  --help                        show this text

Your own AWS credentials need ivs:ListStreamKeys on the channel and ivs:GetStreamKey on its key; the pipeline's roles
have neither. The key is printed only to a terminal, never when CI is set. Or read it in the ${IVS_CONSOLE_STREAM_KEY}.`;

export interface StreamKeyDependencies {
  readonly readStackOutputs: CliDependencies['readStackOutputs'];
  readonly createClient: (options: IvsClientOptions) => StreamKeyClient;
  /** Whether standard output is a terminal. */
  readonly stdoutIsTerminal: boolean;
  /** Standard output: the key, and only the key's lines. */
  readonly print: (line: string) => void;
  /** Standard error: everything else. */
  readonly printError: (line: string) => void;
}

const OPTIONS = {
  env: { type: 'string' },
  'channel-arn': { type: 'string' },
  local: { type: 'boolean' },
  port: { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** The channel to read the key of, from the command line; 'help' for --help. */
export function parseStreamKeyArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Target | 'help' {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>>['values'];
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error: unknown) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const given = (['env', 'channel-arn', 'local'] as const).filter((name) => values[name] !== undefined);
  if (given.length > 1) throw new UsageError(`give at most one target: ${given.map((name) => `--${name}`).join(', ')} cannot be combined`);
  if (values.port !== undefined && !values.local) throw new UsageError('--port goes with --local only');
  if (values.local) {
    if (values.region !== undefined) throw new UsageError('--region cannot be combined with --local (the local preview has its own)');
    const port = values.port ?? env.PREVIEW_PORT;
    return { kind: 'local', port: port === undefined || port === '' ? DEFAULT_PREVIEW_PORT : parsePort(port) };
  }
  const region = values.region === undefined ? {} : { region: values.region };
  if (values['channel-arn'] !== undefined) return { kind: 'arn', channelArn: values['channel-arn'], ...region };
  return { kind: 'stack', env: values.env ?? liveEnvName(env), ...region };
}

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`port is ${JSON.stringify(raw)}; allowed: 1 to 65535`);
  return port;
}

/** Runs one command line; returns the exit code: 0 printed, 1 reading failed, 2 usage error or refused. */
export async function runStreamKey(argv: readonly string[], env: NodeJS.ProcessEnv, deps: StreamKeyDependencies): Promise<number> {
  let target: Target | 'help';
  try {
    target = parseStreamKeyArgs(argv, env);
  } catch (error: unknown) {
    deps.printError(`error: ${errorMessage(error)}\nrun with --help for usage`);
    return 2;
  }
  if (target === 'help') {
    deps.printError(STREAM_KEY_USAGE);
    return 0;
  }
  // Before any AWS call: nothing is fetched that could not be shown.
  const refusal = streamKeyPrintRefusal({ stdoutIsTerminal: deps.stdoutIsTerminal, env });
  if (refusal !== undefined) {
    deps.printError(refusal);
    return 2;
  }
  try {
    const resolved = await resolveTarget(target, deps.readStackOutputs);
    const key = await readStreamKey(deps.createClient(resolved.client), resolved.channelArn);
    deps.printError(`Stream key of ${resolved.channelArn} (secret: anyone holding it can broadcast on the channel):`);
    deps.print(key.value);
    return 0;
  } catch (error: unknown) {
    deps.printError(`error: cannot read the stream key: ${error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : ''}${errorMessage(error)}`);
    return 1;
  }
}
