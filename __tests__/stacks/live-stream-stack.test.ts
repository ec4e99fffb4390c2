import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IvsChannel } from '@cdktf/provider-aws/lib/ivs-channel';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { loadConfig } from '../../config/live-config';
import { type ConfigEnv } from '../../config/config-error';
import { LiveStreamStack } from '../../stacks/live-stream-stack';
import { OUTPUT_NAMES } from '../../core/output-names';
import { readSynth } from '../../testing/synthesized';

Testing.setupJest();

function synthesize(vars: ConfigEnv = {}) {
  const app = Testing.app();
  const stack = new LiveStreamStack(app, 'test', { config: loadConfig(vars) });
  return readSynth(Testing.synth(stack));
}

type Statement = { actions: string[]; resources: string[]; principals?: { type: string; identifiers: string[] }[] };
function statementsWith(synth: ReturnType<typeof synthesize>, action: string): Statement[] {
  return synth
    .dataSources('aws_iam_policy_document')
    .flatMap((doc) => doc.statement as Statement[])
    .filter((s) => s.actions.includes(action));
}

describe('LiveStreamStack', () => {
  const synth = synthesize();

  it('creates a low-latency standard IVS channel named after the environment', () => {
    expect(synth.json).toHaveResourceWithProperties(IvsChannel, { name: 'ivs-live-dev', latency_mode: 'LOW', type: 'STANDARD' });
  });

  it('keeps the stream key out of Terraform: no data source reads it, no output holds it, so the state has no secret', () => {
    for (const mode of [synth, synthesize({ FUNCTION_ROLES: 'bootstrap' })]) {
      expect(Object.keys(mode.raw.data ?? {})).not.toContain('aws_ivs_stream_key');
      expect(JSON.stringify(mode.raw)).not.toMatch(/stream_key|StreamKey/);
    }
  });

  it('takes channel latency and type from the configuration', () => {
    const custom = synthesize({ IVS_LATENCY_MODE: 'NORMAL', IVS_CHANNEL_TYPE: 'BASIC', IVS_CHANNEL_NAME: 'my_show' });
    expect(custom.json).toHaveResourceWithProperties(IvsChannel, { name: 'my_show', latency_mode: 'NORMAL', type: 'BASIC' });
  });

  it('keeps the site in a force-destroyable bucket that blocks every kind of public access and hosts no website', () => {
    expect(synth.json).toHaveResourceWithProperties(S3Bucket, { bucket_prefix: 'ivs-live-dev--site-', force_destroy: true });
    expect(synth.json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      ignore_public_acls: true,
      block_public_policy: true,
      restrict_public_buckets: true,
    });
    expect(synth.resources('aws_s3_bucket_website_configuration')).toEqual([]);
    expect(synth.resources('aws_s3_bucket_acl')).toEqual([]);
  });

  it('lets only CloudFront read the objects of the site bucket, and only for this distribution', () => {
    const [policy] = synth.resources('aws_s3_bucket_policy') as { policy: string; depends_on: string[] }[];
    const document = synth.raw.data.aws_iam_policy_document[policy.policy.replace(/^\$\{data\.aws_iam_policy_document\.|\.json\}$/g, '')];
    expect(document.statement).toEqual([
      {
        sid: 'ReadByThisDistributionOnly',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
        actions: ['s3:GetObject'],
        resources: [`${synth.ref('aws_s3_bucket', 'arn')}/*`],
        condition: [{ test: 'StringEquals', variable: 'AWS:SourceArn', values: [synth.ref('aws_cloudfront_distribution', 'arn')] }],
      },
    ]);
    expect(policy.depends_on).toEqual([synth.ref('aws_s3_bucket_public_access_block', 'id').replace(/^\$\{|\.id\}$/g, '')]);
  });

  it('gives no statement of the stack a principal that is anyone', () => {
    const principals = synth
      .dataSources('aws_iam_policy_document')
      .flatMap((doc) => doc.statement as Statement[])
      .flatMap((s) => s.principals ?? []);
    expect(principals.flatMap((p) => p.identifiers)).not.toContain('*');
  });

  it('grants PutMetadata only on the channel ARN', () => {
    expect(statementsWith(synth, 'ivs:PutMetadata')).toEqual([
      expect.objectContaining({ actions: ['ivs:PutMetadata'], resources: [synth.ref('aws_ivs_channel', 'arn')] }),
    ]);
  });

  it('lets each function write only to its own log group, which it cannot create', () => {
    expect(statementsWith(synth, 'logs:PutLogEvents')).toEqual(expect.arrayContaining([
      expect.objectContaining({ resources: [`${synth.refTo('aws_cloudwatch_log_group', 'metadata', 'arn')}:*`] }),
      expect.objectContaining({ resources: [`${synth.refTo('aws_cloudwatch_log_group', 'answers', 'arn')}:*`] }),
    ]));
    expect(statementsWith(synth, 'logs:PutLogEvents')).toHaveLength(2);
    expect(statementsWith(synth, 'logs:CreateLogGroup')).toEqual([]);
  });

  it('creates the function roles, assumable by Lambda only, and the failure queue itself by default (FUNCTION_ROLES=stack)', () => {
    expect(synth.resources('aws_iam_role')).toEqual([
      expect.objectContaining({ name: 'ivs-live-dev--answers' }),
      expect.objectContaining({ name: 'ivs-live-dev--put-metadata' }),
    ]);
    for (const role of synth.resources('aws_iam_role')) expect(role).not.toHaveProperty('permissions_boundary');
    const trust = statementsWith(synth, 'sts:AssumeRole');
    expect(trust).toEqual([1, 2].map(() => expect.objectContaining({ principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] })));
    expect(synth.resources('aws_sqs_queue')).toHaveLength(1);
  });

  describe('with the roles of the bootstrap stack (FUNCTION_ROLES=bootstrap, the pipeline)', () => {
    const piped = synthesize({ FUNCTION_ROLES: 'bootstrap' });
    const account = '${data.aws_caller_identity.account.account_id}';

    it('creates no role, no trust policy and no queue', () => {
      expect(piped.resources('aws_iam_role')).toEqual([]);
      expect(piped.resources('aws_sqs_queue')).toEqual([]);
      expect(statementsWith(piped, 'sts:AssumeRole')).toEqual([]);
    });

    it('writes each function\'s inline policy on the environment\'s role, by the name both stacks derive', () => {
      expect(piped.resources('aws_iam_role_policy')).toEqual([
        expect.objectContaining({ role: 'ivs-live-dev--answers', name: 'permissions' }),
        expect.objectContaining({ role: 'ivs-live-dev--put-metadata', name: 'permissions' }),
      ]);
    });

    it('runs the function with that role and sends its failures to the environment\'s queue, ARNs built without a lookup', () => {
      expect(piped.json).toHaveResourceWithProperties(LambdaFunction, { role: `arn:aws:iam::${account}:role/ivs-live-dev--put-metadata` });
      expect(piped.json).toHaveResourceWithProperties(LambdaFunctionEventInvokeConfig, {
        destination_config: { on_failure: { destination: `arn:aws:sqs:us-east-1:${account}:ivs-live-dev--failures` } },
      });
      expect(Object.keys(piped.raw.data)).toEqual(expect.arrayContaining(['aws_caller_identity']));
      expect(Object.keys(piped.raw.data).filter((type) => !['aws_caller_identity', 'aws_iam_policy_document'].includes(type))).toEqual([]);
    });
  });

  it('runs the bundled handler on Node.js 22 with JSON logs in a retained, Terraform-managed log group', () => {
    expect(synth.json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/ivs-live-dev--put-metadata',
      retention_in_days: 14,
    });
    expect(synth.json).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'ivs-live-dev--put-metadata',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      logging_config: { log_format: 'JSON', log_group: synth.refTo('aws_cloudwatch_log_group', 'metadata', 'name') },
    });
  });

  it('passes the channel ARN, the compact validated payload, the delay, the site bucket and the answer table to the function', () => {
    const fn = (synth.resources('aws_lambda_function') as { function_name: string; environment: { variables: Record<string, string> } }[])
      .find((f) => f.function_name === 'ivs-live-dev--put-metadata')!;
    expect(fn.environment.variables).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      CHANNEL_ARN: synth.ref('aws_ivs_channel', 'arn'),
      METADATA_JSON: JSON.stringify(JSON.parse(require('node:fs').readFileSync('examples/quiz-question.json', 'utf8'))),
      FIRST_QUESTION_DELAY_SECONDS: '0',
      SITE_BUCKET: synth.ref('aws_s3_bucket', 'bucket'),
      ANSWERS_TABLE: synth.ref('aws_dynamodb_table', 'name'),
    });
  });

  it('gives the function time for the configured delay, the current-question write and its retries', () => {
    const delayed = synthesize({ FIRST_QUESTION_DELAY_SECONDS: '30' });
    expect(delayed.json).toHaveResourceWithProperties(LambdaFunction, { timeout: 90 });
  });

  it('sends an event that failed every attempt to an encrypted queue of its own, the only queue it may write to', () => {
    expect(synth.json).toHaveResourceWithProperties(SqsQueue, {
      name: 'ivs-live-dev--failures',
      message_retention_seconds: 1_209_600,
      sqs_managed_sse_enabled: true,
    });
    expect(synth.json).toHaveResourceWithProperties(LambdaFunctionEventInvokeConfig, {
      maximum_retry_attempts: 2,
      destination_config: { on_failure: { destination: synth.ref('aws_sqs_queue', 'arn') } },
    });
    expect(statementsWith(synth, 'sqs:SendMessage')).toEqual([
      expect.objectContaining({ actions: ['sqs:SendMessage'], resources: [synth.ref('aws_sqs_queue', 'arn')] }),
    ]);
  });

  it('matches only Stream Start and Stream End of this channel in the EventBridge rule', () => {
    const [rule] = synth.resources('aws_cloudwatch_event_rule') as { event_pattern: string; description: string }[];
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.ivs'],
      'detail-type': ['IVS Stream State Change'],
      resources: [synth.ref('aws_ivs_channel', 'arn')],
      detail: { event_name: ['Stream Start', 'Stream End'] },
    });
    expect(rule.description).toMatch(/^Stream Start \/ Stream End /);
    expect(synth.json).toHaveResourceWithProperties(CloudwatchEventRule, { name: 'ivs-live-dev--stream-state' });
  });

  it('lets the function write only the current-question object of the site bucket', () => {
    const s3Statements = synth
      .dataSources('aws_iam_policy_document')
      .flatMap((doc) => doc.statement as (Statement & { sid?: string; principals?: unknown })[])
      .filter((s) => s.principals === undefined && s.actions.some((a) => a.startsWith('s3:')));
    expect(s3Statements).toEqual([
      expect.objectContaining({
        sid: 'CurrentQuestionForLateJoiners',
        effect: 'Allow',
        actions: ['s3:PutObject', 's3:DeleteObject'],
        resources: [`${synth.ref('aws_s3_bucket', 'arn')}/live/current.json`],
      }),
    ]);
  });

  it('targets the function from the rule and lets only that rule invoke it', () => {
    const [target] = synth.resources('aws_cloudwatch_event_target');
    expect(target).toMatchObject({ rule: synth.ref('aws_cloudwatch_event_rule', 'name'), arn: synth.refTo('aws_lambda_function', 'metadata', 'arn') });
    expect(synth.json).toHaveResourceWithProperties(LambdaPermission, {
      action: 'lambda:InvokeFunction',
      principal: 'events.amazonaws.com',
      source_arn: synth.ref('aws_cloudwatch_event_rule', 'arn'),
    });
  });

  it('outputs only public values, each with a description', () => {
    const outputs = synth.raw.output as Record<string, { sensitive?: boolean; description: string }>;
    expect(Object.keys(outputs).sort()).toEqual(Object.values(OUTPUT_NAMES).sort());
    for (const output of Object.values(outputs)) {
      expect(output.sensitive).toBeFalsy();
      expect(output.description).not.toHaveLength(0);
    }
  });

  it('gives the ingest server as OBS expects it', () => {
    const outputs = synth.raw.output as Record<string, { value: string }>;
    expect(outputs.ingest_server.value).toBe(`rtmps://${synth.ref('aws_ivs_channel', 'ingest_endpoint')}:443/app/`);
  });

  it('keeps local state in the project root when no state bucket is configured', () => {
    expect(synth.raw.terraform.backend).toEqual({ local: { path: '../../../terraform.ivs-live-dev.tfstate' } });
  });

  it('stores state in S3 per environment, encrypted and locked with a lock file, when a state bucket is configured', () => {
    const remote = synthesize({ LIVE_ENV: 'production', STATE_BUCKET: 'acme-tf-state', AWS_REGION: 'eu-west-1' });
    expect(remote.raw.terraform.backend).toEqual({
      s3: { bucket: 'acme-tf-state', key: 'ivs-live/production/terraform.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true },
    });
  });

  it('names every resource after its environment, so environments can share an account', () => {
    const staging = synthesize({ LIVE_ENV: 'staging' });
    expect(staging.json).toHaveResourceWithProperties(LambdaFunction, { function_name: 'ivs-live-staging--put-metadata' });
    expect(staging.json).toHaveResourceWithProperties(S3Bucket, { bucket_prefix: 'ivs-live-staging--site-' });
    expect(staging.raw.provider.aws[0].default_tags[0].tags).toEqual({ Project: 'ivs-live', Environment: 'staging', ManagedBy: 'cdktf' });
  });

  it('fails with a clear message when the function bundle has not been built', () => {
    const app = Testing.app();
    expect(() => new LiveStreamStack(app, 'nobundle', { config: loadConfig({}), functionBundleDir: '/nonexistent' })).toThrow(
      /bundle not found at \/nonexistent\/index\.js; run `npm run build:functions` first/,
    );
  });
});
