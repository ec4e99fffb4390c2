// IAM statements of one environment's pipeline roles, as pure data: exactly the calls the live stack makes (with
// FUNCTION_ROLES=bootstrap), on the names of that environment only (`ivs-live-<env>--*`, channels by their tags) and on
// its own state key. The plan role gets the reads and nothing else: it is assumable by the code of any pull request.
// The deploy role creates no role, changes no trust policy and writes no queue: the bootstrap stack made those.
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { CDN_CERTIFICATE_REGION } from '../../core/cdn';
import { FUNCTIONS } from '../../core/functions';
import { functionRoleName, PROJECT_NAME, resourceNamePrefix, siteBucketPrefix, stateKeyPrefix } from '../../core/naming';
import { IVS_EVENT_SOURCE, STREAM_STATE_CHANGE } from '../../core/stream-events';
import { functionBoundaryArn } from './function-boundary-policy';

export interface PolicyScope {
  readonly accountId: string;
  readonly region: string;
  /** The one environment (LIVE_ENV) these statements reach. */
  readonly env: string;
  /** Name of the remote state bucket. */
  readonly stateBucket: string;
  /**
   * The environment's custom domain, whose certificate the deploy role may request and whose DNS records it may write
   * in its Route 53 zone (SITE_HOSTED_ZONE_ID). @default none: no certificate requests and no Route 53 access
   */
  readonly siteDomain?: string;
}

type Statement = DataAwsIamPolicyDocumentStatement;
type Condition = { readonly test: string; readonly variable: string; readonly values: string[] }[];
type Access = 'read' | 'write';

/** Read the environment's state and refresh its resources: `terraform plan -lock=false`. Nothing that writes. */
export function planStatements(scope: PolicyScope): Statement[] {
  return [...stateStatements(scope, 'read'), ...serviceStatements(scope, ['read'])];
}

/** Plan plus create, change and delete the environment's resources, write its state, publish its page. */
export function deployStatements(scope: PolicyScope): Statement[] {
  return [...stateStatements(scope, 'write'), ...serviceStatements(scope, ['read', 'write'])];
}

function stateStatements(scope: PolicyScope, access: Access): Statement[] {
  const bucketArn = `arn:aws:s3:::${scope.stateBucket}`;
  const keys = `${bucketArn}/${stateKeyPrefix(scope.env)}*`;
  return [
    // Key names only. Without ListBucket, S3 answers a missing state (a first deploy) with 403 instead of 404, which
    // Terraform cannot tell from a refusal; a prefix condition here is not reliably evaluated for that answer.
    { sid: 'StateList', effect: 'Allow', actions: ['s3:ListBucket'], resources: [bucketArn] },
    { sid: access === 'read' ? 'StateRead' : 'StateReadWrite', effect: 'Allow', actions: access === 'read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject'], resources: [keys] },
    // S3-native locking (use_lockfile) writes and deletes `<key>.tflock`. Plans run with -lock=false: IAM cannot tell
    // a plan's lock from a running deploy's, so a role that could remove one could remove the other.
    ...(access === 'write' ? [{ sid: 'StateLock', effect: 'Allow', actions: ['s3:DeleteObject'], resources: [`${keys}.tflock`] }] : []),
  ];
}

/** One entry per service of the live stack: the reads a refresh makes and the writes an apply/destroy makes. */
interface ServiceAccess {
  readonly sid: string;
  /** The Terraform types of the live stack whose calls this entry allows (`data.` for data sources). */
  readonly types: readonly string[];
  readonly read: readonly string[];
  readonly write: readonly string[];
  readonly resources: (scope: PolicyScope) => string[];
  readonly condition?: (scope: PolicyScope) => Condition;
  /** Whether the roles need the entry at all in this scope. @default always */
  readonly applies?: (scope: PolicyScope) => boolean;
}

const arn = (service: string, s: PolicyScope, resource: string): string => `arn:aws:${service}:${s.region}:${s.accountId}:${resource}`;
const functionRoleArns = (s: PolicyScope): string[] => FUNCTIONS.map((fn) => `arn:aws:iam::${s.accountId}:role/${functionRoleName(s.env, fn)}`);
const functionArns = (s: PolicyScope): string => arn('lambda', s, `function:${resourceNamePrefix(s.env)}*`);

