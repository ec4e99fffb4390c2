// The preview's answer table: dynalite (DynamoDB's API in pure JavaScript, in memory) in a child process on 127.0.0.1,
// with the table made as Terraform makes it, so the answer function, the put-metadata function and the host CLI use
// the same SDK calls as against DynamoDB. A child process, not this one: the answers' load gets a core of its own.
// No Java needed (AWS's DynamoDB Local would need it); dynalite lacks transactions and TTL, which nothing here uses.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../core/local-preview';
import { createDynamoDbClient } from '../aws/clients';

export interface LocalAnswerTable {
  /** `http://127.0.0.1:<port>`: dynalite's own endpoint (AWS_ENDPOINT_URL_DYNAMODB of the functions). */
  readonly endpoint: string;
  readonly tableName: string;
  readonly pid: number | undefined;
  /** Stops dynalite; everything it held is gone. Idempotent. */
  stop(): Promise<void>;
}

// Runs in the child: dynalite in memory on an ephemeral port, which it prints; it ends with its parent (stdin closes).
const RUNNER = `
const server = require(process.argv[1])({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n'));
process.stdin.on('end', () => process.exit(0)).resume();
process.on('SIGTERM', () => process.exit(0));`;

export async function startLocalAnswerTable(options: { readonly tableName: string }): Promise<LocalAnswerTable> {
  const child = spawn(process.execPath, ['-e', RUNNER, require.resolve('dynalite')], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr?.resume();
  const stop = (): Promise<void> => stopChild(child);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`dynalite exited (${code}) before it listened`)));
    });
    const endpoint = `http://127.0.0.1:${port}`;
    const client = createDynamoDbClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    try {
      await createAnswerTable(client, options.tableName);
    } finally {
      client.destroy();
    }
    return { endpoint, tableName: options.tableName, pid: child.pid, stop };
  } catch (error: unknown) {
    await stop();
    throw error;
  }
}

/**
 * The table as stacks/constructs/answer-table.ts declares it: `pk`/`sk` strings, on demand. TTL is Terraform's alone
 * (dynalite has no UpdateTimeToLive; items carry `expiresAt` all the same).
 */
export async function createAnswerTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 2_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
