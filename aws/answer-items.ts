// The answer table's items and keys (table keys: `pk` S HASH, `sk` S RANGE), shared by every call on the table:
//   question  pk Q#<question id>                     sk Q            round, status, answers n, correct ci, payload,
//                                                                     shards, openedAt, closesAt, closedAt, counts
//   current   pk CURRENT                             sk Q            the question being asked now: qid, round, n,
//                                                                     shards, closesAt (what the answer function reads)
//   answer    pk A#<question id>#<round>#<shard>     sk V#<viewer>   c (choice), at
// Every item has `expiresAt` (epoch seconds), the table's TTL attribute. An answer's key is its (question, round,
// viewer): a retried or duplicated write can only ever hit the same item. No attribute name is a DynamoDB reserved
// word in an expression: expressions name every attribute through ExpressionAttributeNames.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ANSWER_ITEM_TTL_SECONDS, ANSWER_TABLE_LAYOUT, type CurrentQuestion } from '../core/answers';

export type Item = Record<string, AttributeValue>;

const { questionKeyPrefix: QUESTION_KEY_PREFIX, currentKey: CURRENT_KEY, answerKeyPrefix: ANSWER_KEY_PREFIX } = ANSWER_TABLE_LAYOUT;

const ITEM_SK = 'Q';

export function questionKey(questionId: string): Item {
  return { pk: { S: `${QUESTION_KEY_PREFIX}${questionId}` }, sk: { S: ITEM_SK } };
}

export function currentKey(): Item {
  return { pk: { S: CURRENT_KEY }, sk: { S: ITEM_SK } };
}

/** The partition of one shard of one opening of a question. */
export function answerPartition(questionId: string, round: string, shard: number): string {
  return `${ANSWER_KEY_PREFIX}${questionId}#${round}#${shard}`;
}

export function answerKey(questionId: string, round: string, shard: number, viewerId: string): Item {
  return { pk: { S: answerPartition(questionId, round, shard) }, sk: { S: `V#${viewerId}` } };
}

export function expiresAt(nowMs: number): AttributeValue {
  return { N: String(Math.floor(nowMs / 1000) + ANSWER_ITEM_TTL_SECONDS) };
}

export type QuestionStatus = 'open' | 'closed' | 'revealed';

/** A question as its item holds it. */
export interface StoredQuestion {
  readonly questionId: string;
  readonly round: string;
  readonly status: QuestionStatus;
  readonly answerCount: number;
  /** Kept here, not necessarily in what viewers got: the reveal sends it. */
  readonly correctIndex?: number;
  /** The quiz payload as sent to viewers (JSON text), for the late-joiner object after the reveal. */
  readonly payload: string;
  readonly shards: number;
  readonly openedAt: number;
  readonly closesAt: number;
  readonly closedAt?: number;
  /** Frozen at the reveal. */
  readonly counts?: readonly number[];
}

export function questionItem(question: StoredQuestion, nowMs: number): Item {
  return {
    ...questionKey(question.questionId),
    round: { S: question.round },
    status: { S: question.status },
    n: { N: String(question.answerCount) },
    ...(question.correctIndex !== undefined && { ci: { N: String(question.correctIndex) } }),
    payload: { S: question.payload },
    shards: { N: String(question.shards) },
    openedAt: { N: String(question.openedAt) },
    closesAt: { N: String(question.closesAt) },
    expiresAt: expiresAt(nowMs),
  };
}

export function parseQuestionItem(questionId: string, item: Item): StoredQuestion {
  return {
    questionId,
    round: item.round?.S ?? '',
    status: (item.status?.S ?? 'closed') as QuestionStatus,
    answerCount: Number(item.n?.N ?? '0'),
    ...(item.ci?.N !== undefined && { correctIndex: Number(item.ci.N) }),
    payload: item.payload?.S ?? '',
    shards: Number(item.shards?.N ?? '1'),
    openedAt: Number(item.openedAt?.N ?? '0'),
    closesAt: Number(item.closesAt?.N ?? '0'),
    ...(item.closedAt?.N !== undefined && { closedAt: Number(item.closedAt.N) }),
    ...(item.counts?.L !== undefined && { counts: item.counts.L.map((c) => Number(c.N ?? '0')) }),
  };
}

export function currentItem(current: CurrentQuestion, nowMs: number): Item {
  return {
    ...currentKey(),
    qid: { S: current.questionId },
    round: { S: current.round },
    n: { N: String(current.answerCount) },
    shards: { N: String(current.shards) },
    closesAt: { N: String(current.closesAt) },
    expiresAt: expiresAt(nowMs),
  };
}

export function parseCurrentItem(item: Item): CurrentQuestion {
  return {
    questionId: item.qid?.S ?? '',
    round: item.round?.S ?? '',
    answerCount: Number(item.n?.N ?? '0'),
    shards: Number(item.shards?.N ?? '1'),
    closesAt: Number(item.closesAt?.N ?? '0'),
  };
}

/** The SDK's ConditionalCheckFailedException (by name: a test's or an older SDK's class would not be `instanceof`). */
export function isConditionFailure(error: unknown): error is Error & { Item?: Item } {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
