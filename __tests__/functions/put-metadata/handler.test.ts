// The handler with injected fakes: what it sends, what it ignores, what it logs, and that it throws on failure;
// the current-question object through the real S3 SDK against the local S3 stand-in, and the answer table through the
// real DynamoDB SDK against dynalite.
import { AccessDeniedException } from '@aws-sdk/client-ivs';
import { createHandler, type HandlerDependencies, type HandlerLogEntry } from '../../../functions/put-metadata/handler';
import { LIVE_OBJECT_CACHE, JSON_CONTENT_TYPE, CURRENT_QUESTION_KEY } from '../../../core/site-objects';
import type { IvsStreamStateChangeEvent } from '../../../core/stream-events';
import { startFakeS3, type FakeS3 } from '../../../testing/fake-s3';
import { $metadata, fakeTime, notBroadcasting, scriptedClient } from '../../../testing/fake-ivs';
import { readCurrentQuestion, readQuestion } from '../../../aws/question-store';
import { startTestAnswerTables, type TestAnswerTables } from '../../../testing/answer-table';

const CHANNEL = 'arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf123456';
const METADATA = '{"type":"quiz","question":"2+2?","answers":["3","4"],"correctIndex":1}';
const BUCKET = 'ivs-live-dev-site-20261125160000000000000001';

function streamEvent(eventName: string, resources: string[] = [CHANNEL]): IvsStreamStateChangeEvent {
  return {
    version: '0',
    id: `evt-${eventName}`,
    'detail-type': 'IVS Stream State Change',
    source: 'aws.ivs',
    account: '123456789012',
    time: '2026-11-25T16:00:00Z',
    region: 'us-east-1',
    resources,
    detail: { event_name: eventName, channel_name: 'live', stream_id: 'st-1' },
  };
}

function setup(outcomes: Parameters<typeof scriptedClient>[0], delaySeconds = 0, s3?: FakeS3) {
  const client = scriptedClient(outcomes);
  const time = fakeTime();
  const logs: HandlerLogEntry[] = [];
  const dependencies: HandlerDependencies = {
    config: { channelArn: CHANNEL, metadata: METADATA, firstQuestionDelaySeconds: delaySeconds, ...(s3 !== undefined && { siteBucket: BUCKET }) },
    client,
    ...(s3 !== undefined && { s3: s3.client() }),
    ...time,
    random: () => 0,
    log: (entry) => logs.push(entry),
  };
  return { handler: createHandler(dependencies), client, time, logs };
}

