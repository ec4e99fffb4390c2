// Sends the show's first timed-metadata payload when the channel goes live, and keeps it in the site bucket for late
// joiners while it is: an EventBridge rule on this channel's "Stream Start" and "Stream End" invokes a function that
// may call ivs:PutMetadata on this channel only and write or delete the one current-question object.
import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { CURRENT_QUESTION_KEY } from '../../core/site-objects';
import { requiredTimeoutSeconds } from '../../core/retry-policy';
import { IVS_EVENT_SOURCE, STREAM_END, STREAM_START, STREAM_STATE_CHANGE } from '../../core/stream-events';
import { NodejsFunction } from './nodejs-function';

/** SQS's longest retention: time for someone to look at an event that failed three times. */
export const FAILED_EVENT_RETENTION_SECONDS = 14 * 24 * 3600;
/** A Stream Start event older than this is stale: the show has moved on. */
export const MAX_EVENT_AGE_SECONDS = 600;

export interface MetadataInjectorProps {
  /** Prefix of every resource name, e.g. `ivs-live-dev`. */
  readonly namePrefix: string;
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
  /** ARN of the managed policy that caps what the function role may do. @default no permissions boundary */
  readonly permissionsBoundary?: string;
}

export class MetadataInjector extends Construct {
  constructor(scope: Construct, id: string, props: MetadataInjectorProps) {
    super(scope, id);
    const delay = props.firstQuestionDelaySeconds ?? 0;

    // Where an event lands after the handler threw on every attempt, instead of vanishing with a log line.
    const failures = new SqsQueue(this, 'failures', {
      name: `${props.namePrefix}-put-metadata-failures`,
      messageRetentionSeconds: FAILED_EVENT_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
    });
    const fn = new NodejsFunction(this, 'function', {
      functionName: `${props.namePrefix}-put-metadata`,
      bundleDir: props.bundleDir,
      // The delay, then the handler's bounded retries (ChannelNotBroadcasting, throttling), then a margin.
      timeoutSeconds: requiredTimeoutSeconds(delay),
      logRetentionDays: props.logRetentionDays,
      permissionsBoundary: props.permissionsBoundary,
      environment: {
        CHANNEL_ARN: props.channelArn,
        METADATA_JSON: props.metadataJson,
        FIRST_QUESTION_DELAY_SECONDS: String(delay),
        SITE_BUCKET: props.siteBucketName,
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
        { sid: 'SendFailedEventsToOwnQueue', effect: 'Allow', actions: ['sqs:SendMessage'], resources: [failures.arn] },
      ],
    });
    new LambdaFunctionEventInvokeConfig(this, 'async', {
      functionName: fn.functionName,
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: MAX_EVENT_AGE_SECONDS,
      destinationConfig: { onFailure: { destination: failures.arn } },
    });

    const rule = new CloudwatchEventRule(this, 'stream-state', {
      name: `${props.namePrefix}-stream-state`,
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
