// Where a broadcaster reads the channel's stream key, and when `npm run stream-key` may print it. The key never goes
// through Terraform (its state would hold it in clear) or through CI: anyone holding it can broadcast on the channel.

/** The IVS console's page that shows a channel's stream key. */
export const IVS_CONSOLE_STREAM_KEY = 'Amazon IVS console (Channels > your channel > Stream configuration > Stream key)';

export interface PrintContext {
  /** Whether standard output is a terminal (not a file, a pipe, or a CI log). */
  readonly stdoutIsTerminal: boolean;
  /** The process environment: CI and GITHUB_ACTIONS say a CI system runs the command. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Why the key may not be printed here, or undefined when a person at a terminal asked for it. */
export function streamKeyPrintRefusal(context: PrintContext): string | undefined {
  const ci = ['CI', 'GITHUB_ACTIONS'].find((name) => (context.env[name] ?? '') !== '');
  if (ci !== undefined) {
    return `refusing to print the stream key: ${ci} is set, and a CI log keeps it for anyone who can read the run. Read it on your own machine, or in the ${IVS_CONSOLE_STREAM_KEY}.`;
  }
  if (!context.stdoutIsTerminal) {
    return `refusing to print the stream key: standard output is not a terminal, so it would end up in a file or another program. Run npm run stream-key in a terminal, or read it in the ${IVS_CONSOLE_STREAM_KEY}.`;
  }
  return undefined;
}