const SERVICES: readonly ServiceAccess[] = [
  {
    sid: 'IvsCreate',
    types: ['aws_ivs_channel'],
    read: [],
    write: ['ivs:CreateChannel'],
    // Channel ARNs end in a random id, so names cannot scope them: the provider's default tags do (ABAC).
    resources: (s) => [arn('ivs', s, 'channel/*')],
    condition: (s) => tagCondition(s, 'aws:RequestTag'),
  },
  {
    sid: 'Ivs',
    types: ['aws_ivs_channel'],
    read: ['ivs:GetChannel', 'ivs:ListTagsForResource'],
    // Tag changes after creation carry only the changed tags, so they are scoped by the channel's own tags.
    write: ['ivs:UpdateChannel', 'ivs:DeleteChannel', 'ivs:TagResource', 'ivs:UntagResource'],
    resources: (s) => [arn('ivs', s, 'channel/*')],
    condition: (s) => tagCondition(s, 'aws:ResourceTag'),
  },
  {
    sid: 'IvsChannelKey',
    types: ['aws_ivs_channel'],
    read: [],
    // AWS's reference lists the stream key as a second required resource of CreateChannel and DeleteChannel (the key
    // the call makes or removes). Both calls also need the channel statements above, so this alone allows nothing;
    // no statement of any pipeline role reads a key (ListStreamKeys, GetStreamKey).
    write: ['ivs:CreateChannel', 'ivs:DeleteChannel'],
    resources: (s) => [arn('ivs', s, 'stream-key/*')],
  },
  {
    sid: 'WebsiteBucket',
    types: ['aws_s3_bucket', 'aws_s3_bucket_ownership_controls', 'aws_s3_bucket_public_access_block', 'aws_s3_bucket_website_configuration', 'aws_s3_bucket_policy'],
    read: [
      's3:ListBucket', 's3:GetBucketPolicy', 's3:GetBucketAcl', 's3:GetBucketCORS', 's3:GetBucketWebsite', 's3:GetBucketVersioning',
      's3:GetAccelerateConfiguration', 's3:GetBucketRequestPayment', 's3:GetBucketLogging', 's3:GetLifecycleConfiguration',
      's3:GetReplicationConfiguration', 's3:GetEncryptionConfiguration', 's3:GetBucketObjectLockConfiguration', 's3:GetBucketTagging',
      's3:GetBucketOwnershipControls', 's3:GetBucketPublicAccessBlock',
    ],
    write: [
      's3:CreateBucket', 's3:DeleteBucket', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketWebsite', 's3:DeleteBucketWebsite',
      's3:PutBucketOwnershipControls', 's3:PutBucketPublicAccessBlock', 's3:PutBucketTagging', 's3:ListBucketVersions',
    ],
    resources: (s) => [`arn:aws:s3:::${siteBucketPrefix(s.env)}*`],
  },
  {
    sid: 'WebsiteObjects',
    types: ['aws_s3_bucket'],
    read: [],
    // publish:web uploads and prunes; force_destroy empties the bucket (every version) before deleting it.
    write: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
    resources: (s) => [`arn:aws:s3:::${siteBucketPrefix(s.env)}*/*`],
  },
  {
    sid: 'Lambda',
    types: ['aws_lambda_function', 'aws_lambda_function_event_invoke_config', 'aws_lambda_permission', 'aws_lambda_function_url'],
    read: [
      'lambda:GetFunction', 'lambda:GetFunctionConfiguration', 'lambda:GetFunctionCodeSigningConfig', 'lambda:GetFunctionConcurrency',
      'lambda:GetRuntimeManagementConfig', 'lambda:GetPolicy', 'lambda:ListVersionsByFunction', 'lambda:ListTags',
      'lambda:GetFunctionEventInvokeConfig', 'lambda:GetFunctionUrlConfig',
    ],
    write: [
      'lambda:CreateFunction', 'lambda:DeleteFunction', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration',
      'lambda:PublishVersion', 'lambda:RemovePermission', 'lambda:TagResource', 'lambda:UntagResource',
      'lambda:PutFunctionEventInvokeConfig', 'lambda:UpdateFunctionEventInvokeConfig', 'lambda:DeleteFunctionEventInvokeConfig',
      // The answer function's reserved concurrency, and removing its URL.
      'lambda:PutFunctionConcurrency', 'lambda:DeleteFunctionConcurrency', 'lambda:DeleteFunctionUrlConfig',
    ],
    resources: (s) => [functionArns(s)],
  },
  {
    sid: 'FunctionUrlIamAuthOnly',
    types: ['aws_lambda_function_url'],
    read: [],
    // A function URL of the environment always asks for IAM auth (the CDN signs): never a public URL (auth NONE).
    write: ['lambda:CreateFunctionUrlConfig', 'lambda:UpdateFunctionUrlConfig'],
    resources: (s) => [functionArns(s)],
    condition: () => [{ test: 'StringEquals', variable: 'lambda:FunctionUrlAuthType', values: ['AWS_IAM'] }],
  },
  {
    sid: 'InvokeFromCloudFrontOnly',
    types: ['aws_lambda_permission'],
    read: [],
    // The answer function's URL may be called by CloudFront (the stack ties each permission to its distribution).
    write: ['lambda:AddPermission'],
    resources: (s) => [functionArns(s)],
    condition: () => [{ test: 'StringEquals', variable: 'lambda:Principal', values: ['cloudfront.amazonaws.com'] }],
  },
  {
    sid: 'AnswerTable',
    types: ['aws_dynamodb_table'],
    read: ['dynamodb:DescribeTable', 'dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTimeToLive', 'dynamodb:ListTagsOfResource'],
    // The table only: no item of it (the roles never read the audience's answers), no backup, no stream.
    write: [
      'dynamodb:CreateTable', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:UpdateTimeToLive', 'dynamodb:UpdateContinuousBackups',
      'dynamodb:TagResource', 'dynamodb:UntagResource',
    ],
    resources: (s) => [arn('dynamodb', s, `table/${resourceNamePrefix(s.env)}*`)],
  },
  {
    sid: 'InvokeFromEventBridgeOnly',
    types: ['aws_lambda_permission'],
    read: [],
    // The function's resource policy may name EventBridge and nothing else (never another account).
    write: ['lambda:AddPermission'],
    resources: (s) => [functionArns(s)],
    condition: () => [{ test: 'StringEquals', variable: 'lambda:Principal', values: ['events.amazonaws.com'] }],
  },
  {
    sid: 'FunctionRoleRead',
    types: ['aws_iam_role_policy'],
    read: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies'],
    write: [],
    resources: functionRoleArns,
  },
  {
    sid: 'FunctionRolePolicy',
    types: ['aws_iam_role_policy'],
    read: [],
    // The inline policy of the environment's own function roles, and only while they carry its boundary, which caps
    // whatever is written. No CreateRole, DeleteRole, UpdateAssumeRolePolicy, AttachRolePolicy or boundary change:
    // the roles, their trust and their boundary come from the bootstrap stack.
    write: ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
    resources: functionRoleArns,
    condition: (s) => [{ test: 'StringEquals', variable: 'iam:PermissionsBoundary', values: [functionBoundaryArn(s.accountId, s.env)] }],
  },
  {
    sid: 'PassFunctionRole',
    types: ['aws_lambda_function'],
    read: [],
    write: ['iam:PassRole'],
    resources: functionRoleArns,
    condition: () => [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['lambda.amazonaws.com'] }],
  },
  {
    sid: 'LogGroup',
    types: ['aws_cloudwatch_log_group'],
    read: ['logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
    write: [
      'logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy',
      'logs:TagResource', 'logs:UntagResource', 'logs:TagLogGroup', 'logs:UntagLogGroup',
    ],
    resources: (s) => [arn('logs', s, `log-group:/aws/lambda/${resourceNamePrefix(s.env)}*`)],
  },
  {
    sid: 'DescribeLogGroups',
    types: ['aws_cloudwatch_log_group'],
    // DescribeLogGroups is authorized on the account's log-group namespace, not on one group.
    read: ['logs:DescribeLogGroups'],
    write: [],
    resources: (s) => [arn('logs', s, 'log-group:*')],
  },
  {
    sid: 'EventRule',
    types: ['aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target'],
    read: ['events:DescribeRule', 'events:ListTargetsByRule', 'events:ListTagsForResource'],
    write: ['events:DeleteRule', 'events:RemoveTargets', 'events:TagResource', 'events:UntagResource'],
    resources: (s) => [arn('events', s, `rule/${resourceNamePrefix(s.env)}*`)],
  },
  {
    sid: 'EventRuleOnIvsStreamStateOnly',
    types: ['aws_cloudwatch_event_rule'],
    read: [],
    // A rule of the environment may match IVS stream state changes only, never every event of the account's bus.
    write: ['events:PutRule'],
    resources: (s) => [arn('events', s, `rule/${resourceNamePrefix(s.env)}*`)],
    condition: () => [
      { test: 'ForAllValues:StringEquals', variable: 'events:source', values: [IVS_EVENT_SOURCE] },
      { test: 'ForAllValues:StringEquals', variable: 'events:detail-type', values: [STREAM_STATE_CHANGE] },
      // ForAllValues holds for a pattern without the key too: require both.
      { test: 'Null', variable: 'events:source', values: ['false'] },
      { test: 'Null', variable: 'events:detail-type', values: ['false'] },
    ],
  },
  {
    sid: 'EventTargetOwnFunctionsOnly',
    types: ['aws_cloudwatch_event_target'],
    read: [],
    // A rule of the environment may deliver to the environment's own functions and nowhere else.
    write: ['events:PutTargets'],
    resources: (s) => [arn('events', s, `rule/${resourceNamePrefix(s.env)}*`)],
    condition: (s) => [
      { test: 'ForAllValues:ArnLike', variable: 'events:TargetArn', values: [functionArns(s)] },
      { test: 'Null', variable: 'events:TargetArn', values: ['false'] },
    ],
  },
  {
    sid: 'CdnCreate',
    types: ['aws_cloudfront_distribution'],
    read: [],
    // CreateDistribution takes no resource ARN ("*" only), and creating with tags also authorizes TagResource on a
    // distribution that has no tags yet: the request's tags (the provider's default tags) scope both. It lets the role
    // put these tags on an untagged CloudFront resource of the account too; CloudFront offers no narrower scope.
    write: ['cloudfront:CreateDistribution', 'cloudfront:TagResource'],
    resources: () => ['*'],
    condition: (s) => tagCondition(s, 'aws:RequestTag'),
  },
  {
    sid: 'Cdn',
    types: ['aws_cloudfront_distribution'],
    read: ['cloudfront:GetDistribution', 'cloudfront:ListTagsForResource'],
    // Destroy disables the distribution (UpdateDistribution), waits until it is deployed, then deletes it. No
    // CreateInvalidation: hashed files get new names and edges revalidate index.html every second.
    write: ['cloudfront:UpdateDistribution', 'cloudfront:DeleteDistribution', 'cloudfront:TagResource', 'cloudfront:UntagResource'],
    resources: (s) => [`arn:aws:cloudfront::${s.accountId}:distribution/*`],
    condition: (s) => tagCondition(s, 'aws:ResourceTag'),
  },
  {
    sid: 'CdnPoliciesCreate',
    types: ['aws_cloudfront_origin_access_control', 'aws_cloudfront_cache_policy', 'aws_cloudfront_response_headers_policy'],
    read: [],
    // These take no resource ARN on creation and no tags: "*" is the only scope IAM offers.
    write: ['cloudfront:CreateOriginAccessControl', 'cloudfront:CreateCachePolicy', 'cloudfront:CreateResponseHeadersPolicy'],
    resources: () => ['*'],
  },
  {
    sid: 'CdnPolicies',
    types: ['aws_cloudfront_origin_access_control', 'aws_cloudfront_cache_policy', 'aws_cloudfront_response_headers_policy'],
    read: ['cloudfront:GetOriginAccessControl', 'cloudfront:GetCachePolicy', 'cloudfront:GetResponseHeadersPolicy'],
    // ARNs that end in random ids, and no tags: scoped to the account's policies of these three kinds.
    write: [
      'cloudfront:UpdateOriginAccessControl', 'cloudfront:DeleteOriginAccessControl', 'cloudfront:UpdateCachePolicy',
      'cloudfront:DeleteCachePolicy', 'cloudfront:UpdateResponseHeadersPolicy', 'cloudfront:DeleteResponseHeadersPolicy',
    ],
    resources: (s) => ['origin-access-control', 'cache-policy', 'response-headers-policy'].map((kind) => `arn:aws:cloudfront::${s.accountId}:${kind}/*`),
  },
  {
    sid: 'CertificateCreate',
    types: ['aws_acm_certificate'],
    read: [],
    // RequestCertificate takes no ARN: only for the listed domains, tagged as the stack tags everything.
    write: ['acm:RequestCertificate'],
    resources: () => ['*'],
    condition: (s) => [
      ...tagCondition(s, 'aws:RequestTag'),
      { test: 'ForAllValues:StringEquals', variable: 'acm:DomainNames', values: [s.siteDomain ?? ''] },
    ],
    applies: (s) => s.siteDomain !== undefined,
  },
  {
    sid: 'Certificate',
    types: ['aws_acm_certificate', 'aws_acm_certificate_validation'],
    read: ['acm:DescribeCertificate', 'acm:ListTagsForCertificate'],
    write: ['acm:DeleteCertificate', 'acm:AddTagsToCertificate', 'acm:RemoveTagsFromCertificate'],
    // CloudFront takes certificates from one region only, where the stacks request them.
    resources: (s) => [`arn:aws:acm:${CDN_CERTIFICATE_REGION}:${s.accountId}:certificate/*`],
    condition: (s) => tagCondition(s, 'aws:ResourceTag'),
  },
  {
    sid: 'SiteZones',
    types: ['aws_route53_record'],
    // Zones take no conditions on reads, and record sets no tags. GetChange: Terraform waits until a change is INSYNC.
    read: ['route53:GetHostedZone', 'route53:ListResourceRecordSets', 'route53:GetChange'],
    write: [],
    resources: () => ['arn:aws:route53:::hostedzone/*', 'arn:aws:route53:::change/*'],
    applies: (s) => s.siteDomain !== undefined,
  },
  {
    sid: 'SiteRecords',
    types: ['aws_route53_record'],
    read: [],
    // Only the environment's domain: its A and AAAA aliases and its certificate's validation record (CNAME _<token>.<domain>).
    write: ['route53:ChangeResourceRecordSets'],
    resources: () => ['arn:aws:route53:::hostedzone/*'],
    condition: (s) => [
      { test: 'ForAllValues:StringEquals', variable: 'route53:ChangeResourceRecordSetsRecordTypes', values: ['A', 'AAAA', 'CNAME'] },
      { test: 'ForAllValues:StringLike', variable: 'route53:ChangeResourceRecordSetsNormalizedRecordNames', values: [s.siteDomain ?? '', `_*.${s.siteDomain ?? ''}`] },
    ],
    applies: (s) => s.siteDomain !== undefined,
  },
];

