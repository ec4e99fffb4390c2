import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { DataAwsIamOpenidConnectProvider } from '@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { loadConfig } from '../../config/live-config';
import { FUNCTIONS } from '../../core/functions';
import { answersTableName, BOOTSTRAP_STACK_NAME, failureQueueName, functionRoleName, pipelineRoleName, resourceNamePrefix, stateKeyPrefix } from '../../core/naming';
import { type ConfigEnv } from '../../config/config-error';
import { BootstrapStack, BOOTSTRAP_OUTPUTS } from '../../stacks/bootstrap-stack';
import { loadBootstrapConfig } from '../../config/bootstrap-config';
import { coveredTypes, deployStatements, NO_PERMISSION_TYPES, planStatements } from '../../stacks/policies/pipeline-permissions';
import { LiveStreamStack } from '../../stacks/live-stream-stack';
import { functionBoundaryArn, functionBoundaryStatements } from '../../stacks/policies/function-boundary-policy';
import { readSynth } from '../../testing/synthesized';

Testing.setupJest();

type Condition = { test: string; variable: string; values: string[] };
type Statement = { sid: string; effect: string; actions: string[]; resources?: string[]; condition?: Condition[]; principals?: unknown };

function synthesize(vars: ConfigEnv = {}) {
  const stack = new BootstrapStack(Testing.app(), BOOTSTRAP_STACK_NAME, { config: loadBootstrapConfig(vars) });
  return readSynth(Testing.synth(stack));
}

/** The statements of the policy document whose construct path contains `name` (e.g. `deploy-trust`). */
function documentStatements(synth: ReturnType<typeof synthesize>, name: string): Statement[] {
  const docs = Object.entries<Record<string, unknown>>(synth.raw.data.aws_iam_policy_document).filter(([id]) => id.includes(name));
  if (docs.length !== 1) throw new Error(`expected one policy document named like ${name}, found ${docs.length}`);
  return docs[0][1].statement as Statement[];
}

/** Whether an IAM resource pattern (`*` any run of characters, `?` one) covers an ARN. */
function covers(pattern: string, arn: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(arn);
}

const ACCOUNT = '${data.aws_caller_identity.account.account_id}';
const WRITE_VERB = /:(Create|Delete|Put|Update|Tag|Untag|Add|Remove|Publish|Pass|Enable|Disable)/;
const SCOPE = { accountId: '123456789012', region: 'us-east-1', env: 'dev', stateBucket: 'tfstate-ivs-live-123456789012-us-east-1' };

