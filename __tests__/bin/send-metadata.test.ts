// The CLI as the host runs it (`npm run send-metadata`, i.e. node --require tsx/cjs bin/send-metadata.ts), in a real process.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { LOCAL_ANSWERS_TABLE, LOCAL_CHANNEL_ARN, LOCAL_CREDENTIALS, LOCAL_REGION } from '../../core/local-preview';
import { createDynamoDbClient } from '../../aws/clients';
import { readQuestion } from '../../aws/question-store';
import { createLocalAnswerApi } from '../../local/answer-api';
import { startLocalAnswerTable } from '../../local/answer-table';
import { startRecordingIvsApi } from '../../testing/ivs-api-recorder';
import { npmScriptCommand } from '../../testing/npm-script';

// A fresh Node process with tsx per test: a loaded machine may need more than jest's default 5 s (a hang still fails).
jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');

function runCli(args: readonly string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const { command, args: scriptArgs } = npmScriptCommand('send-metadata');
    execFile(command, [...scriptArgs, ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout });
    });
  });
}

describe('send-metadata command', () => {
  it('sends the example quiz to the local preview endpoint and exits 0', async () => {
    const received: string[] = [];
    // The preview's port answers the IVS API and its answer table's DynamoDB API: the example quiz opens there.
    const table = await startLocalAnswerTable({ tableName: LOCAL_ANSWERS_TABLE });
    const answers = createLocalAnswerApi(table);
    const server = await startRecordingIvsApi({ channelArn: LOCAL_CHANNEL_ARN, isLive: () => true, onMetadata: (m) => received.push(m), alsoServe: [answers] });
    try {
      const { code, stdout } = await runCli(['--local', '--port', new URL(server.url).port, '--file', 'examples/quiz-question.json']);
      expect({ code, stdout }).toEqual({ code: 0, stdout: expect.stringContaining('sent after 1 attempt') });
      expect(JSON.parse(received[0])).toMatchObject({ type: 'quiz', id: 'q1-capital-of-australia' });
      const client = createDynamoDbClient({ endpoint: table.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
      expect(await readQuestion(client, LOCAL_ANSWERS_TABLE, 'q1-capital-of-australia')).toMatchObject({ status: 'open', answerCount: 4, correctIndex: 2 });
      client.destroy();
    } finally {
      await server.close();
      answers.close();
      await table.stop();
    }
  });

  it('exits 2 with the problem when the payload is invalid', async () => {
    const { code, stdout } = await runCli(['--local', '--question', 'Q?', '--answer', 'only', '--correct', '1']);
    expect(code).toBe(2);
    expect(stdout).toContain('error: invalid metadata: "answers" must be an array of 2 to 6 strings');
  });
});
