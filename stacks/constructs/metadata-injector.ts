// Sends the show's first timed-metadata payload when the channel goes live, and keeps it in the site bucket for late
// joiners while it is: an EventBridge rule on this channel's "Stream Start" and "Stream End" invokes a function that
// may call ivs:PutMetadata on this channel only and write or delete the one current-question object.
import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { ANSWER_TABLE_LAYOUT } from '../../core/answers';
import { CURRENT_QUESTION_KEY } from '../../core/site-objects';
import { requiredTimeoutSeconds } from '../../core/retry-policy';
import { IVS_EVENT_SOURCE, STREAM_END, STREAM_START, STREAM_STATE_CHANGE } from '../../core/stream-events';
import type { FunctionRoleRef } from './function-role';
import { NodejsFunction } from './nodejs-function';

/** A Stream Start event older than this is stale: the show has moved on. */
export const MAX_EVENT_AGE_SECONDS = 600;

export interface MetadataInjectorProps {
  /** The function's name, `ivs-live-<env>--put-metadata`. */
  readonly functionName: string;
  /** Name of the EventBridge rule, `ivs-live-<env>--stream-state`. */
  readonly ruleName: string;
  /** The role the function runs with (its inline policy is written here). */
  readonly role: FunctionRoleRef;
  /** The queue that gets the events the function failed on three times. */
  readonly failureQueueArn: string;
  readonly channelArn: string;
  /** Name of the site bucket, where the function keeps the current question (`live/current.json`) for late joiners. */
  readonly siteBucketName: string;
  /** ARN of that bucket; the function may write and delete only the current-question object in it. */
  readonly siteBucketArn: string;
  /** Folder of the bundled handler. */
  readonly bundleDir: string;
  /** Validated payload JSON sent on Stream Start. */
  readonly metadataJson: string;
  /** @default 0 */
  readonly firstQuestionDelaySeconds?: number;
  /** @default 14 */
  readonly logRetentionDays?: number;
  /** The answer table, where the function opens its quiz for answers on Start and ends the show's on End. @default none */
  readonly answersTable?: { readonly name: string; readonly arn: string };
}

/** Open questions (the question items and the current one), and end the show's current question; no answer item. */
function answerStatements(tableArn: string | undefined): DataAwsIamPolicyDocumentStatement[] {
  if (tableArn === undefined) return [];
  const { questionKeyPrefix, currentKey } = ANSWER_TABLE_LAYOUT;
  return [
    {
      sid: 'OpenQuestionsForAnswers',
      effect: 'Allow',
      actions: ['dynamodb:PutItem', 'dynamodb:GetItem'],
      resources: [tableArn],
      condition: [{ test: 'ForAllValues:StringLike', variable: 'dynamodb:LeadingKeys', values: [`${questionKeyPrefix}*`, currentKey] }],
    },
    {
      sid: 'EndTheShowsCurrentQuestion',
      effect: 'Allow',
      actions: ['dynamodb:DeleteItem'],
      resources: [tableArn],
      condition: [{ test: 'ForAllValues:StringEquals', variable: 'dynamodb:LeadingKeys', values: [currentKey] }],
    },
  ];
}

export class MetadataInjector extends Construct {
  constructor(scope: Construct, id: string, props: MetadataInjectorProps) {
    super(scope, id);
    const delay = props.firstQuestionDelaySeconds ?? 0;

    const fn = new NodejsFunction(this, 'function', {
      functionName: props.functionName,
      role: props.role,
      bundleDir: props.bundleDir,
      // The delay, then the handler's bounded retries (ChannelNotBroadcasting, throttling), then a margin.
      timeoutSeconds: requiredTimeoutSeconds(delay),
      logRetentionDays: props.logRetentionDays,
      environment: {
        CHANNEL_ARN: props.channelArn,
        METADATA_JSON: props.metadataJson,
        FIRST_QUESTION_DELAY_SECONDS: String(delay),
        SITE_BUCKET: props.siteBucketName,
        ...(props.answersTable !== undefined && { ANSWERS_TABLE: props.answersTable.name }),
      },
      statements: [
        { sid: 'PutMetadataOnThisChannel', effect: 'Allow', actions: ['ivs:PutMetadata'], resources: [props.channelArn] },
        {
          sid: 'CurrentQuestionForLateJoiners',
          effect: 'Allow',
          actions: ['s3:PutObject', 's3:DeleteObject'],
          resources: [`${props.siteBucketArn}/${CURRENT_QUESTION_KEY}`],
        },
        // Lambda sends failed async events to the destination with the function's own role.
        { sid: 'SendFailedEventsToOwnQueue', effect: 'Allow', actions: ['sqs:SendMessage'], resources: [props.failureQueueArn] },
        ...answerStatements(props.answersTable?.arn),
      ],
    });
    new LambdaFunctionEventInvokeConfig(this, 'async', {
      functionName: fn.functionName,
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: MAX_EVENT_AGE_SECONDS,
      // Where an event lands after the handler threw on every attempt, instead of vanishing with a log line.
      destinationConfig: { onFailure: { destination: props.failureQueueArn } },
    });

    const rule = new CloudwatchEventRule(this, 'stream-state', {
      name: props.ruleName,
      description: 'Stream Start / Stream End on the ivs-live channel: send the first timed-metadata payload and keep it for late joiners, then forget it',
      eventPattern: JSON.stringify({
        source: [IVS_EVENT_SOURCE],
        'detail-type': [STREAM_STATE_CHANGE],
        resources: [props.channelArn],
        detail: { event_name: [STREAM_START, STREAM_END] },
      }),
    });
    new CloudwatchEventTarget(this, 'target', { rule: rule.name, arn: fn.functionArn });
    new LambdaPermission(this, 'invoke', {
      statementId: 'AllowStreamStateRule',
      action: 'lambda:InvokeFunction',
      functionName: fn.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: rule.arn,
    });
  }
}
