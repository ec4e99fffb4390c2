// IAM statements of the pipeline roles, as pure data: exactly the services the live stack uses, scoped to the
// resource names of the allowed environments (`ivs-live-<env>-*`) and to their state keys. The plan role gets the reads;
// the roles the deploy role writes must carry the function permissions boundary (function-boundary-policy.ts).
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { CDN_CERTIFICATE_REGION } from '../../core/cdn';
import { PROJECT_NAME, resourceNamePrefix, stateKeyPrefix } from '../../core/naming';
import { functionBoundaryArn } from './function-boundary-policy';

export interface PolicyScope {
  readonly accountId: string;
  readonly region: string;
  /** LIVE_ENV names; every resource ARN is limited to their name prefixes. */
  readonly environments: readonly string[];
  /** Name of the remote state bucket. */
  readonly stateBucket: string;
  /**
   * Custom domains whose certificates the roles may request and whose DNS records they may write, in the domains'
   * Route 53 zones (SITE_HOSTED_ZONE_ID). @default none: no certificate requests and no Route 53 access
   */
  readonly siteDomains?: readonly string[];
}

type Statement = DataAwsIamPolicyDocumentStatement;
type Access = 'read' | 'write';

/** Read/refresh everything the live stack manages, and read + lock its state: `terraform plan`. */
export function planStatements(scope: PolicyScope): Statement[] {
  return [...stateStatements(scope, 'read'), ...serviceStatements(scope, ['read'])];
}

/** Plan plus create, change and delete, write the state, and publish the website files: `terraform apply/destroy`. */
export function deployStatements(scope: PolicyScope): Statement[] {
  // One statement per service with its reads and writes together: each resource list then appears once, which keeps
  // the role under IAM's inline policy size limit.
  return [...stateStatements(scope, 'write'), ...serviceStatements(scope, ['read', 'write'])];
}

function stateStatements(scope: PolicyScope, access: Access): Statement[] {
  const bucketArn = `arn:aws:s3:::${scope.stateBucket}`;
  const keys = scope.environments.map((env) => `${bucketArn}/${stateKeyPrefix(env)}`);
  return [
    { sid: 'StateList', effect: 'Allow', actions: ['s3:ListBucket'], resources: [bucketArn] },
    { sid: 'StateRead', effect: 'Allow', actions: ['s3:GetObject'], resources: keys.map((k) => `${k}*`) },
    // S3-native locking (use_lockfile) writes and deletes `<key>.tflock`: a plan locks too.
    { sid: 'StateLock', effect: 'Allow', actions: ['s3:PutObject', 's3:DeleteObject'], resources: keys.map((k) => `${k}*.tflock`) },
    ...(access === 'write' ? [{ sid: 'StateWrite', effect: 'Allow', actions: ['s3:PutObject'], resources: keys.map((k) => `${k}*`) }] : []),
  ];
}

/** One entry per service of the live stack: the reads a refresh makes and the writes an apply/destroy makes. */
interface ServiceAccess {
  readonly sid: string;
  /** The Terraform types of the live stack whose calls this entry allows (`data.` for data sources). */
  readonly types: readonly string[];
  readonly read: readonly string[];
  readonly write: readonly string[];
  readonly resources: (scope: PolicyScope, prefix: string) => string[];
  readonly condition?: (scope: PolicyScope) => Statement['condition'];
  /** Whether the roles need the entry at all in this scope. @default always */
  readonly applies?: (scope: PolicyScope) => boolean;
}

