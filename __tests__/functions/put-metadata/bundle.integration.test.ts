// The built Lambda bundle, with the real @aws-sdk/client-ivs and client-s3 inside it, against the local IVS endpoint and
// the local S3 stand-in on 127.0.0.1: what AWS would receive (path, body, SigV4), how IVS's 404/429 answers are retried,
// and the current-question object written on Stream Start and deleted on Stream End. The bundle runs in a fresh
// Node process (as in Lambda: env read at load, and the SDK's dynamic import() works, unlike in jest's VM).
import { execFile } from 'node:child_process';
import type { HandlerLogEntry } from '../../../functions/put-metadata/handler';
import { LIVE_OBJECT_CACHE, JSON_CONTENT_TYPE, CURRENT_QUESTION_KEY } from '../../../core/site-objects';
import { startRecordingIvsApi, type RecordingIvsApiOptions, type RecordingIvsApi } from '../../../testing/ivs-api-recorder';
import { expectedSignature, parseAuthorization } from '../../../testing/sigv4';
import { startFakeS3, type FakeS3 } from '../../../testing/fake-s3';
import { sharedFunctionBundle } from '../../../testing/function-bundle';

// A fresh Node process per test: a loaded machine may need more than jest's default 5 s (a hang still fails).
jest.setTimeout(60_000);

const CHANNEL = 'arn:aws:ivs:us-east-1:000000000000:channel/integration';
const METADATA = '{"type":"quiz","id":"q1","question":"Capital of Australia?","answers":["Sydney","Canberra"],"correctIndex":1}';
const ACCESS_KEY_ID = 'AKIDINTEGRATIONTEST';
const SECRET_ACCESS_KEY = 'integration-test-secret';
const SITE_BUCKET = 'ivs-live-dev-site-20261125160000000000000001';

type Invocation = { readonly result: HandlerLogEntry } | { readonly error: string };

interface BundleRun {
  readonly invocations: readonly Invocation[];
  /** The JSON lines the bundle wrote to the console (the handler's log entries). */
  readonly logLines: readonly string[];
  readonly loadError?: string;
}

const RESULT_MARKER = '@@bundle-run@@';
/** Loads the bundle, invokes its handler with each event in turn, prints the outcomes after a marker line. */
const RUNNER = `
const out = { invocations: [] };
(async () => {
  const { handler } = require(process.argv[1]);
  for (const event of JSON.parse(process.argv[2])) {
    try { out.invocations.push({ result: await handler(event) }); }
    catch (error) { out.invocations.push({ error: error.message }); }
  }
})().catch((error) => { out.loadError = error.message; })
  .finally(() => process.stdout.write('\\n${RESULT_MARKER}' + JSON.stringify(out)));
`;

function runBundle(bundlePath: string, events: readonly unknown[], env: NodeJS.ProcessEnv): Promise<BundleRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', RUNNER, bundlePath, JSON.stringify(events)], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const [logs, result] = stdout.split(`\n${RESULT_MARKER}`);
      if (result === undefined) return reject(error ?? new Error(`no result from the bundle: ${stdout}${stderr}`));
      // console.info goes to stdout, console.error to stderr (beside the SDK's Node-version warning).
      const lines = `${logs}\n${stderr}`.split('\n').filter((line) => line.startsWith('{'));
      resolve({ ...(JSON.parse(result) as Omit<BundleRun, 'logLines'>), logLines: lines });
    });
  });
}

function streamEvent(eventName: string): unknown {
  return {
    version: '0',
    id: `evt-${eventName.replace(' ', '-')}`,
    'detail-type': 'IVS Stream State Change',
    source: 'aws.ivs',
    account: '000000000000',
    time: '2026-11-25T16:00:00Z',
    region: 'us-east-1',
    resources: [CHANNEL],
    detail: { event_name: eventName, channel_name: 'integration', stream_id: 'st-1' },
  };
}

