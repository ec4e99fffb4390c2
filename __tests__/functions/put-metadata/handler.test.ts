// The handler with injected fakes: what it sends, what it ignores, what it logs, and that it throws on failure.
import { AccessDeniedException } from '@aws-sdk/client-ivs';
import { createHandler, type HandlerDependencies, type HandlerLogEntry } from '../../../functions/put-metadata/handler';
import type { IvsStreamStateChangeEvent } from '../../../functions/shared/stream-event';
import { $metadata, fakeTime, notBroadcasting, scriptedClient } from '../fakes';

const CHANNEL = 'arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf123456';
const METADATA = '{"type":"quiz","question":"2+2?","answers":["3","4"],"correctIndex":1}';

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

function setup(outcomes: Parameters<typeof scriptedClient>[0], delaySeconds = 0) {
  const client = scriptedClient(outcomes);
  const time = fakeTime();
  const logs: HandlerLogEntry[] = [];
  const dependencies: HandlerDependencies = {
    config: { channelArn: CHANNEL, metadata: METADATA, firstQuestionDelaySeconds: delaySeconds },
    client,
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
    expect(logs).toEqual([{ eventId: 'evt-Stream Start', channel: CHANNEL, outcome: 'sent', attempts: 1, delaySeconds: 0 }]);
  });

  it.each(['Stream End', 'Session Created', 'Session Ended', 'Stream Failure'])('ignores %s with one log line and no call', async (name) => {
    const { handler, client, logs } = setup(['ok']);
    await expect(handler(streamEvent(name))).resolves.toMatchObject({ outcome: 'ignored' });
    expect(client.inputs).toEqual([]);
    expect(logs).toEqual([{ eventId: `evt-${name}`, channel: CHANNEL, outcome: 'ignored', attempts: 0, reason: `detail.event_name is "${name}", not "Stream Start"` }]);
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
