// S3's bucket-name rule, and the three places that apply it: STATE_BUCKET at synth, the function's SITE_BUCKET and
// the host CLI's --bucket accept and refuse the same names.
import { BUCKET_NAME_RULE, isBucketName } from '../../core/bucket-name';
import { loadConfig } from '../../config/live-config';
import { readFunctionConfig } from '../../functions/put-metadata/env';
import { parseSendMetadataArgs } from '../../host/send-metadata-args';
import { configProblems } from '../../testing/config-problems';

const VALID = ['ivs-live-dev-site-20261125160000000000000001', 'abc', 'my.bucket.name', 'a'.repeat(63)];
const INVALID = ['ab', 'a'.repeat(64), 'My_Bucket', 's3://bucket', 'two..dots', '192.168.5.4', '-leading', 'trailing-', 'xn--punycode', 'name-s3alias', 'name--ol-s3'];
const CHANNEL = 'arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf123456';

const accepted = {
  'STATE_BUCKET at synth': (name: string) => configProblems(() => loadConfig({ STATE_BUCKET: name, METADATA_JSON: 'x' })).every((p) => !p.startsWith('STATE_BUCKET')),
  "the function's SITE_BUCKET": (name: string) => {
    try {
      return readFunctionConfig({ CHANNEL_ARN: CHANNEL, METADATA_JSON: '{"type":"announcement","text":"Hi"}', SITE_BUCKET: name }).siteBucket === name;
    } catch {
      return false;
    }
  },
  "the host CLI's --bucket": (name: string) => {
    try {
      parseSendMetadataArgs(['--announcement', 'Hi', '--channel-arn', CHANNEL, '--bucket', name], {});
      return true;
    } catch {
      return false;
    }
  },
};

describe('isBucketName', () => {
  it.each(VALID)('accepts %s', (name) => expect(isBucketName(name)).toBe(true));
  it.each(INVALID)('refuses %s', (name) => expect(isBucketName(name)).toBe(false));

  it('says what is allowed, for every message that names a bucket variable', () => {
    expect(BUCKET_NAME_RULE).toMatch(/^an S3 bucket name: 3 to 63 lowercase letters/);
  });
});

describe.each(Object.entries(accepted))('%s', (_where, accepts) => {
  it('accepts exactly the names the rule accepts', () => {
    for (const name of [...VALID, ...INVALID]) expect({ name, accepted: accepts(name) }).toEqual({ name, accepted: isBucketName(name) });
  });
});
