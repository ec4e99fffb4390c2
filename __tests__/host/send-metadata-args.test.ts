// The host CLI's command line: what each combination means, and the message for each mistake.
import { BUCKET_NAME_RULE } from '../../core/bucket-name';
import { parseSendMetadataArgs, regionOfArn, UsageError } from '../../host/send-metadata-args';

const ARN = 'arn:aws:ivs:eu-west-1:123456789012:channel/AbCdEf123456';

describe('parseSendMetadataArgs', () => {
  it('reads a payload file and a channel ARN', () => {
    expect(parseSendMetadataArgs(['--channel-arn', ARN, '--file', 'q.json'], {})).toEqual({
      help: false,
      payload: { kind: 'file', path: 'q.json' },
      target: { kind: 'arn', channelArn: ARN },
    });
  });

  it('builds a quiz from flags, counting --correct from 1', () => {
    const command = parseSendMetadataArgs(['--question', '2+2?', '--answer', '3', '--answer', '4', '--correct', '2', '--id', 'q7', '--channel-arn', ARN], {});
    expect(command).toMatchObject({ payload: { kind: 'inline' } });
    const metadata = command.help ? '' : command.payload.kind === 'inline' ? command.payload.metadata : '';
    expect(JSON.parse(metadata)).toEqual({ type: 'quiz', id: 'q7', question: '2+2?', answers: ['3', '4'], correctIndex: 1 });
  });

  it('builds an announcement from --announcement', () => {
    expect(parseSendMetadataArgs(['--announcement', 'Back soon', '--local'], {})).toMatchObject({
      payload: { kind: 'inline', metadata: '{"type":"announcement","text":"Back soon"}' },
    });
  });

  it.each([
    [['--file', 'q.json', '--local'], {}, { kind: 'local', port: 8080 }],
    [['--file', 'q.json', '--local', '--port', '9000'], {}, { kind: 'local', port: 9000 }],
    [['--file', 'q.json', '--local'], { PREVIEW_PORT: '9100' }, { kind: 'local', port: 9100 }],
    [['--file', 'q.json'], {}, { kind: 'stack', env: 'dev' }],
    [['--file', 'q.json'], { LIVE_ENV: 'prod' }, { kind: 'stack', env: 'prod' }],
    [['--file', 'q.json', '--env', 'staging', '--region', 'eu-west-1'], { LIVE_ENV: 'prod' }, { kind: 'stack', env: 'staging', region: 'eu-west-1' }],
    [['--file', 'q.json', '--channel-arn', ARN, '--endpoint', 'http://127.0.0.1:4566'], {}, { kind: 'arn', channelArn: ARN, endpoint: 'http://127.0.0.1:4566' }],
    [['--file', 'q.json', '--channel-arn', ARN, '--bucket', 'ivs-live-dev-site-1'], {}, { kind: 'arn', channelArn: ARN, bucket: 'ivs-live-dev-site-1' }],
  ])('targets %j (env %j) as %j', (argv, env, target) => {
    expect(parseSendMetadataArgs(argv, env)).toMatchObject({ target });
  });

  it('leaves the bucket out of a --channel-arn target without --bucket', () => {
    expect(parseSendMetadataArgs(['--file', 'q.json', '--channel-arn', ARN], {})).toEqual(expect.objectContaining({ target: { kind: 'arn', channelArn: ARN } }));
  });

  it('reads --repeat in seconds', () => {
    expect(parseSendMetadataArgs(['--file', 'q.json', '--local', '--repeat', '30'], {})).toMatchObject({ repeatSeconds: 30 });
  });

  it('returns help for --help, whatever else is given', () => {
    expect(parseSendMetadataArgs(['--help', '--repeat', '0'], {})).toEqual({ help: true });
  });

  it.each([
    [[], 'give exactly one payload: --file, --question, --announcement or --reveal (got none)'],
    [['--file', 'a.json', '--announcement', 'hi'], 'give exactly one payload: --file, --question, --announcement or --reveal (got --file, --announcement)'],
    [['--file', 'a.json', '--answer', 'x'], '--answer goes with --question only'],
    [['--question', 'q?', '--answer', 'a', '--answer', 'b'], '--correct <n> is required with --question (the number of the right answer, from 1)'],
    [['--question', 'q?', '--answer', 'a', '--answer', 'b', '--correct', '0'], '--correct is "0"; allowed: a whole number from 1 to 2 (the number of --answer flags)'],
    [['--question', 'q?', '--answer', 'a', '--answer', 'b', '--correct', '3'], '--correct is "3"; allowed: a whole number from 1 to 2 (the number of --answer flags)'],
    [['--question', 'q?', '--answer', 'a', '--answer', 'b', '--correct', 'b'], '--correct is "b"; allowed: a whole number from 1 to 2 (the number of --answer flags)'],
    [['--file', 'a.json', '--local', '--channel-arn', ARN], '--channel-arn cannot be combined with --local (the local preview has its own)'],
    [['--file', 'a.json', '--local', '--endpoint', 'http://127.0.0.1:1'], '--endpoint cannot be combined with --local (the local preview has its own)'],
    [['--file', 'a.json', '--local', '--port', '70000'], 'port is "70000"; allowed: 1 to 65535'],
    [['--file', 'a.json', '--port', '9000'], '--port goes with --local only (use --endpoint for another endpoint)'],
    [['--file', 'a.json', '--channel-arn', ARN, '--env', 'prod'], '--env cannot be combined with --channel-arn (the ARN already names the channel)'],
    [['--file', 'a.json', '--endpoint', 'localhost:4566'], '--endpoint is "localhost:4566"; allowed: an http:// or https:// URL'],
    [['--file', 'a.json', '--endpoint', 'ftp://127.0.0.1'], '--endpoint is "ftp://127.0.0.1"; allowed: an http:// or https:// URL'],
    [['--file', 'a.json', '--local', '--repeat', '0.5'], '--repeat is "0.5"; allowed: a number of seconds, at least 1'],
    [['--file', 'a.json', '--local', '--repeat', 'often'], '--repeat is "often"; allowed: a number of seconds, at least 1'],
    [['--file', 'a.json', '--local', '--bucket', 'ivs-live-dev-site-1'], '--bucket cannot be combined with --local (the local preview has its own)'],
    [['--file', 'a.json', '--bucket', 'ivs-live-dev-site-1'], "--bucket goes with --channel-arn only (the deployed stack's bucket comes from its outputs)"],
    [['--file', 'a.json', '--channel-arn', ARN, '--bucket', 's3://ivs-live-dev-site-1'], `--bucket is "s3://ivs-live-dev-site-1"; allowed: ${BUCKET_NAME_RULE}`],
    [['--file', 'a.json', '--colour'], "Unknown option '--colour'"],
    [['--file'], "Option '--file <value>' argument missing"],
    [['question.json'], 'Unexpected argument'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseSendMetadataArgs(argv, {})).toThrow(UsageError);
    expect(() => parseSendMetadataArgs(argv, {})).toThrow(message);
  });
});

describe('regionOfArn', () => {
  it.each([
    [ARN, 'eu-west-1'],
    ['arn:aws:ivs::123:channel/x', undefined],
    ['not-an-arn', undefined],
  ])('reads the region of %s as %s', (arn, region) => {
    expect(regionOfArn(arn)).toBe(region);
  });
});
