// Where an environment's functions put an event they failed on three times, instead of letting it vanish with a log
// line: an encrypted SQS queue that keeps it for SQS's longest retention. No queue policy: only roles of the same
// account that IAM allows (the function roles, through their boundary) can send to it.
import { Construct } from 'constructs';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';

/** SQS's longest retention: time for someone to look at an event that failed three times. */
export const FAILED_EVENT_RETENTION_SECONDS = 14 * 24 * 3600;

export interface FailureQueueProps {
  /** Queue name, `ivs-live-<env>--failures` (failureQueueName). */
  readonly queueName: string;
}

export class FailureQueue extends Construct {
  public readonly queueArn: string;

  constructor(scope: Construct, id: string, props: FailureQueueProps) {
    super(scope, id);
    const queue = new SqsQueue(this, 'queue', {
      name: props.queueName,
      messageRetentionSeconds: FAILED_EVENT_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
    });
    this.queueArn = queue.arn;
  }
}