/**
 * Terraform types that need no permission of the pipeline roles: documents rendered by the provider itself, and the
 * caller's own identity (sts:GetCallerIdentity is always allowed).
 */
export const NO_PERMISSION_TYPES: readonly string[] = ['data.aws_iam_policy_document', 'data.aws_caller_identity'];

/**
 * The Terraform types the roles cover, each with the sids of the entries that allow its calls: a test fails when the
 * live stack gains a type that no entry names, so the roles keep up with the stack.
 */
export function coveredTypes(): ReadonlyMap<string, readonly string[]> {
  const covered = new Map<string, string[]>();
  for (const service of SERVICES) for (const type of service.types) covered.set(type, [...(covered.get(type) ?? []), service.sid]);
  return covered;
}

function serviceStatements(scope: PolicyScope, accesses: readonly Access[]): Statement[] {
  return SERVICES.filter((service) => service.applies?.(scope) ?? true)
    .map((service) => ({ service, actions: accesses.flatMap((access) => service[access]) }))
    .filter(({ actions }) => actions.length > 0)
    .map(({ service, actions }) => ({
      sid: service.sid,
      effect: 'Allow',
      actions,
      resources: service.resources(scope),
      ...(service.condition ? { condition: service.condition(scope) } : {}),
    }));
}

function tagCondition(scope: PolicyScope, key: 'aws:RequestTag' | 'aws:ResourceTag'): Condition {
  return [
    { test: 'StringEquals', variable: `${key}/Project`, values: [PROJECT_NAME] },
    { test: 'StringEquals', variable: `${key}/Environment`, values: [scope.env] },
  ];
}

/** IAM's limit on the inline policies of one role, in characters, whitespace not counted. */
export const ROLE_POLICY_MAX_CHARS = 10_240;

/** The size IAM counts for a policy made of these statements: its JSON without whitespace (a slight overestimate). */
export function policySize(statements: readonly Statement[]): number {
  const conditions = (statement: Statement): Record<string, Record<string, string[]>> => {
    const grouped: Record<string, Record<string, string[]>> = {};
    for (const c of (statement.condition ?? []) as { test: string; variable: string; values: string[] }[]) {
      grouped[c.test] = { ...grouped[c.test], [c.variable]: c.values };
    }
    return grouped;
  };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({ Sid: s.sid, Effect: s.effect, Action: s.actions, Resource: s.resources, Condition: conditions(s) })),
  }).length;
}
