// The answer function's handler with the real SDK against dynalite (started by the test): every request it can get
// through the CDN, the status and reason of each, and that no refusal changes a count.
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { ANSWERS_API_PATH, CURRENT_QUESTION_CACHE_MS, type AnswerReply } from '../../../core/answers';
import { countAnswers } from '../../../aws/answer-store';
import { closeQuestion, forgetCurrentQuestion, openQuestion, readCurrentQuestion } from '../../../aws/question-store';
import { createAnswerHandler, type AnswerHandler, type AnswerLogEntry } from '../../../functions/answers/handler';
import { readAnswerFunctionConfig } from '../../../functions/answers/env';
import { startTestAnswerTables, type TestAnswerTables } from '../../../testing/answer-table';

jest.setTimeout(60_000);

const VIEWER = 'viewer-AAAAAAAAAAAAAAAA';
const OTHER = 'viewer-BBBBBBBBBBBBBBBB';
const PAYLOAD = '{"type":"quiz","id":"q1","question":"2+2?","answers":["3","4"]}';

let tables: TestAnswerTables;
let table: string;
let clock: number;
let logs: AnswerLogEntry[];
let handler: AnswerHandler;

beforeAll(async () => {
  tables = await startTestAnswerTables();
});
afterAll(async () => tables?.stop());
beforeEach(async () => {
  table = await tables.freshTable();
  clock = 1_000;
  logs = [];
  handler = createAnswerHandler({ config: { table }, client: tables.client, now: () => clock, log: (entry) => logs.push(entry) });
  await openQuestion(tables.client, table, { questionId: 'q1', round: 'st-1', payload: PAYLOAD, answerCount: 2, correctIndex: 1, windowSeconds: 60, now: clock });
});

/** A function-URL event as CloudFront's origin request makes it (payload format 2.0). */
function event(body: string, overrides: { method?: string; path?: string; headers?: Record<string, string>; base64?: boolean } = {}): LambdaFunctionURLEvent {
  const path = overrides.path ?? ANSWERS_API_PATH;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...overrides.headers },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: 'local.lambda-url.us-east-1.on.aws',
      domainPrefix: 'local',
      http: { method: overrides.method ?? 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r',
      routeKey: '$default',
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 0,
    },
    body: overrides.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: overrides.base64 ?? false,
  };
}

const answerBody = (choice: unknown, viewerId = VIEWER, questionId = 'q1'): string => JSON.stringify({ questionId, viewerId, choice });

async function send(e: LambdaFunctionURLEvent): Promise<{ status: number; body: AnswerReply; headers: Record<string, unknown> }> {
  const result = await handler(e);
  return { status: result.statusCode ?? 0, body: JSON.parse(result.body ?? '{}') as AnswerReply, headers: result.headers ?? {} };
}

async function counts(): Promise<number[]> {
  const current = await readCurrentQuestion(tables.client, table);
  return (await countAnswers(tables.client, table, current!)).counts;
}