describe('BootstrapStack', () => {
  const synth = synthesize({ BOOTSTRAP_ENVIRONMENTS: 'dev,prod' });

  describe('state bucket', () => {
    it('is versioned, encrypted by default and protected from terraform destroy', () => {
      expect(synth.json).toHaveResourceWithProperties(S3Bucket, { lifecycle: { prevent_destroy: true } });
      expect(synth.json).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: 'Enabled' } });
      expect(synth.json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' }, bucket_key_enabled: true }],
      });
    });

    it('blocks every kind of public access', () => {
      expect(synth.json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    });

    it('denies every request that does not use TLS', () => {
      expect(documentStatements(synth, 'tls-only')).toEqual([
        expect.objectContaining({
          effect: 'Deny',
          actions: ['s3:*'],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        }),
      ]);
      expect(synth.json).toHaveResourceWithProperties(S3BucketPolicy, { depends_on: [expect.stringContaining('aws_s3_bucket_public_access_block.')] });
    });

    it('expires old state versions while keeping the latest ones', () => {
      expect(synth.json).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
        rule: [expect.objectContaining({ status: 'Enabled', noncurrent_version_expiration: [{ noncurrent_days: 90, newer_noncurrent_versions: 10 }] })],
      });
    });
  });

  describe('GitHub OIDC provider', () => {
    it('is created for GitHub\'s issuer and the STS audience by default', () => {
      expect(synth.json).toHaveResourceWithProperties(IamOpenidConnectProvider, {
        url: 'https://token.actions.githubusercontent.com',
        client_id_list: ['sts.amazonaws.com'],
      });
      expect(synth.json).not.toHaveDataSource(DataAwsIamOpenidConnectProvider);
    });

    it('is read instead of created when the account already has one', () => {
      const existing = synthesize({ GITHUB_OIDC_PROVIDER: 'existing' });
      expect(existing.json).not.toHaveResource(IamOpenidConnectProvider);
      expect(existing.json).toHaveDataSourceWithProperties(DataAwsIamOpenidConnectProvider, { url: 'https://token.actions.githubusercontent.com' });
    });
  });

  describe('each environment\'s access', () => {
    const repo = '${var.github_repository}';
    const names = '${replace(var.github_repository, "/@[0-9]+/", "")}';
    const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

    it('gives every environment its own deploy and plan role, named outside every resource prefix', () => {
      const roleNames = synth.resources('aws_iam_role').map((r) => String(r.name));
      expect(roleNames.filter((name) => name.startsWith('github-actions-')).sort()).toEqual(
        ['dev', 'prod'].flatMap((env) => [pipelineRoleName(env, 'deploy'), pipelineRoleName(env, 'plan')]).sort(),
      );
      for (const name of [...roleNames.filter((n) => n.startsWith('github-')), String(synth.resources('aws_s3_bucket')[0].bucket)]) {
        expect(name).not.toMatch(/^ivs-live-/);
      }
    });

    it('trusts an environment\'s deploy role only to the deploy and destroy workflows of main, in that GitHub environment', () => {
      expect(documentStatements(synth, 'dev_pipeline_deploy-trust')).toEqual([
        expect.objectContaining({
          actions: ['sts:AssumeRoleWithWebIdentity'],
          condition: [
            { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] },
            {
              test: 'StringEquals',
              variable: 'token.actions.githubusercontent.com:sub',
              values: [
                `repo:${repo}:environment:dev:job_workflow_ref:${names}/.github/workflows/deploy.yml@refs/heads/main`,
                `repo:${repo}:environment:dev:job_workflow_ref:${names}/.github/workflows/destroy.yml@refs/heads/main`,
              ],
            },
          ],
        }),
      ]);
    });

    it('trusts an environment\'s plan role only to pull requests of the repository running plan.yml', () => {
      const [trust] = documentStatements(synth, 'prod_pipeline_plan-trust');
      expect(trust.condition).toContainEqual({
        test: 'StringLike',
        variable: 'token.actions.githubusercontent.com:sub',
        values: [`repo:${repo}:pull_request:job_workflow_ref:${names}/.github/workflows/plan.yml@refs/pull/*/merge`],
      });
    });

    it('gives the plan role no write action at all, not even on a lock file', () => {
      const writes = documentStatements(synth, 'dev_pipeline_plan-permissions').filter((s) => s.actions.some((a) => WRITE_VERB.test(a)));
      expect(writes).toEqual([]);
    });

    it('gives no pipeline role any stream-key read', () => {
      for (const name of ['dev_pipeline_plan-permissions', 'dev_pipeline_deploy-permissions']) {
        const actions = documentStatements(synth, name).flatMap((s) => s.actions);
        expect(actions.filter((a) => /StreamKey/i.test(a))).toEqual([]);
      }
    });

    it('creates each function\'s role for each environment, assumable by Lambda only and held by the environment\'s boundary', () => {
      for (const env of ['dev', 'prod']) {
        const fnRoles = synth.resources('aws_iam_role').filter((r) => String(r.name).startsWith(resourceNamePrefix(env)));
        expect(fnRoles.map((r) => r.name).sort()).toEqual(FUNCTIONS.map((fn) => functionRoleName(env, fn)).sort());
        for (const fnRole of fnRoles) {
          expect(String(fnRole.permissions_boundary)).toMatch(new RegExp(`^\\$\\{aws_iam_policy\\.${env}_function-boundary_policy_\\w+\\.arn\\}$`));
        }
        for (const fn of FUNCTIONS) {
          expect(documentStatements(synth, `${env}_${fn}-role_assume-role`)).toEqual([
            expect.objectContaining({ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] }),
          ]);
        }
      }
    });

    it('creates each environment\'s encrypted failure queue, with no queue policy', () => {
      expect(synth.resources('aws_sqs_queue').map((q) => [q.name, q.sqs_managed_sse_enabled])).toEqual([
        [failureQueueName('dev'), true],
        [failureQueueName('prod'), true],
      ]);
      expect(Object.keys(synth.raw.resource)).not.toContain('aws_sqs_queue_policy');
    });

    it('lets the deploy role pass only its environment\'s function roles, and only to Lambda', () => {
      const pass = documentStatements(synth, 'dev_pipeline_deploy-permissions').filter((s) => s.actions.includes('iam:PassRole'));
      expect(pass).toEqual([
        expect.objectContaining({
          resources: [role('ivs-live-dev--put-metadata'), role('ivs-live-dev--answers')],
          condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['lambda.amazonaws.com'] }],
        }),
      ]);
    });

    it('lets the deploy role write only the inline policy of its environment\'s function roles, and only while they carry the boundary', () => {
      const iam = documentStatements(synth, 'dev_pipeline_deploy-permissions').filter((s) => s.actions.some((a) => a.startsWith('iam:')));
      expect(iam.flatMap((s) => s.actions).sort()).toEqual(
        ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies', 'iam:PassRole', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'].sort(),
      );
      const writes = iam.filter((s) => s.actions.includes('iam:PutRolePolicy'));
      expect(writes).toEqual([
        expect.objectContaining({
          resources: [role('ivs-live-dev--put-metadata'), role('ivs-live-dev--answers')],
          condition: [{ test: 'StringEquals', variable: 'iam:PermissionsBoundary', values: [functionBoundaryArn(ACCOUNT, 'dev')] }],
        }),
      ]);
    });

    it('gives the deploy role no way to create a role, change a trust or a boundary, or write a queue', () => {
      const actions = documentStatements(synth, 'dev_pipeline_deploy-permissions').flatMap((s) => s.actions);
      for (const forbidden of ['iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary']) {
        expect(actions).not.toContain(forbidden);
      }
      expect(actions.filter((a) => a.startsWith('sqs:'))).toEqual([]);
      expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    });

    it('scopes IVS channels, which have no names in their ARNs, by the stack\'s default tags of this environment only', () => {
      const ivs = documentStatements(synth, 'prod_pipeline_deploy-permissions').filter((s) => s.condition && s.actions.some((a) => /^ivs:(Create|Update|Delete)Channel$/.test(a)));
      expect(ivs.map((s) => s.condition)).toEqual([
        [
          { test: 'StringEquals', variable: 'aws:RequestTag/Project', values: ['ivs-live'] },
          { test: 'StringEquals', variable: 'aws:RequestTag/Environment', values: ['prod'] },
        ],
        [
          { test: 'StringEquals', variable: 'aws:ResourceTag/Project', values: ['ivs-live'] },
          { test: 'StringEquals', variable: 'aws:ResourceTag/Environment', values: ['prod'] },
        ],
      ]);
    });

    it('creates each environment\'s function boundary: PutMetadata on its tagged channels, its site\'s live objects, single items of its tables, its queue, its logs', () => {
      expect(synth.json).toHaveResourceWithProperties(IamPolicy, { name: 'ivs-live-dev--function-boundary' });
      // No path: the policy's ARN is then exactly functionBoundaryArn(account, env), which the deploy role's condition names.
      expect(synth.resources('aws_iam_policy').every((p) => p.path === undefined)).toBe(true);
      expect(documentStatements(synth, 'dev_function-boundary')).toEqual([
        expect.objectContaining({
          actions: ['ivs:PutMetadata'],
          resources: [`arn:aws:ivs:us-east-1:${ACCOUNT}:channel/*`],
          condition: [
            { test: 'StringEquals', variable: 'aws:ResourceTag/Project', values: ['ivs-live'] },
            { test: 'StringEquals', variable: 'aws:ResourceTag/Environment', values: ['dev'] },
          ],
        }),
        expect.objectContaining({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: ['arn:aws:s3:::ivs-live-dev--site-*/live/*'] }),
        expect.objectContaining({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], resources: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/ivs-live-dev--*`] }),
        expect.objectContaining({ actions: ['sqs:SendMessage'], resources: [`arn:aws:sqs:us-east-1:${ACCOUNT}:ivs-live-dev--failures`] }),
        expect.objectContaining({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/ivs-live-dev--*:*`] }),
      ]);
    });

    it('gives no role any action on a boundary policy, even with an environment named like it', () => {
      const lookalike = synthesize({ BOOTSTRAP_ENVIRONMENTS: 'function,dev' });
      const boundaries = ['function', 'dev'].map((env) => functionBoundaryArn(ACCOUNT, env));
      const covering = ['function_pipeline_deploy-permissions', 'function_pipeline_plan-permissions', 'dev_pipeline_deploy-permissions', 'dev_pipeline_plan-permissions']
        .flatMap((name) => documentStatements(lookalike, name))
        // Only IAM actions act on a policy: "*" on CreateDistribution, for one, does not.
        .filter((s) => s.actions.some((action) => action.startsWith('iam:')))
        .filter((s) => (s.resources ?? ['*']).some((pattern) => boundaries.some((arn) => covers(pattern, arn))));
      expect(covering).toEqual([]);
      // The check itself would notice a pattern that covers a boundary.
      expect(covers(`arn:aws:iam::${ACCOUNT}:policy/ivs-live-dev--*`, boundaries[1])).toBe(true);
    });

    it('keeps every resource pattern of an environment\'s roles off the names of an environment whose name it starts', () => {
      const prefixed = synthesize({ BOOTSTRAP_ENVIRONMENTS: 'dev,dev-x' });
      // DescribeLogGroups lists the names of the account's log groups: it is authorized on the namespace, not a group.
      const statements = documentStatements(prefixed, 'dev_pipeline_deploy-permissions').filter((s) => s.sid !== 'DescribeLogGroups');
      // A pattern reaches an ARN only through an action of the ARN's service ("*" on CreateDistribution reaches no function).
      const reaches = (arn: string) =>
        statements.some((s) => s.actions.some((action) => action.split(':')[0] === arn.split(':')[2]) && (s.resources ?? []).some((pattern) => covers(pattern, arn)));
      const devX = [
        `arn:aws:lambda:us-east-1:${ACCOUNT}:function:ivs-live-dev-x--put-metadata`,
        `arn:aws:s3:::ivs-live-dev-x--site-20261125160000000000000001`,
        `arn:aws:s3:::ivs-live-dev-x--site-20261125160000000000000001/live/current.json`,
        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/ivs-live-dev-x--put-metadata`,
        `arn:aws:events:us-east-1:${ACCOUNT}:rule/ivs-live-dev-x--stream-state`,
        role('ivs-live-dev-x--put-metadata'),
        `arn:aws:s3:::${prefixed.ref('aws_s3_bucket', 'bucket')}/ivs-live/dev-x/terraform.tfstate`,
      ];
      expect(devX.filter(reaches)).toEqual([]);
    });

    it('caps each role session at one hour', () => {
      expect(synth.json).toHaveResourceWithProperties(IamRole, { name: 'github-actions-ivs-live-dev-deploy', max_session_duration: 3600 });
    });
  });

  describe('configuration', () => {
    it('asks for the GitHub repository instead of guessing one, and validates it', () => {
      const variable = synth.raw.variable.github_repository;
      expect(variable.default).toBeUndefined();
      expect(variable.validation[0].condition).toContain('var.github_repository');
      expect(synthesize({ GITHUB_REPOSITORY: 'octo-org/ivs-live' }).raw.variable.github_repository.default).toBe('octo-org/ivs-live');
    });

    it('keeps its state locally, in the project root beside the other local state files', () => {
      expect(synth.raw.terraform.backend).toEqual({ local: { path: '../../../terraform.ivs-live-bootstrap.tfstate' } });
    });

    it('outputs the values of the repository variables', () => {
      expect(Object.keys(synth.raw.output).sort()).toEqual(Object.values(BOOTSTRAP_OUTPUTS).sort());
    });
  });
});

describe('pipeline policies and the live stack', () => {
  // The pipeline deploys with the bootstrap's function roles: that is the stack its roles must cover.
  const liveWith = (vars: Record<string, string>) =>
    readSynth(Testing.synth(new LiveStreamStack(Testing.app(), 'ivs-live-dev', { config: loadConfig({ FUNCTION_ROLES: 'bootstrap', ...vars }) })));
  const live = liveWith({});
  /** The site's variant with the most resource types: a domain whose certificate and records the stack makes. */
  const zoned = liveWith({ SITE_DOMAIN: 'live.example.com', SITE_HOSTED_ZONE_ID: 'Z0123456789ABCDEFGHIJ' });

  it('cover every resource and data source type the live stack uses, in each variant of its site', () => {
    const types = [...new Set([live, zoned].flatMap((synth) => [
      ...Object.keys(synth.raw.resource ?? {}),
      ...Object.keys(synth.raw.data ?? {}).map((type) => `data.${type}`),
    ]))];
    const sids = new Set(deployStatements({ ...SCOPE, siteDomain: 'live.example.com' }).map((s) => s.sid));
    const covered = coveredTypes();
    for (const type of types.filter((t) => !NO_PERMISSION_TYPES.includes(t))) {
      expect({ type, covered: covered.has(type) }).toEqual({ type, covered: true });
      for (const sid of covered.get(type) ?? []) expect(sids).toContain(sid);
    }
  });

  it('scope to the names the live stack gives its resources', () => {
    const prefix = resourceNamePrefix('dev');
    expect(live.resources('aws_lambda_function').map((f) => f.function_name)).toEqual(FUNCTIONS.map(() => expect.stringMatching(`^${prefix}`)));
    expect(live.resources('aws_iam_role_policy').map((r) => r.role).sort()).toEqual(FUNCTIONS.map((fn) => functionRoleName('dev', fn)).sort());
    expect(live.resources('aws_cloudwatch_log_group').map((g) => g.name)).toEqual(FUNCTIONS.map(() => expect.stringMatching(`^/aws/lambda/${prefix}`)));
    expect(live.resources('aws_dynamodb_table').map((t) => t.name)).toEqual([expect.stringMatching(`^${prefix}`)]);
    expect(live.resources('aws_cloudwatch_event_rule').map((r) => r.name)).toEqual([expect.stringMatching(`^${prefix}`)]);
    expect(live.resources('aws_s3_bucket').map((b) => b.bucket_prefix)).toEqual([expect.stringMatching(`^${prefix}`)]);
    expect(loadConfig({ STATE_BUCKET: SCOPE.stateBucket }).state?.key).toMatch(new RegExp(`^${stateKeyPrefix('dev')}`));
  });

  it('tag-scoped IVS statements match the tags the live stack puts on every resource', () => {
    expect(live.raw.provider.aws[0].default_tags[0].tags).toMatchObject({ Project: 'ivs-live', Environment: 'dev' });
  });

  it('bound the function no tighter than the live stack\'s own grants to it', () => {
    const granted = live
      .dataSources('aws_iam_policy_document')
      .flatMap((doc) => doc.statement as (Statement & { principals?: unknown })[])
      .filter((s) => s.principals === undefined);
    const boundary = functionBoundaryStatements(SCOPE);
    const allows = (action: string, arn: string) =>
      boundary.some((s) => s.actions!.includes(action) && s.resources!.some((pattern) => covers(pattern, arn)));
    // The live stack's ARNs are references; these are the values they take in the bootstrap's account and region.
    const account = '${data.aws_caller_identity.account.account_id}';
    const logGroups = Object.fromEntries(FUNCTIONS.map((fn) => [
      `${live.refTo('aws_cloudwatch_log_group', fn === 'put-metadata' ? 'metadata' : fn, 'arn')}:*`,
      `arn:aws:logs:${SCOPE.region}:${SCOPE.accountId}:log-group:/aws/lambda/${resourceNamePrefix('dev')}${fn}:*`,
    ]));
    const arnOf: Record<string, string> = {
      [live.ref('aws_ivs_channel', 'arn')]: `arn:aws:ivs:${SCOPE.region}:${SCOPE.accountId}:channel/AbCdEf123456`,
      ...logGroups,
      [live.ref('aws_dynamodb_table', 'arn')]: `arn:aws:dynamodb:${SCOPE.region}:${SCOPE.accountId}:table/${answersTableName('dev')}`,
      [`arn:aws:sqs:${SCOPE.region}:${account}:${failureQueueName('dev')}`]: `arn:aws:sqs:${SCOPE.region}:${SCOPE.accountId}:${failureQueueName('dev')}`,
      // AWS appends a 26-character suffix to the bucket_prefix.
      [`${live.ref('aws_s3_bucket', 'arn')}/live/current.json`]: `arn:aws:s3:::${live.resources('aws_s3_bucket')[0].bucket_prefix}20261125160000000000000001/live/current.json`,
    };
    expect(granted.length).toBeGreaterThan(0);
    for (const statement of granted) {
      for (const action of statement.actions) {
        for (const resource of statement.resources!) {
          expect({ action, resource, allowed: allows(action, arnOf[resource] ?? resource) }).toEqual({ action, resource, allowed: true });
        }
      }
    }
  });

  it('let the function boundary write no object but the live objects of the environment\'s own site bucket', () => {
    const [s3Statement] = functionBoundaryStatements(SCOPE).filter((s) => s.actions!.some((a) => a.startsWith('s3:')));
    const allowed = (arn: string) => s3Statement.resources!.some((pattern) => covers(pattern, arn));
    expect(allowed('arn:aws:s3:::ivs-live-dev--site-20261125160000000000000001/live/current.json')).toBe(true);
    expect(allowed('arn:aws:s3:::ivs-live-dev--site-20261125160000000000000001/index.html')).toBe(false);
    expect(allowed('arn:aws:s3:::ivs-live-prod--site-20261125160000000000000001/live/current.json')).toBe(false);
    expect(allowed('arn:aws:s3:::ivs-live-dev-x--site-20261125160000000000000001/live/current.json')).toBe(false);
    expect(allowed(`arn:aws:s3:::${SCOPE.stateBucket}/ivs-live/dev/terraform.tfstate`)).toBe(false);
  });

  it('fit IAM\'s 10,240-character inline policy limit with the longest environment name', () => {
    const env = 'a2345678901234567890';
    const iamJson = (statements: ReturnType<typeof deployStatements>) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: statements.map((s) => ({
          Sid: s.sid,
          Effect: s.effect,
          Action: s.actions,
          Resource: s.resources,
          Condition: Object.fromEntries(((s.condition ?? []) as Condition[]).map((c) => [c.test, { [c.variable]: c.values }])),
        })),
      });
    expect(iamJson(deployStatements({ ...SCOPE, env })).length).toBeLessThan(10_240);
    expect(iamJson(planStatements({ ...SCOPE, env })).length).toBeLessThan(10_240);
  });
});
