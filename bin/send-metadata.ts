// Host CLI: `npm run send-metadata -- --file question.json` (or --question/--answer/--correct, --local, --repeat).
// Wires the process (argv, env, files, Terraform outputs, Ctrl-C, console) to runSendMetadata in run.ts.
import { readFile } from 'node:fs/promises';
import { readStackOutputs } from '../scripts/stack-outputs';
import { createDynamoDbClient, createIvsClient, createS3Client } from '../aws/clients';
import { runSendMetadata } from '../host/send-metadata';

/** Ctrl-C during a wait ends the wait at once (and removes its listener, so long --repeat runs do not pile them up). */
function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
runSendMetadata(process.argv.slice(2), process.env, {
  readFile: (path) => readFile(path, 'utf8'),
  readStackOutputs,
  createClient: createIvsClient,
  createS3Client,
  createDynamoDbClient,
  sleep: (ms) => abortableSleep(ms, controller.signal),
  print: (line) => console.log(line),
  signal: controller.signal,
}).then((code) => {
  process.exitCode = code;
});