describe('put-metadata handler', () => {
  it('sends the configured payload to the configured channel on Stream Start and logs one line', async () => {
    const { handler, client, logs } = setup(['ok']);
    await handler(streamEvent('Stream Start'));
    expect(client.inputs).toEqual([{ channelArn: CHANNEL, metadata: METADATA }]);
    expect(logs).toEqual([{ eventId: 'evt-Stream Start', channel: CHANNEL, outcome: 'sent', currentQuestion: 'skipped', attempts: 1, delaySeconds: 0 }]);
  });

  it.each(['Session Created', 'Session Ended', 'Stream Failure'])('ignores %s with one log line and no call', async (name) => {
    const { handler, client, logs } = setup(['ok']);
    await expect(handler(streamEvent(name))).resolves.toMatchObject({ outcome: 'ignored' });
    expect(client.inputs).toEqual([]);
    expect(logs).toEqual([
      { eventId: `evt-${name}`, channel: CHANNEL, outcome: 'ignored', currentQuestion: 'skipped', attempts: 0, reason: `detail.event_name is "${name}", not "Stream Start" or "Stream End"` },
    ]);
  });

  it('ignores Stream End without a site bucket, saying there is nothing to delete', async () => {
    const { handler, client, logs } = setup(['ok']);
    await handler(streamEvent('Stream End'));
    expect(client.inputs).toEqual([]);
    expect(logs).toEqual([
      { eventId: 'evt-Stream End', channel: CHANNEL, outcome: 'ignored', currentQuestion: 'skipped', attempts: 0, reason: 'Stream End and no SITE_BUCKET: no current question to delete' },
    ]);
  });

  it('ignores Stream Start of another channel', async () => {
    const other = 'arn:aws:ivs:us-east-1:123456789012:channel/Other0000000';
    const { handler, client, logs } = setup(['ok']);
    await handler(streamEvent('Stream Start', [other]));
    expect(client.inputs).toEqual([]);
    expect(logs).toEqual([expect.objectContaining({ channel: other, outcome: 'ignored', reason: 'event is for another channel' })]);
  });

  it.each([
    ['null', null],
    ['a string', 'Stream Start'],
    ['an object without detail', { id: 'x', 'detail-type': 'IVS Stream State Change', resources: [CHANNEL] }],
  ])('ignores a malformed event (%s) without throwing', async (_name, event) => {
    const { handler, client, logs } = setup(['ok']);
    await expect(handler(event as unknown as IvsStreamStateChangeEvent)).resolves.toMatchObject({ outcome: 'ignored' });
    expect(client.inputs).toEqual([]);
    expect(logs).toHaveLength(1);
  });

  it('retries until the channel broadcasts and logs the number of attempts', async () => {
    const { handler, logs, time } = setup([notBroadcasting(), notBroadcasting(), 'ok']);
    await handler(streamEvent('Stream Start'));
    expect(time.sleeps).toEqual([125, 250]);
    expect(logs).toEqual([expect.objectContaining({ outcome: 'sent', attempts: 3 })]);
  });

  it('waits the configured delay before the first question', async () => {
    const { handler, time, client } = setup(['ok'], 15);
    await handler(streamEvent('Stream Start'));
    expect(time.sleeps).toEqual([15_000]);
    expect(client.inputs).toHaveLength(1);
  });

  it('does not wait before an ignored event even with a delay configured', async () => {
    const { handler, time } = setup(['ok'], 15);
    await handler(streamEvent('Stream End'));
    expect(time.sleeps).toEqual([]);
  });

  it('throws on final failure after logging it, so the async invocation is retried', async () => {
    const denied = new AccessDeniedException({ message: 'UnknownError', exceptionMessage: 'not authorized to perform ivs:PutMetadata', $metadata });
    const { handler, logs } = setup([denied]);
    await expect(handler(streamEvent('Stream Start'))).rejects.toThrow(
      'PutMetadata failed after 1 attempt: AccessDeniedException: not authorized to perform ivs:PutMetadata',
    );
    expect(logs).toEqual([
      expect.objectContaining({ outcome: 'failed', attempts: 1, reason: 'PutMetadata failed after 1 attempt: AccessDeniedException: not authorized to perform ivs:PutMetadata' }),
    ]);
  });

  it('throws after the retry budget when the channel never broadcasts', async () => {
    const { handler, logs } = setup([notBroadcasting()]);
    await expect(handler(streamEvent('Stream Start'))).rejects.toThrow(/ChannelNotBroadcasting: Channel is not broadcasting/);
    expect(logs[0].attempts).toBeGreaterThan(5);
  });

  it('writes one JSON line to the console by default, at error level for a failure', async () => {
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const config = { channelArn: CHANNEL, metadata: METADATA, firstQuestionDelaySeconds: 0 };
      const time = fakeTime();
      await createHandler({ config, client: scriptedClient(['ok']), ...time })(streamEvent('Stream Start'));
      await expect(createHandler({ config, client: scriptedClient([new Error('boom')]), ...time })(streamEvent('Stream Start'))).rejects.toThrow('boom');
      expect(info.mock.calls.map(([line]) => JSON.parse(line as string))).toEqual([expect.objectContaining({ outcome: 'sent' })]);
      expect(error.mock.calls.map(([line]) => JSON.parse(line as string))).toEqual([expect.objectContaining({ outcome: 'failed' })]);
    } finally {
      info.mockRestore();
      error.mockRestore();
    }
  });
});

