// The audience's answers and the questions that take them, in one DynamoDB table: on demand (nothing billed while
// idle), with a cap on writes per second as a cost ceiling, items expiring by TTL, and nothing kept after destroy.
import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { ANSWER_TABLE_LAYOUT, ANSWER_TABLE_MAX_WRITES_PER_SECOND } from '../../core/answers';

export interface AnswerTableProps {
  /** Table name, `ivs-live-<env>--answers`. */
  readonly tableName: string;
  /** Writes per second past which DynamoDB throttles instead of billing. @default ANSWER_TABLE_MAX_WRITES_PER_SECOND */
  readonly maxWritesPerSecond?: number;
}

export class AnswerTable extends Construct {
  public readonly tableName: string;
  public readonly tableArn: string;

  constructor(scope: Construct, id: string, props: AnswerTableProps) {
    super(scope, id);
    const maxWrites = props.maxWritesPerSecond ?? ANSWER_TABLE_MAX_WRITES_PER_SECOND;
    if (!Number.isInteger(maxWrites) || maxWrites < 1) {
      throw new Error(`AnswerTable "${props.tableName}": maxWritesPerSecond is ${maxWrites}; allowed: a whole number from 1`);
    }
    const { partitionKey, sortKey, ttlAttribute } = ANSWER_TABLE_LAYOUT;
    const table = new DynamodbTable(this, 'table', {
      name: props.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: partitionKey,
      rangeKey: sortKey,
      attribute: [
        { name: partitionKey, type: 'S' },
        { name: sortKey, type: 'S' },
      ],
      onDemandThroughput: { maxWriteRequestUnits: maxWrites },
      // Deleting expired items is free and asynchronous; the code never relies on it (dynalite has no TTL at all).
      ttl: { attributeName: ttlAttribute, enabled: true },
      // Answers of a show are worth a week, not a backup: nothing here is restored.
      pointInTimeRecovery: { enabled: false },
      deletionProtectionEnabled: false,
    });
    this.tableName = table.name;
    this.tableArn = table.arn;
  }
}
