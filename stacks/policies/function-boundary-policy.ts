// The permissions boundary of an environment's function roles, as data: the bootstrap stack creates one policy per
// environment and puts it on every function role it makes for that environment; the deploy role may write the inline
// policy of those roles only while they carry it, and can change neither the boundary nor the roles' trust.
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { failureQueueName, functionBoundaryName, PROJECT_NAME, resourceNamePrefix, siteBucketPrefix } from '../../core/naming';
import { LIVE_PREFIX } from '../../core/site-objects';

export interface BoundaryScope {
  readonly accountId: string;
  /** Region of the channels, queue and log groups (the bootstrap's region). */
  readonly region: string;
  /** The environment (LIVE_ENV) whose function roles carry this boundary. */
  readonly env: string;
}

/** ARN of an environment's boundary policy (path `/`, as the bootstrap creates it). */
export function functionBoundaryArn(accountId: string, env: string): string {
  return `arn:aws:iam::${accountId}:policy/${functionBoundaryName(env)}`;
}

/**
 * The most a function role of the environment may do, whatever inline policy the deploy role gives it: put timed
 * metadata on the channels tagged for this project and environment, write or delete the live objects (`live/…`) of the
 * environment's site bucket, read, write and delete single items of the environment's tables (never scan, query or
 * change a table), send failed events to the environment's queue, and write the environment's function logs.
 * A function that needs more needs a new bootstrap.
 */
export function functionBoundaryStatements(scope: BoundaryScope): DataAwsIamPolicyDocumentStatement[] {
  const { accountId, region, env } = scope;
  return [
    {
      sid: 'PutMetadataOnOwnChannels',
      effect: 'Allow',
      actions: ['ivs:PutMetadata'],
      // Channel ARNs end in a random id: the live stack's default tags say whose channel it is.
      resources: [`arn:aws:ivs:${region}:${accountId}:channel/*`],
      condition: [
        { test: 'StringEquals', variable: 'aws:ResourceTag/Project', values: [PROJECT_NAME] },
        { test: 'StringEquals', variable: 'aws:ResourceTag/Environment', values: [env] },
      ],
    },
    {
      sid: 'LiveObjectsOfOwnSite',
      effect: 'Allow',
      actions: ['s3:PutObject', 's3:DeleteObject'],
      resources: [`arn:aws:s3:::${siteBucketPrefix(env)}*/${LIVE_PREFIX}*`],
    },
    {
      sid: 'ItemsOfOwnTables',
      effect: 'Allow',
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      resources: [`arn:aws:dynamodb:${region}:${accountId}:table/${resourceNamePrefix(env)}*`],
    },
    {
      sid: 'SendFailedEventsToOwnQueue',
      effect: 'Allow',
      actions: ['sqs:SendMessage'],
      resources: [`arn:aws:sqs:${region}:${accountId}:${failureQueueName(env)}`],
    },
    {
      sid: 'WriteOwnFunctionLogs',
      effect: 'Allow',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`arn:aws:logs:${region}:${accountId}:log-group:/aws/lambda/${resourceNamePrefix(env)}*:*`],
    },
  ];
}