const SERVICES: readonly ServiceAccess[] = [
  {
    sid: 'IvsCreate',
    types: ['aws_ivs_channel'],
    read: [],
    write: ['ivs:CreateChannel'],
    // Channel ARNs end in a random id, so names cannot scope them: the provider's default tags do (ABAC).
    resources: (s) => [`arn:aws:ivs:${s.region}:${s.accountId}:channel/*`],
    condition: (s) => tagCondition(s, 'aws:RequestTag'),
  },
  {
    sid: 'Ivs',
    types: ['aws_ivs_channel'],
    read: ['ivs:GetChannel', 'ivs:ListTagsForResource'],
    // Tag changes after creation carry only the changed tags, so they are scoped by the channel's own tags.
    write: ['ivs:UpdateChannel', 'ivs:DeleteChannel', 'ivs:TagResource', 'ivs:UntagResource'],
    resources: (s) => [`arn:aws:ivs:${s.region}:${s.accountId}:channel/*`],
    condition: (s) => tagCondition(s, 'aws:ResourceTag'),
  },
  {
    sid: 'IvsStreamKey',
    types: ['data.aws_ivs_stream_key'],
    // The stream-key data source; keys are created by CreateChannel without the request's tags, so no tag scope.
    read: ['ivs:ListStreamKeys', 'ivs:GetStreamKey'],
    write: [],
    resources: (s) => [`arn:aws:ivs:${s.region}:${s.accountId}:channel/*`, `arn:aws:ivs:${s.region}:${s.accountId}:stream-key/*`],
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
    resources: (_s, prefix) => [`arn:aws:s3:::${prefix}*`],
  },
  {
    sid: 'WebsiteObjects',
    types: ['aws_s3_bucket'],
    read: [],
    // publish:web uploads and prunes; force_destroy empties the bucket (every version) before deleting it.
    write: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
    resources: (_s, prefix) => [`arn:aws:s3:::${prefix}*/*`],
  },
  {
    sid: 'Lambda',
    types: ['aws_lambda_function', 'aws_lambda_function_event_invoke_config', 'aws_lambda_permission'],
    read: [
      'lambda:GetFunction', 'lambda:GetFunctionConfiguration', 'lambda:GetFunctionCodeSigningConfig', 'lambda:GetFunctionConcurrency',
      'lambda:GetRuntimeManagementConfig', 'lambda:GetPolicy', 'lambda:ListVersionsByFunction', 'lambda:ListTags',
      'lambda:GetFunctionEventInvokeConfig',
    ],
    write: [
      'lambda:CreateFunction', 'lambda:DeleteFunction', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration',
      'lambda:PublishVersion', 'lambda:AddPermission', 'lambda:RemovePermission', 'lambda:TagResource', 'lambda:UntagResource',
      'lambda:PutFunctionEventInvokeConfig', 'lambda:UpdateFunctionEventInvokeConfig', 'lambda:DeleteFunctionEventInvokeConfig',
    ],
    resources: (s, prefix) => [`arn:aws:lambda:${s.region}:${s.accountId}:function:${prefix}*`],
  },
  {
    sid: 'FunctionRole',
    types: ['aws_iam_role'],
    read: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies'],
    // None of these changes what a role may do. Not here: UpdateAssumeRolePolicy, which takes no boundary condition and
    // would let the deploy role make a role assumable by anyone (the function's trust policy never changes after
    // CreateRole), and DeleteRolePermissionsBoundary, which would lift the boundary.
    write: ['iam:DeleteRole', 'iam:UpdateRole', 'iam:TagRole', 'iam:UntagRole', 'iam:ListInstanceProfilesForRole'],
    resources: (s, prefix) => [`arn:aws:iam::${s.accountId}:role/${prefix}*`],
  },
  {
    sid: 'BoundedFunctionRole',
    types: ['aws_iam_role', 'aws_iam_role_policy'],
    read: [],
    // Every action that takes the iam:PermissionsBoundary key and that Terraform uses on the function role: a role can
    // only be created, or its inline policy written, when it carries the boundary. PutRolePermissionsBoundary puts
    // the boundary on a role created before it existed, and can set no other policy.
    write: ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:PutRolePermissionsBoundary'],
    resources: (s, prefix) => [`arn:aws:iam::${s.accountId}:role/${prefix}*`],
    condition: (s) => [{ test: 'StringEquals', variable: 'iam:PermissionsBoundary', values: [functionBoundaryArn(s.accountId)] }],
  },
  {
    sid: 'PassFunctionRole',
    types: ['aws_lambda_function'],
    read: [],
    write: ['iam:PassRole'],
    resources: (s, prefix) => [`arn:aws:iam::${s.accountId}:role/${prefix}*`],
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
    resources: (s, prefix) => [`arn:aws:logs:${s.region}:${s.accountId}:log-group:/aws/lambda/${prefix}*`],
  },
  {
    sid: 'DescribeLogGroups',
    types: ['aws_cloudwatch_log_group'],
    // DescribeLogGroups is authorized on the account's log-group namespace, not on one group.
    read: ['logs:DescribeLogGroups'],
    write: [],
    resources: (s) => [`arn:aws:logs:${s.region}:${s.accountId}:log-group:*`],
  },
  {
    sid: 'FailureQueue',
    types: ['aws_sqs_queue'],
    read: ['sqs:GetQueueAttributes', 'sqs:ListQueueTags'],
    write: ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:SetQueueAttributes', 'sqs:TagQueue', 'sqs:UntagQueue'],
    resources: (s, prefix) => [`arn:aws:sqs:${s.region}:${s.accountId}:${prefix}*`],
  },
  {
    sid: 'EventRule',
    types: ['aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target'],
    read: ['events:DescribeRule', 'events:ListTargetsByRule', 'events:ListTagsForResource'],
    write: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets', 'events:TagResource', 'events:UntagResource'],
    resources: (s, prefix) => [`arn:aws:events:${s.region}:${s.accountId}:rule/${prefix}*`],
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
      { test: 'StringEquals', variable: 'aws:RequestTag/Project', values: [PROJECT_NAME] },
      { test: 'StringEquals', variable: 'aws:RequestTag/Environment', values: [...s.environments] },
      { test: 'ForAllValues:StringEquals', variable: 'acm:DomainNames', values: [...(s.siteDomains ?? [])] },
    ],
    applies: (s) => (s.siteDomains ?? []).length > 0,
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
    applies: (s) => (s.siteDomains ?? []).length > 0,
  },
  {
    sid: 'SiteRecords',
    types: ['aws_route53_record'],
    read: [],
    // Only the listed domains' A and AAAA aliases and their certificate's validation record (CNAME _<token>.<domain>).
    write: ['route53:ChangeResourceRecordSets'],
    resources: () => ['arn:aws:route53:::hostedzone/*'],
    condition: (s) => [
      { test: 'ForAllValues:StringEquals', variable: 'route53:ChangeResourceRecordSetsRecordTypes', values: ['A', 'AAAA', 'CNAME'] },
      { test: 'ForAllValues:StringLike', variable: 'route53:ChangeResourceRecordSetsNormalizedRecordNames', values: (s.siteDomains ?? []).flatMap((d) => [d, `_*.${d}`]) },
    ],
    applies: (s) => (s.siteDomains ?? []).length > 0,
  },
];

/** Terraform types that make no AWS call (documents rendered by the provider itself). */
export const LOCAL_TYPES: readonly string[] = ['data.aws_iam_policy_document'];

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
  const suffix = accesses.length === 1 ? { read: 'Read', write: 'Write' }[accesses[0]] : '';
  return SERVICES.filter((service) => service.applies?.(scope) ?? true)
    .map((service) => ({ service, actions: accesses.flatMap((access) => service[access]) }))
    .filter(({ actions }) => actions.length > 0)
    .map(({ service, actions }) => ({
      sid: `${service.sid}${suffix}`,
      effect: 'Allow',
      actions,
      resources: unique(scope.environments.flatMap((env) => service.resources(scope, resourceNamePrefix(env)))),
      ...(service.condition ? { condition: service.condition(scope) } : {}),
    }));
}

function tagCondition(scope: PolicyScope, key: 'aws:RequestTag' | 'aws:ResourceTag'): Statement['condition'] {
  return [
    { test: 'StringEquals', variable: `${key}/Project`, values: [PROJECT_NAME] },
    { test: 'StringEquals', variable: `${key}/Environment`, values: [...scope.environments] },
  ];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
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
