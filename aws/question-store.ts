// The calls on a question's items, one small function each, shared by the function that opens the show's first question
// (put-metadata), the host CLI (later questions, the reveal) and the local preview. Single-item conditional writes only,
// so dynalite, DynamoDB Local and DynamoDB run the very same calls.
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DeleteItemCommandOutput,
  type GetItemCommandOutput,
  type PutItemCommandOutput,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { ANSWER_SHARDS, type CurrentQuestion } from '../core/answers';
import {
  currentItem,
  currentKey,
  isConditionFailure,
  parseCurrentItem,
  parseQuestionItem,
  questionItem,
  questionKey,
  type StoredQuestion,
} from './answer-items';

/** The part of DynamoDBClient these calls use (a DynamoDBClient, or a fake in tests). */
export interface QuestionStoreClient {
  send(command: GetItemCommand): Promise<GetItemCommandOutput>;
  send(command: PutItemCommand): Promise<PutItemCommandOutput>;
  send(command: UpdateItemCommand): Promise<UpdateItemCommandOutput>;
  send(command: DeleteItemCommand): Promise<DeleteItemCommandOutput>;
}

export class QuestionNotFound extends Error {
  override name = 'QuestionNotFound';
}

export interface OpenQuestionInput {
  readonly questionId: string;
  /** Who opens it, stable across re-sends by the same sender (the stream id on Stream Start; one per CLI run). */
  readonly round: string;
  /** The quiz payload as viewers get it (JSON text). */
  readonly payload: string;
  readonly answerCount: number;
  /** The right answer, kept here even when the payload hides it. */
  readonly correctIndex?: number;
  readonly windowSeconds: number;
  readonly now: number;
}

export interface OpenedQuestion {
  readonly question: StoredQuestion;
  /** false: the question was already open with this payload (a re-send), or this round already opened it. */
  readonly openedNow: boolean;
}

/**
 * Opens a question for answers and makes it the current one. A re-send (the same sender again, or the same payload
 * while its window is open) keeps the question as it is, answers and all; anything else opens it afresh in a new
 * round (the same id asked in a later show, or asked again after its reveal), whose answers are counted apart.
 */
export async function openQuestion(client: QuestionStoreClient, table: string, input: OpenQuestionInput): Promise<OpenedQuestion> {
  const fresh: StoredQuestion = {
    questionId: input.questionId,
    round: input.round,
    status: 'open',
    answerCount: input.answerCount,
    ...(input.correctIndex !== undefined && { correctIndex: input.correctIndex }),
    payload: input.payload,
    shards: ANSWER_SHARDS,
    openedAt: input.now,
    closesAt: input.now + input.windowSeconds * 1000,
  };
  let opened: OpenedQuestion;
  try {
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: questionItem(fresh, input.now),
        ConditionExpression: 'attribute_not_exists(#pk) OR (#round <> :round AND (#status <> :open OR #closesAt <= :now OR #payload <> :payload))',
        ExpressionAttributeNames: { '#pk': 'pk', '#round': 'round', '#status': 'status', '#closesAt': 'closesAt', '#payload': 'payload' },
        ExpressionAttributeValues: { ':round': { S: input.round }, ':open': { S: 'open' }, ':now': { N: String(input.now) }, ':payload': { S: input.payload } },
      }),
    );
    opened = { question: fresh, openedNow: true };
  } catch (error: unknown) {
    if (!isConditionFailure(error)) throw error;
    opened = { question: await readQuestion(client, table, input.questionId), openedNow: false };
  }
  await setCurrentQuestion(client, table, currentOf(opened.question), input.now);
  return opened;
}

/** The answer function's view of a question: refused from its close (or its window's end), whichever is first. */
export function currentOf(question: StoredQuestion): CurrentQuestion {
  const closesAt = question.status === 'open' ? question.closesAt : Math.min(question.closesAt, question.closedAt ?? question.closesAt);
  return { questionId: question.questionId, round: question.round, answerCount: question.answerCount, shards: question.shards, closesAt };
}

