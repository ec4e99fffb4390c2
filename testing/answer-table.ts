// An answer table for a test: dynalite started by the test (the preview's own, local/answer-table.ts), a fresh table
// per call, and a client of the real SDK pointed at it.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../core/local-preview';
import { createDynamoDbClient } from '../aws/clients';
import { createAnswerTable, startLocalAnswerTable, type LocalAnswerTable } from '../local/answer-table';

export interface TestAnswerTables {
  readonly engine: LocalAnswerTable;
  readonly client: DynamoDBClient;
  /** A new, empty table; its name. */
  freshTable(): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestAnswerTables(): Promise<TestAnswerTables> {
  // The SDK's note about Node 22 is noise in test output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const engine = await startLocalAnswerTable({ tableName: 'answers-0' });
  const client = createDynamoDbClient({ endpoint: engine.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  let tables = 0;
  return {
    engine,
    client,
    freshTable: async () => {
      tables += 1;
      const name = `answers-${tables}`;
      await createAnswerTable(client, name);
      return name;
    },
    stop: async () => {
      client.destroy();
      await engine.stop();
    },
  };
}
