// The PutMetadata call's retry policy, driven through a scripted client and a fake clock.
import { AccessDeniedException, InternalServerException, ResourceNotFoundException, ValidationException } from '@aws-sdk/client-ivs';
import { errorMessage } from '../../aws/errors';
import { putMetadataWithRetry, PutMetadataFailed } from '../../aws/put-metadata';
import { DEFAULT_RETRY_POLICY } from '../../core/retry-policy';
import { $metadata, fakeTime, notBroadcasting, scriptedClient, throttled } from '../../testing/fake-ivs';

const CHANNEL = 'arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf123456';
const METADATA = '{"type":"announcement","text":"Hello"}';

describe('putMetadataWithRetry', () => {
  it('sends the channel ARN and the payload once when IVS accepts it', async () => {
    const client = scriptedClient(['ok']);
    const time = fakeTime();
    await expect(putMetadataWithRetry(CHANNEL, METADATA, { client, ...time })).resolves.toEqual({ attempts: 1 });
    expect(client.inputs).toEqual([{ channelArn: CHANNEL, metadata: METADATA }]);
    expect(time.sleeps).toEqual([]);
  });

  it('retries ChannelNotBroadcasting with growing waits until the channel is live', async () => {
    const client = scriptedClient([notBroadcasting(), notBroadcasting(), notBroadcasting(), 'ok']);
    const time = fakeTime();
    await expect(putMetadataWithRetry(CHANNEL, METADATA, { client, ...time, random: () => 0 })).resolves.toEqual({ attempts: 4 });
    expect(time.sleeps).toEqual([125, 250, 500]);
  });

  it('retries ThrottlingException', async () => {
    const client = scriptedClient([throttled(), 'ok']);
    await expect(putMetadataWithRetry(CHANNEL, METADATA, { client, ...fakeTime() })).resolves.toEqual({ attempts: 2 });
  });

  it('retries a server fault', async () => {
    const client = scriptedClient([new InternalServerException({ message: 'oops', $metadata }), 'ok']);
    await expect(putMetadataWithRetry(CHANNEL, METADATA, { client, ...fakeTime() })).resolves.toEqual({ attempts: 2 });
  });

  it.each([
    ['AccessDeniedException', new AccessDeniedException({ message: 'UnknownError', exceptionMessage: 'not allowed', $metadata })],
    ['ValidationException', new ValidationException({ message: 'UnknownError', exceptionMessage: 'too big', $metadata })],
    ['ResourceNotFoundException', new ResourceNotFoundException({ message: 'UnknownError', exceptionMessage: 'no channel', $metadata })],
    ['Error', new Error('socket hang up')],
  ])('fails fast on %s without waiting', async (name, error) => {
    const client = scriptedClient([error, 'ok']);
    const time = fakeTime();
    await expect(putMetadataWithRetry(CHANNEL, METADATA, { client, ...time })).rejects.toThrow(
      expect.objectContaining({ name: 'PutMetadataFailed', attempts: 1, errorName: name, retryable: false, cause: error }),
    );
    expect(client.inputs).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('puts IVS exceptionMessage in the failure message', async () => {
    const client = scriptedClient([new ResourceNotFoundException({ message: 'UnknownError', exceptionMessage: 'Channel x not found', $metadata })]);
    await expect(putMetadataWithRetry(CHANNEL, METADATA, { client, ...fakeTime() })).rejects.toThrow(
      'PutMetadata failed after 1 attempt: ResourceNotFoundException: Channel x not found',
    );
  });

  it('gives up within the total time budget when the channel never goes live', async () => {
    const client = scriptedClient([notBroadcasting()]);
    const time = fakeTime();
    const failure = putMetadataWithRetry(CHANNEL, METADATA, { client, ...time, random: () => 1 });
    await expect(failure).rejects.toThrow(PutMetadataFailed);
    await expect(failure).rejects.toMatchObject({ retryable: true, errorName: 'ChannelNotBroadcasting' });
    const waited = time.sleeps.reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxTotalMs);
    expect(waited).toBeGreaterThan(DEFAULT_RETRY_POLICY.maxTotalMs - DEFAULT_RETRY_POLICY.maxDelayMs);
    expect(Math.max(...time.sleeps)).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxDelayMs);
    expect(client.inputs).toHaveLength(time.sleeps.length + 1);
  });

  it('counts time spent in requests against the budget', async () => {
    // Each request takes 10 s of the clock: after three, no retry fits in 30 s.
    let time = 0;
    const client = { send: async () => { time += 10_000; throw notBroadcasting(); } };
    const failure = putMetadataWithRetry(CHANNEL, METADATA, { client, now: () => time, sleep: async (ms) => { time += ms; } });
    await expect(failure).rejects.toMatchObject({ attempts: 3 });
  });

  it('stops at maxAttempts even when the clock does not move', async () => {
    const client = scriptedClient([throttled()]);
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 4 };
    await expect(putMetadataWithRetry(CHANNEL, METADATA, { client, policy, now: () => 0, sleep: async () => {} })).rejects.toMatchObject({ attempts: 4 });
  });

  it('reports each retry before waiting', async () => {
    const client = scriptedClient([throttled(), notBroadcasting(), 'ok']);
    const retries: unknown[] = [];
    await putMetadataWithRetry(CHANNEL, METADATA, { client, ...fakeTime(), random: () => 0, onRetry: (retry) => retries.push(retry) });
    expect(retries).toEqual([
      { attempt: 1, errorName: 'ThrottlingException', delayMs: 125 },
      { attempt: 2, errorName: 'ChannelNotBroadcasting', delayMs: 250 },
    ]);
  });
});

describe('errorMessage', () => {
  it.each([
    [notBroadcasting(), 'Channel is not broadcasting'],
    [new Error('plain'), 'plain'],
    ['text', 'text'],
    [{}, 'no message'],
  ])('describes %p as %j', (error, message) => {
    expect(errorMessage(error)).toBe(message);
  });
});