describe('put-metadata handler with a site bucket', () => {
  let s3: FakeS3;

  beforeEach(async () => {
    s3 = await startFakeS3(BUCKET);
  });

  afterEach(async () => {
    await s3.close();
  });

  it('writes the payload as the current question, no-cache and JSON, before sending it on Stream Start', async () => {
    let objectAtSend: Buffer | undefined;
    const { handler, client, logs } = setup(['ok'], 0, s3);
    const send = client.send.bind(client);
    client.send = async (command) => {
      objectAtSend = s3.objects.get(CURRENT_QUESTION_KEY)?.body;
      return send(command);
    };
    await handler(streamEvent('Stream Start'));
    expect(objectAtSend?.toString('utf8')).toBe(METADATA);
    expect(s3.objects.get(CURRENT_QUESTION_KEY)).toEqual({
      body: Buffer.from(METADATA),
      contentType: JSON_CONTENT_TYPE,
      cacheControl: LIVE_OBJECT_CACHE,
    });
    expect(client.inputs).toEqual([{ channelArn: CHANNEL, metadata: METADATA }]);
    expect(logs).toEqual([{ eventId: 'evt-Stream Start', channel: CHANNEL, outcome: 'sent', currentQuestion: 'written', attempts: 1, delaySeconds: 0 }]);
  });

  it('writes the current question only after the configured delay', async () => {
    const time = fakeTime();
    const objectDuringDelay: boolean[] = [];
    const handler = createHandler({
      config: { channelArn: CHANNEL, metadata: METADATA, firstQuestionDelaySeconds: 15, siteBucket: BUCKET },
      client: scriptedClient(['ok']),
      s3: s3.client(),
      now: time.now,
      sleep: async (ms) => {
        objectDuringDelay.push(s3.objects.has(CURRENT_QUESTION_KEY));
        await time.sleep(ms);
      },
      log: () => undefined,
    });
    await handler(streamEvent('Stream Start'));
    expect(time.sleeps).toEqual([15_000]);
    expect(objectDuringDelay).toEqual([false]);
    expect(s3.objects.has(CURRENT_QUESTION_KEY)).toBe(true);
  });

  it('deletes the current question on Stream End without calling IVS', async () => {
    s3.objects.set(CURRENT_QUESTION_KEY, { body: Buffer.from(METADATA), contentType: undefined, cacheControl: undefined });
    const { handler, client, logs } = setup(['ok'], 0, s3);
    await handler(streamEvent('Stream End'));
    expect(s3.objects.has(CURRENT_QUESTION_KEY)).toBe(false);
    expect(s3.requests).toEqual([`DELETE-ONE ${CURRENT_QUESTION_KEY}`]);
    expect(client.inputs).toEqual([]);
    expect(logs).toEqual([{ eventId: 'evt-Stream End', channel: CHANNEL, outcome: 'ended', currentQuestion: 'deleted', attempts: 0 }]);
  });

  it('ends cleanly when the current question is already gone (a repeated Stream End)', async () => {
    const { handler, logs } = setup(['ok'], 0, s3);
    await handler(streamEvent('Stream End'));
    await handler(streamEvent('Stream End'));
    expect(logs.map((entry) => entry.currentQuestion)).toEqual(['deleted', 'deleted']);
  });

  it('touches neither S3 nor IVS for another channel\'s events', async () => {
    const { handler, client, logs } = setup(['ok'], 0, s3);
    await handler(streamEvent('Stream Start', ['arn:aws:ivs:us-east-1:123456789012:channel/Other0000000']));
    await handler(streamEvent('Stream End', ['arn:aws:ivs:us-east-1:123456789012:channel/Other0000000']));
    expect(s3.requests).toEqual([]);
    expect(client.inputs).toEqual([]);
    expect(logs.map((entry) => [entry.outcome, entry.currentQuestion])).toEqual([['ignored', 'skipped'], ['ignored', 'skipped']]);
  });

  it('still sends the question when S3 refuses it, then throws so the async invocation retries', async () => {
    s3.denyPut.add(CURRENT_QUESTION_KEY);
    const { handler, client, logs } = setup(['ok'], 0, s3);
    await expect(handler(streamEvent('Stream Start'))).rejects.toThrow(
      expect.objectContaining({ name: 'CurrentQuestionFailed', message: `PutObject s3://${BUCKET}/${CURRENT_QUESTION_KEY} failed: AccessDenied: Access Denied` }),
    );
    expect(client.inputs).toEqual([{ channelArn: CHANNEL, metadata: METADATA }]);
    expect(logs).toEqual([
      expect.objectContaining({ outcome: 'sent', currentQuestion: 'failed', attempts: 1, reason: `PutObject s3://${BUCKET}/${CURRENT_QUESTION_KEY} failed: AccessDenied: Access Denied` }),
    ]);
  });

  it('throws the PutMetadata failure first and logs both when both fail', async () => {
    s3.denyPut.add(CURRENT_QUESTION_KEY);
    const denied = new AccessDeniedException({ message: 'UnknownError', exceptionMessage: 'not authorized to perform ivs:PutMetadata', $metadata });
    const { handler, logs } = setup([denied], 0, s3);
    await expect(handler(streamEvent('Stream Start'))).rejects.toThrow(expect.objectContaining({ name: 'PutMetadataFailed' }));
    expect(logs).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        currentQuestion: 'failed',
        reason: `PutMetadata failed after 1 attempt: AccessDeniedException: not authorized to perform ivs:PutMetadata; PutObject s3://${BUCKET}/${CURRENT_QUESTION_KEY} failed: AccessDenied: Access Denied`,
      }),
    ]);
  });

  it('keeps the written question when PutMetadata fails, since the show is live', async () => {
    const { handler } = setup([new AccessDeniedException({ message: 'UnknownError', exceptionMessage: 'denied', $metadata })], 0, s3);
    await expect(handler(streamEvent('Stream Start'))).rejects.toThrow('PutMetadata failed after 1 attempt');
    expect(s3.objects.get(CURRENT_QUESTION_KEY)?.body.toString('utf8')).toBe(METADATA);
  });

  it('throws on Stream End when S3 refuses the delete, after logging it', async () => {
    s3.denyDelete.add(CURRENT_QUESTION_KEY);
    const { handler, logs } = setup(['ok'], 0, s3);
    await expect(handler(streamEvent('Stream End'))).rejects.toThrow(`DeleteObject s3://${BUCKET}/${CURRENT_QUESTION_KEY} failed: AccessDenied: Access Denied`);
    expect(logs).toEqual([expect.objectContaining({ outcome: 'ended', currentQuestion: 'failed' })]);
  });

  it('logs a current-question failure at error level', async () => {
    s3.denyDelete.add(CURRENT_QUESTION_KEY);
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const config = { channelArn: CHANNEL, metadata: METADATA, firstQuestionDelaySeconds: 0, siteBucket: BUCKET };
      await expect(createHandler({ config, client: scriptedClient(['ok']), s3: s3.client(), ...fakeTime() })(streamEvent('Stream End'))).rejects.toThrow('AccessDenied');
      expect(info).not.toHaveBeenCalled();
      expect(error.mock.calls.map(([line]) => JSON.parse(line as string))).toEqual([expect.objectContaining({ currentQuestion: 'failed' })]);
    } finally {
      info.mockRestore();
      error.mockRestore();
    }
  });
});

