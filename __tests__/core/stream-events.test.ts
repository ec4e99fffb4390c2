// Which EventBridge events the function acts on, and the reason it gives for ignoring the rest.
import { decideStreamEvent } from '../../core/stream-events';

const CHANNEL = 'arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf123456';
const OTHER = 'arn:aws:ivs:us-east-1:123456789012:channel/Other0000000';

function streamEvent(overrides: Record<string, unknown> = {}, detail: Record<string, unknown> = { event_name: 'Stream Start' }): Record<string, unknown> {
  return {
    version: '0',
    id: 'evt-1',
    'detail-type': 'IVS Stream State Change',
    source: 'aws.ivs',
    account: '123456789012',
    time: '2026-11-25T16:00:00Z',
    region: 'us-east-1',
    resources: [CHANNEL],
    detail: { channel_name: 'live', stream_id: 'st-1', ...detail },
    ...overrides,
  };
}

describe('decideStreamEvent', () => {
  it('starts on Stream Start for the configured channel, naming the stream', () => {
    expect(decideStreamEvent(streamEvent(), CHANNEL)).toEqual({ act: true, action: 'start', eventId: 'evt-1', channelArn: CHANNEL, streamId: 'st-1' });
  });

  it('acts without a stream id when the event has none', () => {
    expect(decideStreamEvent(streamEvent({}, { event_name: 'Stream Start', stream_id: undefined }), CHANNEL)).toEqual({ act: true, action: 'start', eventId: 'evt-1', channelArn: CHANNEL });
  });

  it('ends on Stream End for the configured channel', () => {
    expect(decideStreamEvent(streamEvent({}, { event_name: 'Stream End' }), CHANNEL)).toEqual({ act: true, action: 'end', eventId: 'evt-1', channelArn: CHANNEL, streamId: 'st-1' });
  });

  it('acts when the channel is one of several resources', () => {
    expect(decideStreamEvent(streamEvent({ resources: [OTHER, CHANNEL] }), CHANNEL)).toMatchObject({ act: true, channelArn: CHANNEL });
  });

  it.each([
    ['Session Created', streamEvent({}, { event_name: 'Session Created' }), 'detail.event_name is "Session Created", not "Stream Start" or "Stream End"'],
    ['Stream Failure', streamEvent({}, { event_name: 'Stream Failure' }), 'detail.event_name is "Stream Failure", not "Stream Start" or "Stream End"'],
    ['another channel', streamEvent({ resources: [OTHER] }), 'event is for another channel'],
    ['another source', streamEvent({ source: 'my.app' }), 'source is "my.app", not "aws.ivs"'],
    ['no source', streamEvent({ source: undefined }), 'source is missing, not "aws.ivs"'],
    ['a source that only looks like IVS', streamEvent({ source: 'aws.ivs ' }), 'source is "aws.ivs ", not "aws.ivs"'],
    ['another detail-type', streamEvent({ 'detail-type': 'IVS Limit Breach' }), 'detail-type is "IVS Limit Breach", not "IVS Stream State Change"'],
    ['no detail-type', streamEvent({ 'detail-type': undefined }), 'detail-type is missing, not "IVS Stream State Change"'],
    ['empty resources', streamEvent({ resources: [] }), 'event has no channel ARN in resources'],
    ['resources that are not strings', streamEvent({ resources: [42, null] }), 'event has no channel ARN in resources'],
    ['resources as a string', streamEvent({ resources: CHANNEL }), 'event has no channel ARN in resources'],
    ['no detail', streamEvent({ detail: undefined }), 'event has no detail object'],
    ['detail as a string', streamEvent({ detail: 'Stream Start' }), 'event has no detail object'],
    ['no event_name', streamEvent({}, { event_name: undefined }), 'detail.event_name is missing, not "Stream Start" or "Stream End"'],
    ['a numeric event_name', streamEvent({}, { event_name: 7 }), 'detail.event_name is number 7, not "Stream Start" or "Stream End"'],
    ['a lowercase event_name', streamEvent({}, { event_name: 'stream start' }), 'detail.event_name is "stream start", not "Stream Start" or "Stream End"'],
    ['an event_name that names an object member', streamEvent({}, { event_name: 'constructor' }), 'detail.event_name is "constructor", not "Stream Start" or "Stream End"'],
    ['Stream Takeover', streamEvent({}, { event_name: 'Stream Takeover' }), 'detail.event_name is "Stream Takeover", not "Stream Start" or "Stream End"'],
  ])('ignores an event with %s, saying why', (_name, event, reason) => {
    expect(decideStreamEvent(event, CHANNEL)).toEqual(expect.objectContaining({ act: false, eventId: 'evt-1', reason }));
  });

  it.each([
    ['undefined', undefined, 'event is missing, not an object'],
    ['null', null, 'event is null, not an object'],
    ['a string', 'Stream Start', 'event is "Stream Start", not an object'],
    ['a number', 42, 'event is number 42, not an object'],
    ['an array', [streamEvent()], 'event is an array, not an object'],
    ['an empty object', {}, 'source is missing, not "aws.ivs"'],
  ])('ignores %s as the whole event without throwing', (_name, event, reason) => {
    expect(decideStreamEvent(event, CHANNEL)).toEqual(expect.objectContaining({ act: false, reason }));
  });

  it('names the other channel when ignoring its event', () => {
    expect(decideStreamEvent(streamEvent({ resources: [OTHER] }), CHANNEL)).toMatchObject({ channelArn: OTHER });
  });

  it('cuts a foreign channel ARN and event id of any length before they reach the log', () => {
    const long = `${OTHER}${'x'.repeat(100_000)}`;
    const decision = decideStreamEvent(streamEvent({ id: 'e'.repeat(100_000), resources: [long] }), CHANNEL);
    expect(decision).toMatchObject({ act: false, reason: 'event is for another channel' });
    expect(decision.channelArn).toBe(`${long.slice(0, 128)}…`);
    expect(decision.eventId).toHaveLength(129);
  });

  it('does not act on a Stream Start for its channel sent by anything but IVS', () => {
    expect(decideStreamEvent(streamEvent({ source: 'custom.sender' }), CHANNEL)).toMatchObject({ act: false, channelArn: undefined });
  });

  it('shortens a long unexpected value in the reason', () => {
    const decision = decideStreamEvent(streamEvent({ 'detail-type': 'x'.repeat(500) }), CHANNEL);
    expect(decision.act ? '' : decision.reason.length).toBeLessThan(120);
  });
});
