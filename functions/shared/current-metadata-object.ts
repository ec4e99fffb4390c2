// The two S3 calls on the current-question object (live/current.json in the site bucket), shared by the function
// and the host CLI. Each takes its client, so tests point the real SDK at a local S3 stand-in.
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { singleAttemptClientConfig, type AwsClientOptions } from './client-config';
import { CURRENT_METADATA_CACHE_CONTROL, CURRENT_METADATA_CONTENT_TYPE, CURRENT_METADATA_KEY } from './current-metadata';
import { errorMessage, errorName } from './put-metadata';

/** The part of S3Client this module uses (an S3Client, or anything that sends these two commands). */
export interface CurrentMetadataClient {
  send(command: PutObjectCommand | DeleteObjectCommand): Promise<unknown>;
}

export type S3ClientOptions = Omit<AwsClientOptions, 'endpoint'>;

/**
 * No endpoint is set, so the SDK honours AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL (tests). One attempt with the IVS
 * client's timeouts (at most 8 s): the function's timeout (`requiredTimeoutSeconds`) has room for one S3 request beside
 * PutMetadata's retries, and a failure is retried by the async invocation (function) or by the host (CLI).
 */
export function createS3Client(options: S3ClientOptions = {}): S3Client {
  return new S3Client(singleAttemptClientConfig(options));
}

/** The current-question object could not be written or deleted; the message names the call, the object and S3's error. */
export class CurrentMetadataFailed extends Error {
  override name = 'CurrentMetadataFailed';
}

/** Writes `metadata` (the compact payload JSON sent with PutMetadata) as the current question. */
export async function putCurrentMetadata(client: CurrentMetadataClient, bucket: string, metadata: string): Promise<void> {
  const command = new PutObjectCommand({
    Bucket: bucket,
    Key: CURRENT_METADATA_KEY,
    Body: metadata,
    ContentType: CURRENT_METADATA_CONTENT_TYPE,
    CacheControl: CURRENT_METADATA_CACHE_CONTROL,
  });
  await client.send(command).catch((error: unknown) => fail('PutObject', bucket, error));
}

/** Removes the current question; S3 answers 204 for a key that is already gone, so this is idempotent. */
export async function deleteCurrentMetadata(client: CurrentMetadataClient, bucket: string): Promise<void> {
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: CURRENT_METADATA_KEY })).catch((error: unknown) => fail('DeleteObject', bucket, error));
}

function fail(call: string, bucket: string, error: unknown): never {
  throw new CurrentMetadataFailed(`${call} ${currentMetadataUri(bucket)} failed: ${errorName(error)}: ${errorMessage(error)}`, { cause: error });
}

/** `s3://bucket/live/current.json`, for log lines and CLI output. */
export function currentMetadataUri(bucket: string): string {
  return `s3://${bucket}/${CURRENT_METADATA_KEY}`;
}
