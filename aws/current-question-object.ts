// The two S3 calls on the current-question object (live/current.json in the site bucket), shared by the function
// and the host CLI. Each takes its client, so tests point the real SDK at a local S3 stand-in.
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { LIVE_OBJECT_CACHE, JSON_CONTENT_TYPE, CURRENT_QUESTION_KEY } from '../core/site-objects';
import { errorMessage, errorName } from './errors';

/** The part of S3Client this module uses (an S3Client, or anything that sends these two commands). */
export interface CurrentQuestionClient {
  send(command: PutObjectCommand | DeleteObjectCommand): Promise<unknown>;
}

/** The current-question object could not be written or deleted; the message names the call, the object and S3's error. */
export class CurrentQuestionFailed extends Error {
  override name = 'CurrentQuestionFailed';
}

/** Writes `metadata` (the compact payload JSON sent with PutMetadata) as the current question. */
export async function putCurrentQuestion(client: CurrentQuestionClient, bucket: string, metadata: string): Promise<void> {
  const command = new PutObjectCommand({
    Bucket: bucket,
    Key: CURRENT_QUESTION_KEY,
    Body: metadata,
    ContentType: JSON_CONTENT_TYPE,
    CacheControl: LIVE_OBJECT_CACHE,
  });
  await client.send(command).catch((error: unknown) => fail('PutObject', bucket, error));
}

/** Removes the current question; S3 answers 204 for a key that is already gone, so this is idempotent. */
export async function deleteCurrentQuestion(client: CurrentQuestionClient, bucket: string): Promise<void> {
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: CURRENT_QUESTION_KEY })).catch((error: unknown) => fail('DeleteObject', bucket, error));
}

function fail(call: string, bucket: string, error: unknown): never {
  throw new CurrentQuestionFailed(`${call} ${currentQuestionUri(bucket)} failed: ${errorName(error)}: ${errorMessage(error)}`, { cause: error });
}

/** `s3://bucket/live/current.json`, for log lines and CLI output. */
export function currentQuestionUri(bucket: string): string {
  return `s3://${bucket}/${CURRENT_QUESTION_KEY}`;
}
