// `npm run stream-key [-- --env prod | --channel-arn arn:… | --local]`: prints the channel's stream key to a terminal,
// read with your own AWS credentials. Wires the process (argv, env, Terraform outputs, the terminal) to host/stream-key.ts.
import { createIvsClient } from '../aws/clients';
import { runStreamKey } from '../host/stream-key';
import { readStackOutputs } from '../scripts/stack-outputs';

runStreamKey(process.argv.slice(2), process.env, {
  readStackOutputs,
  createClient: createIvsClient,
  stdoutIsTerminal: process.stdout.isTTY === true,
  print: (line) => process.stdout.write(`${line}\n`),
  printError: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