describe('built put-metadata bundle against the local IVS endpoint', () => {
  // The bundle `npm run build:functions` writes and the stack deploys (built once per run by the jest global setup).
  const bundlePath = sharedFunctionBundle();
  let server: RecordingIvsApi | undefined;
  let received: string[];

  beforeEach(() => {
    received = [];
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Starts the endpoint and runs the bundle with the standard SDK variables pointing at it and fake credentials. */
  async function invoke(events: readonly unknown[], endpoint: Partial<RecordingIvsApiOptions> = {}, env: NodeJS.ProcessEnv = {}): Promise<BundleRun> {
    server = await startRecordingIvsApi({ channelArn: CHANNEL, isLive: () => true, onMetadata: (m) => received.push(m), ...endpoint });
    return runBundle(bundlePath, events, {
      PATH: process.env.PATH,
      AWS_ENDPOINT_URL_IVS: server.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_EC2_METADATA_DISABLED: 'true',
      CHANNEL_ARN: CHANNEL,
      METADATA_JSON: METADATA,
      ...env,
    });
  }

  it('sends the request AWS would receive: POST /PutMetadata, JSON body, SigV4 for ivs in us-east-1', async () => {
    const run = await invoke([streamEvent('Stream Start')]);
    expect(run.invocations).toEqual([{ result: expect.objectContaining({ outcome: 'sent', attempts: 1 }) }]);

    const [request] = server!.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/PutMetadata');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ channelArn: CHANNEL, metadata: METADATA });

    const auth = parseAuthorization(request.headers.authorization);
    const amzDate = String(request.headers['x-amz-date']);
    expect(auth).toMatchObject({ accessKeyId: ACCESS_KEY_ID, date: amzDate.slice(0, 8), region: 'us-east-1', service: 'ivs' });
    expect(auth.signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-content-sha256', 'content-type']));
    expect(auth.signature).toBe(expectedSignature(request, SECRET_ACCESS_KEY));
    expect(received).toEqual([METADATA]);
  });

  it('writes one JSON log line per event with the event id, channel, outcome and attempts, and no credentials', async () => {
    const run = await invoke([streamEvent('Stream Start'), streamEvent('Stream End')]);
    expect(run.logLines.map((line) => JSON.parse(line))).toEqual([
      { eventId: 'evt-Stream-Start', channel: CHANNEL, outcome: 'sent', currentQuestion: 'skipped', attempts: 1, delaySeconds: 0 },
      { eventId: 'evt-Stream-End', channel: CHANNEL, outcome: 'ignored', currentQuestion: 'skipped', attempts: 0, reason: 'Stream End and no SITE_BUCKET: no current question to delete' },
    ]);
    expect(run.logLines.join('\n')).not.toContain(SECRET_ACCESS_KEY);
  });

  it('retries 404 ChannelNotBroadcasting until the channel goes live', async () => {
    let calls = 0;
    const run = await invoke([streamEvent('Stream Start')], { isLive: () => (calls += 1) > 2 });
    expect(run.invocations).toEqual([{ result: expect.objectContaining({ outcome: 'sent', attempts: 3 }) }]);
    expect(server!.requests).toHaveLength(3);
    expect(received).toEqual([METADATA]);
  });

  it('retries 429 ThrottlingException until IVS accepts again', async () => {
    // One request per second; the clock stands still until the fourth request, then moves past the window.
    const run = await invoke([streamEvent('Stream Start'), streamEvent('Stream Start')], {
      maxRequestsPerSecond: 1,
      now: () => (server!.requests.length >= 4 ? 2000 : 0),
    });
    expect(run.invocations).toEqual([
      { result: expect.objectContaining({ outcome: 'sent', attempts: 1 }) },
      { result: expect.objectContaining({ outcome: 'sent', attempts: 3 }) },
    ]);
    expect(received).toEqual([METADATA, METADATA]);
  });

  it('fails fast on 404 ResourceNotFoundException and throws for the async retry', async () => {
    const run = await invoke([streamEvent('Stream Start')], { channelArn: 'arn:aws:ivs:us-east-1:000000000000:channel/another' });
    expect(run.invocations).toEqual([{ error: `PutMetadata failed after 1 attempt: ResourceNotFoundException: Channel ${CHANNEL} not found` }]);
    expect(server!.requests).toHaveLength(1);
    expect(JSON.parse(run.logLines[0])).toMatchObject({ outcome: 'failed', attempts: 1 });
  });

  it('ignores Stream End without calling IVS when no site bucket is configured', async () => {
    const run = await invoke([streamEvent('Stream End')]);
    expect(run.invocations).toEqual([{ result: expect.objectContaining({ outcome: 'ignored' }) }]);
    expect(server!.requests).toEqual([]);
  });

  it('refuses to load without CHANNEL_ARN, naming the variable', async () => {
    const run = await invoke([streamEvent('Stream Start')], {}, { CHANNEL_ARN: '' });
    expect(run.loadError).toBe('`CHANNEL_ARN` environment variable is not set');
    expect(server!.requests).toEqual([]);
  });

  describe('with SITE_BUCKET, against the local S3 stand-in', () => {
    let s3: FakeS3;

    beforeEach(async () => {
      s3 = await startFakeS3(SITE_BUCKET);
    });

    afterEach(async () => {
      await s3.close();
    });

    const invokeWithBucket = (events: readonly unknown[], endpoint: Partial<RecordingIvsApiOptions> = {}): Promise<BundleRun> =>
      invoke(events, endpoint, { SITE_BUCKET, AWS_ENDPOINT_URL_S3: s3.url });

    it('writes the current question with its content type and cache policy, then sends it, on Stream Start', async () => {
      let objectWhenSent: string | undefined;
      const run = await invokeWithBucket([streamEvent('Stream Start')], {
        onMetadata: (m) => {
          objectWhenSent = s3.objects.get(CURRENT_QUESTION_KEY)?.body.toString('utf8');
          received.push(m);
        },
      });
      expect(run.invocations).toEqual([{ result: expect.objectContaining({ outcome: 'sent', currentQuestion: 'written', attempts: 1 }) }]);
      expect(s3.objects.get(CURRENT_QUESTION_KEY)).toEqual({
        body: Buffer.from(METADATA),
        contentType: JSON_CONTENT_TYPE,
        cacheControl: LIVE_OBJECT_CACHE,
      });
      expect(objectWhenSent).toBe(METADATA);
      expect(received).toEqual([METADATA]);
    });

    it('deletes the current question on Stream End, and a second Stream End is harmless', async () => {
      const run = await invokeWithBucket([streamEvent('Stream Start'), streamEvent('Stream End'), streamEvent('Stream End')]);
      expect(run.logLines.map((line) => JSON.parse(line))).toEqual([
        { eventId: 'evt-Stream-Start', channel: CHANNEL, outcome: 'sent', currentQuestion: 'written', attempts: 1, delaySeconds: 0 },
        { eventId: 'evt-Stream-End', channel: CHANNEL, outcome: 'ended', currentQuestion: 'deleted', attempts: 0 },
        { eventId: 'evt-Stream-End', channel: CHANNEL, outcome: 'ended', currentQuestion: 'deleted', attempts: 0 },
      ]);
      expect(s3.requests).toEqual([`PUT ${CURRENT_QUESTION_KEY}`, `DELETE-ONE ${CURRENT_QUESTION_KEY}`, `DELETE-ONE ${CURRENT_QUESTION_KEY}`]);
      expect(s3.objects.size).toBe(0);
      expect(server!.requests).toHaveLength(1);
    });

    it('still sends the question when S3 refuses the object, and throws for the async retry', async () => {
      s3.denyPut.add(CURRENT_QUESTION_KEY);
      const run = await invokeWithBucket([streamEvent('Stream Start')]);
      expect(run.invocations).toEqual([{ error: `PutObject s3://${SITE_BUCKET}/${CURRENT_QUESTION_KEY} failed: AccessDenied: Access Denied` }]);
      expect(received).toEqual([METADATA]);
      expect(JSON.parse(run.logLines[0])).toMatchObject({ outcome: 'sent', currentQuestion: 'failed' });
    });

    it('refuses to load with a SITE_BUCKET that is not a bucket name, naming the variable', async () => {
      const run = await invoke([streamEvent('Stream Start')], {}, { SITE_BUCKET: 's3://bucket' });
      expect(run.loadError).toMatch(/^`SITE_BUCKET` environment variable is "s3:\/\/bucket"/);
      expect(s3.requests).toEqual([]);
    });
  });
});
