// Every AWS client of the project, each built once per process with one configuration: a single attempt (our retry
// policies are the only ones), bounded timeouts, and no endpoint unless asked, so the SDK honours
// AWS_ENDPOINT_URL_<SERVICE> / AWS_ENDPOINT_URL (how tests and the local preview point it at 127.0.0.1).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IvsClient, type IvsClientConfig } from '@aws-sdk/client-ivs';
import { S3Client } from '@aws-sdk/client-s3';
import { CONNECTION_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../core/retry-policy';

export interface AwsClientOptions {
  /** @default the SDK's region chain (AWS_REGION in Lambda) */
  readonly region?: string;
  /** @default the SDK's endpoint resolution (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then the AWS endpoint) */
  readonly endpoint?: string;
  /** @default the SDK's credential chain */
  readonly credentials?: IvsClientConfig['credentials'];
}

export function singleAttemptClientConfig(options: AwsClientOptions) {
  return {
    // Only keys that were given: an `endpoint: undefined` key would still count as an override in some SDK paths.
    ...(options.region !== undefined && { region: options.region }),
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
    ...(options.credentials !== undefined && { credentials: options.credentials }),
    // Our retry policy (retry-policy.ts) is the only one, so attempts are counted and bounded once.
    maxAttempts: 1,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  };
}

export type IvsClientOptions = AwsClientOptions;
export type S3ClientOptions = Omit<AwsClientOptions, 'endpoint'>;

export function createIvsClient(options: IvsClientOptions = {}): IvsClient {
  return new IvsClient(singleAttemptClientConfig(options));
}

/**
 * One attempt with the IVS client's timeouts (at most 8 s): the function's timeout (`requiredTimeoutSeconds`) has room
 * for one S3 request beside PutMetadata's retries, and a failure is retried by the async invocation or by the host.
 */
export function createS3Client(options: S3ClientOptions = {}): S3Client {
  return new S3Client(singleAttemptClientConfig(options));
}

export type DynamoDbClientOptions = AwsClientOptions;

/**
 * One attempt, like the others: every write to the answer table is idempotent, so whoever asked (the page, the host
 * CLI, the async invocation) repeats the same request, and a throttled answer costs no function time waiting.
 */
export function createDynamoDbClient(options: DynamoDbClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient(singleAttemptClientConfig(options));
}
