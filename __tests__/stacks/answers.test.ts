// The audience's answers in the synthesized live stack: the table, the answer function behind its function URL, who
// may call that URL, and what each function may do to the table.
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url';
import { ANSWER_FUNCTION_TIMEOUT_SECONDS, ANSWER_TABLE_MAX_WRITES_PER_SECOND } from '../../core/answers';
import { type ConfigEnv } from '../../config/config-error';
import { loadConfig } from '../../config/live-config';
import { LiveStreamStack } from '../../stacks/live-stream-stack';
import { configProblems } from '../../testing/config-problems';
import { readSynth } from '../../testing/synthesized';

Testing.setupJest();

function synthesize(vars: ConfigEnv = {}) {
  return readSynth(Testing.synth(new LiveStreamStack(Testing.app(), 'test', { config: loadConfig(vars) })));
}

type Condition = { test: string; variable: string; values: string[] };
type Statement = { sid?: string; actions: string[]; resources: string[]; condition?: Condition[] };

describe('the audience\'s answers', () => {
  const synth = synthesize();
  const table = synth.ref('aws_dynamodb_table', 'arn');
  /** The statements of the inline policy of one function (`metadata` or `answers`, by construct path). */
  const policyOf = (fragment: string): Statement[] =>
    Object.entries<{ statement: Statement[] }>(synth.raw.data.aws_iam_policy_document).find(([id]) => id.startsWith(`${fragment}_function_permissions`))![1].statement;
  const tableStatements = (fragment: string) => policyOf(fragment).filter((s) => s.actions.some((a) => a.startsWith('dynamodb:')));

  it('keeps them in one on-demand table, capped in writes per second, whose items expire, with nothing kept after destroy', () => {
    expect(synth.json).toHaveResourceWithProperties(DynamodbTable, {
      name: 'ivs-live-dev--answers',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'pk',
      range_key: 'sk',
      attribute: [{ name: 'pk', type: 'S' }, { name: 'sk', type: 'S' }],
      on_demand_throughput: { max_write_request_units: ANSWER_TABLE_MAX_WRITES_PER_SECOND },
      ttl: { attribute_name: 'expiresAt', enabled: true },
      point_in_time_recovery: { enabled: false },
      deletion_protection_enabled: false,
    });
    expect(synth.resources('aws_dynamodb_table')[0]).not.toHaveProperty('read_capacity');
  });

  it('runs the answer function on Node.js 22 with a short timeout, a reserved concurrency and the table\'s name', () => {
    expect(synth.json).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'ivs-live-dev--answers',
      runtime: 'nodejs22.x',
      timeout: ANSWER_FUNCTION_TIMEOUT_SECONDS,
      reserved_concurrent_executions: 20,
      environment: { variables: { NODE_OPTIONS: '--enable-source-maps', ANSWERS_TABLE: synth.ref('aws_dynamodb_table', 'name') } },
    });
  });

  it('takes the reserved concurrency from ANSWERS_RESERVED_CONCURRENCY, and reserves none with "none"', () => {
    const answersFn = (s: ReturnType<typeof synthesize>) => s.resources('aws_lambda_function').find((f) => f.function_name === 'ivs-live-dev--answers');
    expect(answersFn(synthesize({ ANSWERS_RESERVED_CONCURRENCY: '100' }))).toMatchObject({ reserved_concurrent_executions: 100 });
    expect(answersFn(synthesize({ ANSWERS_RESERVED_CONCURRENCY: 'none' }))).not.toHaveProperty('reserved_concurrent_executions');
    expect(configProblems(() => loadConfig({ ANSWERS_RESERVED_CONCURRENCY: '0' }))).toEqual([
      expect.stringMatching(/^ANSWERS_RESERVED_CONCURRENCY is "0"; allowed: a whole number from 1 to 1000, or none/),
    ]);
  });

  it('serves the answer function at a function URL that asks for IAM auth (only the CDN signs)', () => {
    expect(synth.json).toHaveResourceWithProperties(LambdaFunctionUrl, {
      function_name: synth.refTo('aws_lambda_function', 'answers', 'function_name'),
      authorization_type: 'AWS_IAM',
    });
  });

  it('lets only this distribution call the URL, with both actions a new function URL needs', () => {
    const permissions = synth.resources('aws_lambda_permission').filter((p) => p.principal === 'cloudfront.amazonaws.com');
    const distribution = synth.ref('aws_cloudfront_distribution', 'arn');
    const fn = synth.refTo('aws_lambda_function', 'answers', 'function_name');
    expect(permissions).toEqual([
      expect.objectContaining({ action: 'lambda:InvokeFunctionUrl', function_name: fn, source_arn: distribution, function_url_auth_type: 'AWS_IAM' }),
      expect.objectContaining({ action: 'lambda:InvokeFunction', function_name: fn, source_arn: distribution }),
    ]);
  });

  it('lets the answer function read the current question and its answers, and write answer items only, attribute by attribute', () => {
    expect(tableStatements('answers')).toEqual([
      {
        sid: 'ReadCurrentQuestionAndOwnAnswers',
        effect: 'Allow',
        actions: ['dynamodb:GetItem'],
        resources: [table],
        condition: [{ test: 'ForAllValues:StringLike', variable: 'dynamodb:LeadingKeys', values: ['CURRENT', 'A#*'] }],
      },
      {
        sid: 'WriteAnswerItemsOnly',
        effect: 'Allow',
        actions: ['dynamodb:PutItem'],
        resources: [table],
        condition: [
          { test: 'ForAllValues:StringLike', variable: 'dynamodb:LeadingKeys', values: ['A#*'] },
          { test: 'ForAllValues:StringEquals', variable: 'dynamodb:Attributes', values: ['pk', 'sk', 'c', 'at', 'expiresAt'] },
        ],
      },
    ]);
  });

  it('lets the put-metadata function open questions and end the show\'s current one, and touch no answer', () => {
    expect(tableStatements('metadata')).toEqual([
      expect.objectContaining({
        actions: ['dynamodb:PutItem', 'dynamodb:GetItem'],
        resources: [table],
        condition: [{ test: 'ForAllValues:StringLike', variable: 'dynamodb:LeadingKeys', values: ['Q#*', 'CURRENT'] }],
      }),
      expect.objectContaining({
        actions: ['dynamodb:DeleteItem'],
        resources: [table],
        condition: [{ test: 'ForAllValues:StringEquals', variable: 'dynamodb:LeadingKeys', values: ['CURRENT'] }],
      }),
    ]);
  });

  it('grants no function a scan, a query, a batch or a table change, and nothing on another table', () => {
    const actions = [...tableStatements('answers'), ...tableStatements('metadata')].flatMap((s) => s.actions);
    expect(actions.filter((a) => !['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'].includes(a))).toEqual([]);
    expect([...tableStatements('answers'), ...tableStatements('metadata')].flatMap((s) => s.resources)).toEqual([table, table, table, table]);
  });

  it('outputs the table\'s name for the host\'s reveal', () => {
    expect(synth.raw.output.answers_table).toEqual({ value: synth.ref('aws_dynamodb_table', 'name'), description: expect.stringContaining('--reveal') });
  });
});
