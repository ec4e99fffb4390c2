// The permissions boundary of ivs-live function roles, shared by both stacks: the bootstrap creates the policy and lets
// the deploy role write roles only when they carry it; the live stack puts it on its function role.
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { PROJECT_NAME } from '../../core/naming';
import { CURRENT_QUESTION_KEY } from '../../core/site-objects';

/**
 * Name of the boundary policy, chosen once. It is a `policy/` ARN, while the deploy role's IAM writes are limited to
 * `role/ivs-live-<env>-*` ARNs, so the deploy role can never change the boundary it is held to.
 */
export const FUNCTION_BOUNDARY_POLICY_NAME = `${PROJECT_NAME}-function-boundary`;

export interface BoundaryScope {
  readonly accountId: string;
  /** Region of the channels and log groups (the bootstrap's region). */
  readonly region: string;
}

/** ARN of the boundary policy in an account (path `/`, as the bootstrap creates it). */
export function functionBoundaryArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:policy/${FUNCTION_BOUNDARY_POLICY_NAME}`;
}

/**
 * The most any function role of the project may do, whatever inline policy it is given: put timed metadata on the
 * account's channels, write or delete the current-question object of the project's site buckets (named by
 * `bucket_prefix` `ivs-live-<env>-site-`), send failed events to the project's queues, and write the logs of the
 * project's functions. A function that needs
 * more needs a new bootstrap.
 */
export function functionBoundaryStatements(scope: BoundaryScope): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      sid: 'PutMetadata',
      effect: 'Allow',
      actions: ['ivs:PutMetadata'],
      resources: [`arn:aws:ivs:${scope.region}:${scope.accountId}:channel/*`],
    },
    {
      sid: 'CurrentQuestionForLateJoiners',
      effect: 'Allow',
      actions: ['s3:PutObject', 's3:DeleteObject'],
      resources: [`arn:aws:s3:::${PROJECT_NAME}-*-site-*/${CURRENT_QUESTION_KEY}`],
    },
    {
      sid: 'SendFailedEvents',
      effect: 'Allow',
      actions: ['sqs:SendMessage'],
      resources: [`arn:aws:sqs:${scope.region}:${scope.accountId}:${PROJECT_NAME}-*`],
    },
    {
      sid: 'WriteFunctionLogs',
      effect: 'Allow',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`arn:aws:logs:${scope.region}:${scope.accountId}:log-group:/aws/lambda/${PROJECT_NAME}-*:*`],
    },
  ];
}