describe('the answer function', () => {
  it('records a first answer (201), calls a repeat a duplicate (200) and counts it once', async () => {
    expect(await send(event(answerBody(1)))).toMatchObject({ status: 201, body: { outcome: 'recorded', choice: 1, message: 'Your answer is in.' } });
    expect(await send(event(answerBody(1)))).toMatchObject({ status: 200, body: { outcome: 'duplicate', choice: 1 } });
    expect(await counts()).toEqual([0, 1]);
  });

  it('refuses a second, different answer of the same viewer (409) and keeps the first', async () => {
    await send(event(answerBody(1)));
    expect(await send(event(answerBody(0)))).toMatchObject({ status: 409, body: { outcome: 'already-answered', choice: 1 } });
    expect(await counts()).toEqual([0, 1]);
  });

  it('decodes a base64 body, as a function URL passes bodies it does not take for text', async () => {
    expect(await send(event(answerBody(0), { base64: true }))).toMatchObject({ status: 201, body: { outcome: 'recorded' } });
  });

  it('answers JSON that no cache keeps', async () => {
    expect((await send(event(answerBody(0)))).headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  });

  it.each([
    ['another method', event(answerBody(0), { method: 'GET' }), 405, 'method-not-allowed'],
    ['another path under /api/', event(answerBody(0), { path: '/api/other' }), 400, 'unknown-path'],
    ['a form post (another content type)', event(answerBody(0), { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported-media-type'],
    ['a declared body over the limit', event(answerBody(0), { headers: { 'content-length': '100000' } }), 413, 'too-large'],
    ['a body over the limit', event(JSON.stringify({ questionId: 'q1', viewerId: VIEWER, choice: 0, pad: 'x'.repeat(5000) }), { headers: { 'content-length': '100' } }), 413, 'too-large'],
    ['a body that is not JSON', event('questionId=q1'), 400, 'malformed'],
    ['a choice as text', event(answerBody('1')), 400, 'malformed'],
    ['a choice the question does not have', event(answerBody(2)), 400, 'invalid-choice'],
    ['an unknown question', event(answerBody(0, VIEWER, 'q9')), 409, 'unknown-question'],
  ])('refuses %s with its status and reason, and changes no count', async (_name, request, status, outcome) => {
    const reply = await send(request);
    expect(reply).toMatchObject({ status, body: { outcome } });
    expect(reply.body.message.length).toBeGreaterThan(10);
    expect(await counts()).toEqual([0, 0]);
  });

  it('refuses answers once the host closed the question (409 closed), after at most one cache period', async () => {
    await send(event(answerBody(1)));
    await closeQuestion(tables.client, table, 'q1', clock);
    clock += CURRENT_QUESTION_CACHE_MS;
    expect(await send(event(answerBody(0, OTHER)))).toMatchObject({ status: 409, body: { outcome: 'closed' } });
    expect(await counts()).toEqual([0, 1]);
  });

  it('refuses answers after the window ends, and when no show is live', async () => {
    clock += 60_000;
    expect(await send(event(answerBody(0)))).toMatchObject({ status: 409, body: { outcome: 'closed' } });
    await forgetCurrentQuestion(tables.client, table);
    clock += CURRENT_QUESTION_CACHE_MS;
    expect(await send(event(answerBody(0)))).toMatchObject({ status: 409, body: { outcome: 'unknown-question' } });
  });

  it('reads the current question once per cache period, not once per answer', async () => {
    const sent: string[] = [];
    const counting = createAnswerHandler({
      config: { table },
      client: { send: (command: { constructor: { name: string } }) => (sent.push(command.constructor.name), tables.client.send(command as never)) } as never,
      now: () => clock,
    });
    for (const viewer of ['viewer-CCCCCCCCCCCCCCCC', 'viewer-DDDDDDDDDDDDDDDD', 'viewer-EEEEEEEEEEEEEEEE']) await counting(event(answerBody(0, viewer)));
    expect(sent).toEqual(['GetItemCommand', 'PutItemCommand', 'PutItemCommand', 'PutItemCommand']);
  });

  it('answers 503 with Retry-After when the store cannot be reached, logging why, so the page sends it again', async () => {
    const broken = createAnswerHandler({
      config: { table: 'no-such-table' },
      client: tables.client,
      now: () => clock,
      log: (entry) => logs.push(entry),
    });
    const reply = await broken(event(answerBody(0)));
    expect(reply).toMatchObject({ statusCode: 503, headers: expect.objectContaining({ 'retry-after': '1' }) });
    expect(JSON.parse(reply.body ?? '{}')).toMatchObject({ outcome: 'unavailable' });
    expect(logs).toEqual([expect.objectContaining({ outcome: 'unavailable', questionId: 'q1', error: 'ResourceNotFoundException' })]);
  });
});

describe('the answer function\'s environment', () => {
  it('needs ANSWERS_TABLE, a DynamoDB table name', () => {
    expect(readAnswerFunctionConfig({ ANSWERS_TABLE: 'ivs-live-dev--answers' })).toEqual({ table: 'ivs-live-dev--answers' });
    expect(() => readAnswerFunctionConfig({})).toThrow('`ANSWERS_TABLE` environment variable is not set');
    expect(() => readAnswerFunctionConfig({ ANSWERS_TABLE: 'a b' })).toThrow('`ANSWERS_TABLE` environment variable is "a b"; allowed: a DynamoDB table name');
  });
});
