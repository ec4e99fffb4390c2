// Tests the Stream State Change events of the local channel and invoking the real bundled function with them,
// against the local PutMetadata endpoint.
import { decideStreamEvent } from '../../core/stream-events';
import { LOCAL_CHANNEL_ARN, LOCAL_REGION } from '../../core/local-preview';
import { startRecordingIvsApi, type RecordingIvsApi } from '../../testing/ivs-api-recorder';
import { functionEnv, invokeFunction, streamStateChangeEvent } from '../../local/stream-state';
import { sharedFunctionBundle } from '../../testing/function-bundle';

jest.setTimeout(60_000);

const QUIZ = JSON.stringify({ type: 'quiz', id: 'q', question: 'Two plus two?', answers: ['3', '4'], correctIndex: 1 });
const bundlePath = sharedFunctionBundle();
let server: RecordingIvsApi;
const accepted: string[] = [];

beforeAll(async () => {
  server = await startRecordingIvsApi({ channelArn: LOCAL_CHANNEL_ARN, isLive: () => true, onMetadata: (m) => accepted.push(m) });
});

afterAll(async () => {
  await server.close();
});

const event = (eventName: 'Stream Start' | 'Stream End') =>
  streamStateChangeEvent({ channelArn: LOCAL_CHANNEL_ARN, channelName: 'ivs-live-local', eventName, streamId: 'st-1', time: new Date('2026-01-02T03:04:05.678Z'), id: 'evt-1' });

describe('streamStateChangeEvent', () => {
  it('has the shape EventBridge gives an IVS event, with account and region from the ARN', () => {
    expect(event('Stream Start')).toEqual({
      version: '0',
      id: 'evt-1',
      'detail-type': 'IVS Stream State Change',
      source: 'aws.ivs',
      account: '000000000000',
      time: '2026-01-02T03:04:05Z',
      region: 'us-east-1',
      resources: [LOCAL_CHANNEL_ARN],
      detail: { event_name: 'Stream Start', channel_name: 'ivs-live-local', stream_id: 'st-1' },
    });
  });

  it('is an event the function acts on: start on Stream Start, end on Stream End', () => {
    expect(decideStreamEvent(event('Stream Start'), LOCAL_CHANNEL_ARN)).toMatchObject({ act: true, action: 'start' });
    expect(decideStreamEvent(event('Stream End'), LOCAL_CHANNEL_ARN)).toMatchObject({ act: true, action: 'end' });
  });
});

describe('invokeFunction', () => {
  const env = () => functionEnv({ channelArn: LOCAL_CHANNEL_ARN, region: LOCAL_REGION, metadataJson: QUIZ, firstQuestionDelaySeconds: 0, ivsEndpoint: server.url });

  it('runs the bundled handler, which sends the configured payload with PutMetadata on Stream Start', async () => {
    accepted.length = 0;
    const lines: string[] = [];
    const code = await invokeFunction({ bundlePath, env: env(), event: event('Stream Start'), log: (line) => lines.push(line) });
    expect(code).toBe(0);
    expect(accepted).toEqual([QUIZ]);
    expect(lines.join('\n')).toContain('"outcome":"sent"');
  });

  it('sends nothing on Stream End', async () => {
    accepted.length = 0;
    const lines: string[] = [];
    expect(await invokeFunction({ bundlePath, env: env(), event: event('Stream End'), log: (line) => lines.push(line) })).toBe(0);
    expect(accepted).toEqual([]);
    expect(lines.join('\n')).toContain('"outcome":"ignored"');
  });

  it('gives the function none of the developer\'s shell environment', () => {
    const keys = Object.keys(env()).sort();
    expect(keys).toEqual([
      'AWS_ACCESS_KEY_ID', 'AWS_EC2_METADATA_DISABLED', 'AWS_ENDPOINT_URL_IVS', 'AWS_REGION', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
      'AWS_SECRET_ACCESS_KEY', 'CHANNEL_ARN', 'FIRST_QUESTION_DELAY_SECONDS', 'METADATA_JSON', 'PATH',
    ]);
  });

  it('reports a failing function with exit code 1 and its error line', async () => {
    const lines: string[] = [];
    const broken = { ...env(), METADATA_JSON: '{"type":"nope"}' };
    expect(await invokeFunction({ bundlePath, env: broken, event: event('Stream Start'), log: (line) => lines.push(line) })).toBe(1);
    expect(lines.join('\n')).toMatch(/METADATA_JSON/);
  });
});