describe('put-metadata handler with an answer table (dynalite)', () => {
  const QUIZ = '{"type":"quiz","id":"q1","question":"2+2?","answers":["3","4"],"correctIndex":1}';
  let tables: TestAnswerTables;
  let table: string;
  beforeAll(async () => {
    tables = await startTestAnswerTables();
  }, 60_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    table = await tables.freshTable();
  });

  function withTable(metadata: string, outcomes: Parameters<typeof scriptedClient>[0] = ['ok'], dynamodb: HandlerDependencies['dynamodb'] = tables.client) {
    const logs: HandlerLogEntry[] = [];
    const client = scriptedClient(outcomes);
    const handler = createHandler({
      config: { channelArn: CHANNEL, metadata, firstQuestionDelaySeconds: 0, answersTable: table },
      client,
      dynamodb,
      ...fakeTime(),
      random: () => 0,
      log: (entry) => logs.push(entry),
    });
    return { handler, client, logs };
  }

  it('opens its quiz for answers on Stream Start, as the current question of this stream, before sending it', async () => {
    const { handler, logs } = withTable(QUIZ);
    await handler(streamEvent('Stream Start'));
    expect(await readCurrentQuestion(tables.client, table)).toMatchObject({ questionId: 'q1', round: 'st-1', answerCount: 2 });
    expect(await readQuestion(tables.client, table, 'q1')).toMatchObject({ status: 'open', correctIndex: 1, payload: QUIZ });
    expect(logs).toEqual([expect.objectContaining({ outcome: 'sent', answers: 'opened' })]);
  });

  it('keeps the question and its answers when the same stream\'s Start comes again (EventBridge repeats)', async () => {
    const { handler, logs } = withTable(QUIZ);
    await handler(streamEvent('Stream Start'));
    await handler(streamEvent('Stream Start'));
    expect(logs.map((entry) => entry.answers)).toEqual(['opened', 'kept']);
  });

  it('opens nothing for an announcement or a quiz without an id, and says so', async () => {
    for (const metadata of ['{"type":"announcement","text":"hi"}', METADATA]) {
      const { handler, logs } = withTable(metadata);
      await handler(streamEvent('Stream Start'));
      expect(logs).toEqual([expect.objectContaining({ outcome: 'sent', answers: 'skipped' })]);
    }
    expect(await readCurrentQuestion(tables.client, table)).toBeUndefined();
  });

  it('forgets the current question on Stream End: the show is over, answers are refused', async () => {
    const { handler, logs } = withTable(QUIZ);
    await handler(streamEvent('Stream Start'));
    await handler(streamEvent('Stream End'));
    expect(await readCurrentQuestion(tables.client, table)).toBeUndefined();
    expect(logs[1]).toMatchObject({ outcome: 'ended', currentQuestion: 'skipped', answers: 'closed' });
  });

  it('still sends the question when the table refuses it, then throws so the retried event opens it', async () => {
    const refusing = { send: async () => Promise.reject(Object.assign(new Error('User is not authorized to perform: dynamodb:PutItem'), { name: 'AccessDeniedException' })) };
    const { handler, client, logs } = withTable(QUIZ, ['ok'], refusing as never);
    await expect(handler(streamEvent('Stream Start'))).rejects.toThrow('not authorized to perform: dynamodb:PutItem');
    expect(client.inputs).toEqual([{ channelArn: CHANNEL, metadata: QUIZ }]);
    expect(logs).toEqual([expect.objectContaining({ outcome: 'sent', answers: 'failed', reason: 'User is not authorized to perform: dynamodb:PutItem' })]);
  });
});
