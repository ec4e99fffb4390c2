// `npm run stream-key` end to end with the real @aws-sdk/client-ivs against the local IVS API stand-in: it finds the
// channel, lists its key, reads it, and prints it only to a terminal outside CI.
import { createIvsClient } from '../../aws/clients';
import type { StreamKeyClient } from '../../aws/stream-key';
import { LOCAL_CHANNEL_ARN, LOCAL_STREAM_KEY } from '../../core/local-preview';
import { parseStreamKeyArgs, runStreamKey, type StreamKeyDependencies } from '../../host/stream-key';
import { startRecordingIvsApi, type RecordingIvsApi } from '../../testing/ivs-api-recorder';

const DEPLOYED = 'arn:aws:ivs:eu-west-1:123456789012:channel/Deployed1234';
const FAKE_CREDENTIALS = { accessKeyId: 'AKIDKEYTEST', secretAccessKey: 'key-test-secret' };

describe('stream-key CLI', () => {
  let server: RecordingIvsApi;
  let out: string[];
  let err: string[];
  let outputsOf: string[];

  beforeEach(async () => {
    server = await startRecordingIvsApi({ channelArn: LOCAL_CHANNEL_ARN, isLive: () => false, onMetadata: () => undefined });
    out = [];
    err = [];
    outputsOf = [];
  });
  afterEach(() => server.close());

  function deps(overrides: Partial<StreamKeyDependencies> = {}): StreamKeyDependencies {
    return {
      readStackOutputs: async (env) => {
        outputsOf.push(env);
        return { channelArn: DEPLOYED, bucketName: 'b' };
      },
      createClient: (options) => createIvsClient({ credentials: FAKE_CREDENTIALS, ...options }),
      stdoutIsTerminal: true,
      print: (line) => out.push(line),
      printError: (line) => err.push(line),
      ...overrides,
    };
  }
  const port = () => new URL(server.url).port;

  it('prints the local channel\'s key, read with ListStreamKeys then GetStreamKey, on standard output alone', async () => {
    await expect(runStreamKey(['--local', '--port', port()], {}, deps())).resolves.toBe(0);
    expect(out).toEqual([LOCAL_STREAM_KEY]);
    expect(err.join('\n')).toContain(`Stream key of ${LOCAL_CHANNEL_ARN}`);
    expect(err.join('\n')).not.toContain(LOCAL_STREAM_KEY);
    expect(server.requests.map((r) => r.path)).toEqual(['/ListStreamKeys', '/GetStreamKey']);
    expect(server.requests[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIALOCALPREVIEW0000\//);
  });

  it('refuses, before any AWS call, when standard output is not a terminal', async () => {
    await expect(runStreamKey(['--local', '--port', port()], {}, deps({ stdoutIsTerminal: false }))).resolves.toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(/^refusing to print the stream key: standard output is not a terminal.*IVS console \(Channels > your channel > Stream configuration > Stream key\)/);
    expect(server.requests).toEqual([]);
  });

  it.each([['CI', 'true'], ['GITHUB_ACTIONS', 'true']])('refuses when %s is set, even at a terminal', async (name, value) => {
    await expect(runStreamKey(['--local', '--port', port()], { [name]: value }, deps())).resolves.toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain(`refusing to print the stream key: ${name} is set`);
    expect(server.requests).toEqual([]);
  });

  it('reads the channel of LIVE_ENV from its stack outputs by default, and of --env when given', async () => {
    const noKeys = { send: async () => ({ streamKeys: [] }) } as unknown as StreamKeyClient;
    await runStreamKey([], { LIVE_ENV: 'prod', CI: '' }, deps({ createClient: () => noKeys }));
    await runStreamKey(['--env', 'staging'], {}, deps({ createClient: () => noKeys }));
    expect(outputsOf).toEqual(['prod', 'staging']);
  });

  it('says so, exit 1, when the channel is not the local one', async () => {
    const code = await runStreamKey(['--channel-arn', DEPLOYED], { AWS_ENDPOINT_URL_IVS: server.url }, deps({ createClient: (options) => createIvsClient({ credentials: FAKE_CREDENTIALS, ...options, endpoint: server.url }) }));
    expect(code).toBe(1);
    expect(err.join('\n')).toContain(`error: cannot read the stream key: ResourceNotFoundException: Channel ${DEPLOYED} not found`);
  });

  it.each([
    [['--local', '--env', 'dev'], 'give at most one target: --env, --local cannot be combined'],
    [['--port', '9'], '--port goes with --local only'],
    [['--bucket', 'x'], "Unknown option '--bucket'"],
  ])('exits 2 on %j', async (argv, message) => {
    await expect(runStreamKey(argv, {}, deps())).resolves.toBe(2);
    expect(err.join('\n')).toContain(message);
  });

  it('parses the targets as send-metadata does', () => {
    expect(parseStreamKeyArgs(['--channel-arn', DEPLOYED, '--region', 'eu-west-1'], {})).toEqual({ kind: 'arn', channelArn: DEPLOYED, region: 'eu-west-1' });
    expect(parseStreamKeyArgs(['--local'], { PREVIEW_PORT: '9090' })).toEqual({ kind: 'local', port: 9090 });
    expect(parseStreamKeyArgs(['--help'], {})).toBe('help');
  });
});
