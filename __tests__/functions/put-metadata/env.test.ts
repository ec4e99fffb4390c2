// Reading the function's configuration from its environment, with errors that name the variable.
import { BUCKET_NAME_RULE } from '../../../core/bucket-name';
import { readFunctionConfig } from '../../../functions/put-metadata/env';

const CHANNEL = 'arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf123456';
const METADATA = '{"type":"announcement","text":"Hello"}';

describe('readFunctionConfig', () => {
  it('reads the channel, the payload and a delay of 0 by default', () => {
    expect(readFunctionConfig({ CHANNEL_ARN: CHANNEL, METADATA_JSON: METADATA })).toEqual({
      channelArn: CHANNEL,
      metadata: METADATA,
      firstQuestionDelaySeconds: 0,
    });
  });

  it.each([
    [undefined, undefined],
    ['', undefined],
    ['ivs-live-dev-site-20261125160000000000000001', 'ivs-live-dev-site-20261125160000000000000001'],
  ])('reads SITE_BUCKET=%j as the site bucket %j (unset: the S3 part is skipped)', (raw, bucket) => {
    expect(readFunctionConfig({ CHANNEL_ARN: CHANNEL, METADATA_JSON: METADATA, SITE_BUCKET: raw }).siteBucket).toBe(bucket);
  });

  it('reads ANSWERS_TABLE as the answer table, and leaves it out when unset or empty (no DynamoDB calls)', () => {
    expect(readFunctionConfig({ CHANNEL_ARN: CHANNEL, METADATA_JSON: METADATA, ANSWERS_TABLE: 'ivs-live-dev--answers' }).answersTable).toBe('ivs-live-dev--answers');
    expect(readFunctionConfig({ CHANNEL_ARN: CHANNEL, METADATA_JSON: METADATA, ANSWERS_TABLE: '' })).not.toHaveProperty('answersTable');
    expect(readFunctionConfig({ CHANNEL_ARN: CHANNEL, METADATA_JSON: METADATA })).not.toHaveProperty('answersTable');
  });

  it('leaves siteBucket out of the configuration when SITE_BUCKET is unset', () => {
    expect(readFunctionConfig({ CHANNEL_ARN: CHANNEL, METADATA_JSON: METADATA })).not.toHaveProperty('siteBucket');
  });

  it.each([
    ['15', 15],
    ['', 0],
    ['600', 600],
  ])('reads FIRST_QUESTION_DELAY_SECONDS=%j as %d seconds', (raw, seconds) => {
    expect(readFunctionConfig({ CHANNEL_ARN: CHANNEL, METADATA_JSON: METADATA, FIRST_QUESTION_DELAY_SECONDS: raw }).firstQuestionDelaySeconds).toBe(seconds);
  });

  it.each([
    [{ METADATA_JSON: METADATA }, '`CHANNEL_ARN` environment variable is not set'],
    [{ CHANNEL_ARN: '  ', METADATA_JSON: METADATA }, '`CHANNEL_ARN` environment variable is not set'],
    [{ CHANNEL_ARN: CHANNEL }, '`METADATA_JSON` environment variable is not set'],
    [{ CHANNEL_ARN: CHANNEL, METADATA_JSON: '{"type":"note"}' }, '`METADATA_JSON` environment variable is invalid: invalid metadata: "type" is "note"; allowed: "quiz", "announcement", "results"'],
    [{ CHANNEL_ARN: CHANNEL, METADATA_JSON: METADATA, ANSWERS_TABLE: 'answers table' }, '`ANSWERS_TABLE` environment variable is "answers table"; allowed: a DynamoDB table name: 3 to 255 letters, digits, "_", "." or "-"'],
    [{ CHANNEL_ARN: CHANNEL, METADATA_JSON: METADATA, FIRST_QUESTION_DELAY_SECONDS: 'soon' }, '`FIRST_QUESTION_DELAY_SECONDS` environment variable is "soon"; allowed: a whole number of seconds from 0 to 600'],
    [{ CHANNEL_ARN: CHANNEL, METADATA_JSON: METADATA, FIRST_QUESTION_DELAY_SECONDS: '-1' }, '`FIRST_QUESTION_DELAY_SECONDS` environment variable is "-1"; allowed: a whole number of seconds from 0 to 600'],
    // Whole seconds, as synth and `npm start` require: a value accepted anywhere is accepted everywhere.
    [{ CHANNEL_ARN: CHANNEL, METADATA_JSON: METADATA, FIRST_QUESTION_DELAY_SECONDS: '2.5' }, '`FIRST_QUESTION_DELAY_SECONDS` environment variable is "2.5"; allowed: a whole number of seconds from 0 to 600'],
    [{ CHANNEL_ARN: CHANNEL, METADATA_JSON: METADATA, FIRST_QUESTION_DELAY_SECONDS: '601' }, '`FIRST_QUESTION_DELAY_SECONDS` environment variable is "601"; allowed: a whole number of seconds from 0 to 600'],
    [{ CHANNEL_ARN: CHANNEL, METADATA_JSON: METADATA, SITE_BUCKET: 'My_Bucket' }, `\`SITE_BUCKET\` environment variable is "My_Bucket"; allowed: ${BUCKET_NAME_RULE}`],
    [{ CHANNEL_ARN: CHANNEL, METADATA_JSON: METADATA, SITE_BUCKET: 's3://ivs-live-dev-site-1' }, `\`SITE_BUCKET\` environment variable is "s3://ivs-live-dev-site-1"; allowed: ${BUCKET_NAME_RULE}`],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => readFunctionConfig(env)).toThrow(expect.objectContaining({ name: 'InvalidEnvironment', message }));
  });
});