export async function setCurrentQuestion(client: QuestionStoreClient, table: string, current: CurrentQuestion, now: number): Promise<void> {
  await client.send(new PutItemCommand({ TableName: table, Item: currentItem(current, now) }));
}

/** The question being asked now, strongly consistent; undefined when none is (no show live). */
export async function readCurrentQuestion(client: QuestionStoreClient, table: string): Promise<CurrentQuestion | undefined> {
  const out = await client.send(new GetItemCommand({ TableName: table, Key: currentKey(), ConsistentRead: true }));
  return out.Item === undefined ? undefined : parseCurrentItem(out.Item);
}

/** The show is over (Stream End): no question takes answers any more. Idempotent. */
export async function forgetCurrentQuestion(client: QuestionStoreClient, table: string): Promise<void> {
  await client.send(new DeleteItemCommand({ TableName: table, Key: currentKey() }));
}

export async function readQuestion(client: QuestionStoreClient, table: string, questionId: string): Promise<StoredQuestion> {
  const out = await client.send(new GetItemCommand({ TableName: table, Key: questionKey(questionId), ConsistentRead: true }));
  if (out.Item === undefined) throw new QuestionNotFound(`no question "${questionId}" was opened for answers (send it first)`);
  return parseQuestionItem(questionId, out.Item);
}

/**
 * Closes a question for answers (idempotent: a closed or revealed question is returned as it is), and, when it is the
 * current one, the current question too, so the answer function refuses new answers from the next cache period on.
 */
export async function closeQuestion(client: QuestionStoreClient, table: string, questionId: string, now: number): Promise<StoredQuestion> {
  let question: StoredQuestion;
  try {
    const out = await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: questionKey(questionId),
        UpdateExpression: 'SET #status = :closed, #closedAt = :now',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status', '#closedAt': 'closedAt' },
        ExpressionAttributeValues: { ':closed': { S: 'closed' }, ':open': { S: 'open' }, ':now': { N: String(now) } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    question = parseQuestionItem(questionId, out.Attributes ?? {});
  } catch (error: unknown) {
    if (!isConditionFailure(error)) throw error;
    return readQuestion(client, table, questionId);
  }
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: currentKey(),
        UpdateExpression: 'SET #closesAt = :now',
        ConditionExpression: '#qid = :qid AND #round = :round AND #closesAt > :now',
        ExpressionAttributeNames: { '#closesAt': 'closesAt', '#qid': 'qid', '#round': 'round' },
        ExpressionAttributeValues: { ':now': { N: String(now) }, ':qid': { S: questionId }, ':round': { S: question.round } },
      }),
    );
  } catch (error: unknown) {
    // Another question is current by now, or the window was over: nothing to close there.
    if (!isConditionFailure(error)) throw error;
  }
  return question;
}

/**
 * Freezes a closed question's counts (once: a second reveal gets the first one's counts). Returns the counts stored,
 * which are this call's unless another reveal froze its own first.
 */
export async function freezeCounts(client: QuestionStoreClient, table: string, question: StoredQuestion, counts: readonly number[]): Promise<readonly number[]> {
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: questionKey(question.questionId),
        UpdateExpression: 'SET #status = :revealed, #counts = :counts',
        ConditionExpression: '#status = :closed AND #round = :round AND attribute_not_exists(#counts)',
        ExpressionAttributeNames: { '#status': 'status', '#counts': 'counts', '#round': 'round' },
        ExpressionAttributeValues: {
          ':revealed': { S: 'revealed' },
          ':closed': { S: 'closed' },
          ':round': { S: question.round },
          ':counts': { L: counts.map((c) => ({ N: String(c) })) },
        },
      }),
    );
    return counts;
  } catch (error: unknown) {
    if (!isConditionFailure(error)) throw error;
    const stored = await readQuestion(client, table, question.questionId);
    if (stored.round !== question.round || stored.counts === undefined) throw error;
    return stored.counts;
  }
}
