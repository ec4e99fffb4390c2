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
import { BOOTSTRAP_STACK_NAME, resourceNamePrefix, stateKeyPrefix } from '../../core/naming';
import { type ConfigEnv } from '../../config/config-error';
import { BootstrapStack, BOOTSTRAP_OUTPUTS } from '../../stacks/bootstrap-stack';
import { loadBootstrapConfig, MAX_ENVIRONMENTS } from '../../config/bootstrap-config';
import { coveredTypes, deployStatements, LOCAL_TYPES, planStatements } from '../../stacks/policies/pipeline-permissions';
import { LiveStreamStack } from '../../stacks/live-stream-stack';
import { FUNCTION_BOUNDARY_POLICY_NAME, functionBoundaryArn, functionBoundaryStatements } from '../../stacks/policies/function-boundary-policy';
import { readSynth } from '../../testing/synthesized';

Testing.setupJest();

type Condition = { test: string; variable: string; values: string[] };
type Statement = { sid: string; effect: string; actions: string[]; resources?: string[]; condition?: Condition[] };

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
/** The IAM actions that take the iam:PermissionsBoundary condition key on a role. */
const BOUNDARY_KEYED_ACTIONS = [
  'iam:CreateRole', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePermissionsBoundary',
];
const WRITE_VERB = /:(Create|Delete|Put|Update|Tag|Untag|Add|Remove|Publish|Pass|Enable|Disable)/;
const SCOPE = { accountId: '123456789012', region: 'us-east-1', stateBucket: 'tfstate-ivs-live-123456789012-us-east-1' };

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

  describe('roles', () => {
    const repo = '${var.github_repository}';

    it('trusts the deploy role only to pushes to main and to jobs in the environments\' GitHub environments', () => {
      expect(documentStatements(synth, 'deploy-trust')).toEqual([
        expect.objectContaining({
          actions: ['sts:AssumeRoleWithWebIdentity'],
          condition: [
            { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] },
            {
              test: 'StringEquals',
              variable: 'token.actions.githubusercontent.com:sub',
              values: [`repo:${repo}:ref:refs/heads/main`, `repo:${repo}:environment:dev`, `repo:${repo}:environment:prod`],
            },
          ],
        }),
      ]);
    });

    it('trusts the plan role only to pull requests of the repository', () => {
      const [trust] = documentStatements(synth, 'plan-trust');
      expect(trust.condition).toContainEqual({ test: 'StringEquals', variable: 'token.actions.githubusercontent.com:sub', values: [`repo:${repo}:pull_request`] });
    });

    it('gives the plan role no write action except the state lock file', () => {
      const writes = documentStatements(synth, 'plan-permissions').filter((s) => s.actions.some((a) => WRITE_VERB.test(a)));
      expect(writes).toEqual([expect.objectContaining({ sid: 'StateLock', actions: ['s3:PutObject', 's3:DeleteObject'] })]);
      expect(writes[0].resources!.every((r) => r.endsWith('*.tflock'))).toBe(true);
    });

    it('lets the deploy role pass only the function roles, and only to Lambda', () => {
      const pass = documentStatements(synth, 'deploy-permissions').filter((s) => s.actions.includes('iam:PassRole'));
      expect(pass).toEqual([
        expect.objectContaining({
          resources: ['arn:aws:iam::${data.aws_caller_identity.account.account_id}:role/ivs-live-dev-*', 'arn:aws:iam::${data.aws_caller_identity.account.account_id}:role/ivs-live-prod-*'],
          condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['lambda.amazonaws.com'] }],
        }),
      ]);
    });

    it('scopes IVS channels, which have no names in their ARNs, by the stack\'s default tags', () => {
      const ivs = documentStatements(synth, 'deploy-permissions').filter((s) => s.actions.some((a) => /^ivs:(Create|Update|Delete)Channel$/.test(a)));
      expect(ivs.map((s) => s.condition)).toEqual([
        [
          { test: 'StringEquals', variable: 'aws:RequestTag/Project', values: ['ivs-live'] },
          { test: 'StringEquals', variable: 'aws:RequestTag/Environment', values: ['dev', 'prod'] },
        ],
        [
          { test: 'StringEquals', variable: 'aws:ResourceTag/Project', values: ['ivs-live'] },
          { test: 'StringEquals', variable: 'aws:ResourceTag/Environment', values: ['dev', 'prod'] },
        ],
      ]);
    });

    it('names neither role nor the state bucket with a prefix the deploy role may manage', () => {
      const names = synth.resources('aws_iam_role').map((r) => String(r.name));
      expect(names).toEqual(['github-actions-ivs-live-deploy', 'github-actions-ivs-live-plan']);
      for (const name of [...names, String(synth.resources('aws_s3_bucket')[0].bucket)]) expect(name).not.toMatch(/^ivs-live-/);
    });

    it('creates the function boundary, which allows only PutMetadata on the account\'s channels, the current question of the project\'s site buckets, sending to the project\'s queues and writing the project\'s function logs', () => {
      expect(synth.json).toHaveResourceWithProperties(IamPolicy, { name: FUNCTION_BOUNDARY_POLICY_NAME });
      // No path: the policy's ARN is then exactly functionBoundaryArn(account), which the deploy role's condition names.
      expect(synth.resources('aws_iam_policy')).toEqual([expect.not.objectContaining({ path: expect.anything() })]);
      expect(documentStatements(synth, 'function-boundary')).toEqual([
        expect.objectContaining({
          effect: 'Allow',
          actions: ['ivs:PutMetadata'],
          resources: [`arn:aws:ivs:us-east-1:${ACCOUNT}:channel/*`],
        }),
        expect.objectContaining({
          effect: 'Allow',
          actions: ['s3:PutObject', 's3:DeleteObject'],
          resources: ['arn:aws:s3:::ivs-live-*-site-*/live/current.json'],
        }),
        expect.objectContaining({
          effect: 'Allow',
          actions: ['sqs:SendMessage'],
          resources: [`arn:aws:sqs:us-east-1:${ACCOUNT}:ivs-live-*`],
        }),
        expect.objectContaining({
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/ivs-live-*:*`],
        }),
      ]);
      const outputs = synth.raw.output as Record<string, { value: string }>;
      expect(outputs[BOOTSTRAP_OUTPUTS.functionPermissionsBoundary].value).toBe(synth.ref('aws_iam_policy', 'arn'));
    });

    it('lets the deploy role create a role or write its policies only when the role carries the function boundary', () => {
      const statements = documentStatements(synth, 'deploy-permissions');
      const keyed = statements.filter((s) => s.actions.some((a) => BOUNDARY_KEYED_ACTIONS.includes(a)));
      expect(keyed.flatMap((s) => s.actions)).toEqual(expect.arrayContaining(['iam:CreateRole', 'iam:PutRolePolicy']));
      for (const statement of keyed) {
        expect(statement.condition).toEqual([
          { test: 'StringEquals', variable: 'iam:PermissionsBoundary', values: [`arn:aws:iam::${ACCOUNT}:policy/${FUNCTION_BOUNDARY_POLICY_NAME}`] },
        ]);
      }
    });

    it('gives the deploy role no way to lift a boundary or to change whom a role trusts', () => {
      const actions = documentStatements(synth, 'deploy-permissions').flatMap((s) => s.actions);
      expect(actions).not.toContain('iam:DeleteRolePermissionsBoundary');
      // UpdateAssumeRolePolicy takes no boundary condition: it could open any ivs-live role to another principal.
      expect(actions).not.toContain('iam:UpdateAssumeRolePolicy');
      expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    });

    it('gives neither role any action on the boundary policy, even with an environment named like it', () => {
      const lookalike = synthesize({ BOOTSTRAP_ENVIRONMENTS: 'function,dev' });
      const boundaryArn = functionBoundaryArn(ACCOUNT);
      const covering = ['deploy-permissions', 'plan-permissions']
        .flatMap((name) => documentStatements(lookalike, name))
        .filter((s) => (s.resources ?? ['*']).some((pattern) => covers(pattern, boundaryArn)));
      expect(covering).toEqual([]);
      // The check itself would notice a pattern that covers the boundary.
      expect(covers(`arn:aws:iam::${ACCOUNT}:policy/ivs-live-function-*`, boundaryArn)).toBe(true);
    });

    it('caps each role session at one hour', () => {
      expect(synth.json).toHaveResourceWithProperties(IamRole, { name: 'github-actions-ivs-live-deploy', max_session_duration: 3600 });
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
  const live = readSynth(Testing.synth(new LiveStreamStack(Testing.app(), 'ivs-live-dev', { config: loadConfig({}) })));

  it('cover every resource and data source type the live stack uses', () => {
    const types = [
      ...Object.keys(live.raw.resource ?? {}),
      ...Object.keys(live.raw.data ?? {}).map((type) => `data.${type}`),
    ];
    const sids = new Set(deployStatements({ ...SCOPE, environments: ['dev'] }).map((s) => s.sid!.replace(/(Read|Write)$/, '')));
    const covered = coveredTypes();
    for (const type of types.filter((t) => !LOCAL_TYPES.includes(t))) {
      expect({ type, covered: covered.has(type) }).toEqual({ type, covered: true });
      for (const sid of covered.get(type) ?? []) expect(sids).toContain(sid);
    }
  });

  it('scope to the names the live stack gives its resources', () => {
    const prefix = resourceNamePrefix('dev');
    expect(live.resources('aws_lambda_function').map((f) => f.function_name)).toEqual([expect.stringMatching(`^${prefix}`)]);
    expect(live.resources('aws_iam_role').map((r) => r.name)).toEqual([expect.stringMatching(`^${prefix}`)]);
    expect(live.resources('aws_cloudwatch_log_group').map((g) => g.name)).toEqual([expect.stringMatching(`^/aws/lambda/${prefix}`)]);
    expect(live.resources('aws_cloudwatch_event_rule').map((r) => r.name)).toEqual([expect.stringMatching(`^${prefix}`)]);
    expect(live.resources('aws_sqs_queue').map((q) => q.name)).toEqual([expect.stringMatching(`^${prefix}`)]);
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
    const logGroup = String(live.resources('aws_cloudwatch_log_group')[0].name);
    const arnOf: Record<string, string> = {
      [live.ref('aws_ivs_channel', 'arn')]: `arn:aws:ivs:${SCOPE.region}:${SCOPE.accountId}:channel/AbCdEf123456`,
      [`${live.ref('aws_cloudwatch_log_group', 'arn')}:*`]: `arn:aws:logs:${SCOPE.region}:${SCOPE.accountId}:log-group:${logGroup}:*`,
      // AWS appends a 26-character suffix to the bucket_prefix.
      [live.ref('aws_sqs_queue', 'arn')]: `arn:aws:sqs:${SCOPE.region}:${SCOPE.accountId}:${live.resources('aws_sqs_queue')[0].name}`,
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

  it('let the function boundary write no object but the current question of a site bucket', () => {
    const [s3Statement] = functionBoundaryStatements(SCOPE).filter((s) => s.actions!.some((a) => a.startsWith('s3:')));
    const allowed = (arn: string) => s3Statement.resources!.some((pattern) => covers(pattern, arn));
    expect(allowed('arn:aws:s3:::ivs-live-dev-site-20261125160000000000000001/live/current.json')).toBe(true);
    expect(allowed('arn:aws:s3:::ivs-live-dev-site-20261125160000000000000001/index.html')).toBe(false);
    expect(allowed('arn:aws:s3:::ivs-live-dev-site-20261125160000000000000001/live/other.json')).toBe(false);
    expect(allowed(`arn:aws:s3:::${SCOPE.stateBucket}/ivs-live/dev/terraform.tfstate`)).toBe(false);
  });

  it(`fit IAM's 10,240-character inline policy limit with ${MAX_ENVIRONMENTS} environments`, () => {
    const environments = ['development', 'staging', 'production', 'qa', 'demo'].slice(0, MAX_ENVIRONMENTS);
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
    expect(iamJson(deployStatements({ ...SCOPE, environments })).length).toBeLessThan(10_240);
    expect(iamJson(planStatements({ ...SCOPE, environments })).length).toBeLessThan(10_240);
  });
});
