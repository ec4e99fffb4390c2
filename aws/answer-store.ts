// The two calls on answer items: store one viewer's answer exactly once (one conditional PutItem: the item's key is
// the viewer, so a retry, a duplicate or a crash-then-retry can never make a second one), and count a question's
// answers (a paginated Query per shard, run at the reveal after the question closed).
import {
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type GetItemCommandOutput,
  type PutItemCommandOutput,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { shardOf, type AnswerRequest, type CurrentQuestion } from '../core/answers';
import { answerKey, answerPartition, expiresAt, isConditionFailure, type Item } from './answer-items';

export interface AnswerStoreClient {
  send(command: PutItemCommand): Promise<PutItemCommandOutput>;
  send(command: GetItemCommand): Promise<GetItemCommandOutput>;
  send(command: QueryCommand): Promise<QueryCommandOutput>;
}

export type StoreOutcome =
  | { readonly outcome: 'recorded'; readonly choice: number }
  | { readonly outcome: 'duplicate'; readonly choice: number }
  | { readonly outcome: 'already-answered'; readonly choice: number };

/**
 * Stores the answer of `request.viewerId` to the current question. A condition failure is not an error: the viewer's
 * item exists, and the stored choice says whether this was a repeat (duplicate) or a change of mind (refused).
 */
export async function storeAnswer(client: AnswerStoreClient, table: string, current: CurrentQuestion, request: AnswerRequest, now: number): Promise<StoreOutcome> {
  const key = answerKey(current.questionId, current.round, shardOf(request.viewerId, current.shards), request.viewerId);
  try {
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: { ...key, c: { N: String(request.choice) }, at: { N: String(now) }, expiresAt: expiresAt(now) },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': 'pk' },
        // DynamoDB returns the stored item with the failure; dynalite does not, hence the read below.
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { outcome: 'recorded', choice: request.choice };
  } catch (error: unknown) {
    if (!isConditionFailure(error)) throw error;
    const stored = error.Item ?? (await client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
    const choice = Number(stored?.c?.N);
    // Answer items are never deleted while their question is current: a failed condition means one is there.
    if (!Number.isInteger(choice)) throw error;
    return choice === request.choice ? { outcome: 'duplicate', choice } : { outcome: 'already-answered', choice };
  }
}

export interface Tally {
  readonly counts: number[];
  /** Query pages read (each at most 1 MB): the reveal's read cost. */
  readonly pages: number;
}

/** Counts the answers of one opening of a question: one paginated, strongly consistent Query per shard, in parallel. */
export async function countAnswers(client: AnswerStoreClient, table: string, question: Pick<CurrentQuestion, 'questionId' | 'round' | 'shards' | 'answerCount'>): Promise<Tally> {
  const counts = Array.from({ length: question.answerCount }, () => 0);
  let pages = 0;
  await Promise.all(
    Array.from({ length: question.shards }, async (_, shard) => {
      let startKey: Item | undefined;
      do {
        const out = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': 'pk', '#c': 'c' },
            ExpressionAttributeValues: { ':pk': { S: answerPartition(question.questionId, question.round, shard) } },
            // Billed on the bytes read whatever is projected: answer items are kept tiny for that reason.
            ProjectionExpression: '#c',
            ConsistentRead: true,
            ...(startKey !== undefined && { ExclusiveStartKey: startKey }),
          }),
        );
        pages += 1;
        for (const item of out.Items ?? []) tallyOne(counts, item.c);
        startKey = out.LastEvaluatedKey;
      } while (startKey !== undefined);
    }),
  );
  return { counts, pages };
}

function tallyOne(counts: number[], choice: AttributeValue | undefined): void {
  const index = Number(choice?.N);
  if (Number.isInteger(index) && index >= 0 && index < counts.length) counts[index] += 1;
}
