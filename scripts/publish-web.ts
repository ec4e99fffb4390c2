// Publishes web/dist to the website bucket named in the deployed stack's outputs (`npm run publish:web`, run by
// the deploy workflow): carries out the plan of publish-plan.ts with the S3 client it is given.
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { planPublish, type PublishPlan } from './publish-plan';
import { readStackOutputs } from './stack-outputs';
import { liveEnvName } from '../config';

const DEFAULT_DIR = path.resolve(__dirname, '..', 'web', 'dist');

export interface PublishWebOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** The built site. @default web/dist */
  readonly dir?: string;
  /** Receives one line per action. @default console.log */
  readonly log?: (line: string) => void;
}

export class PublishFailed extends Error {
  override name = 'PublishFailed';
}

export async function publishWeb(options: PublishWebOptions): Promise<PublishPlan> {
  const { client, bucket } = options;
  const dir = options.dir ?? DEFAULT_DIR;
  const log = options.log ?? console.log;
  const local = await listLocalFiles(dir);
  if (!local.includes('index.html')) throw new PublishFailed(`${dir} has no index.html; run \`npm run build:web\` first`);

  const plan = planPublish(local, await listBucketKeys(client, bucket));
  for (const key of plan.unchanged) log(`unchanged ${key}`);
  // One at a time, in plan order: index.html goes up only after every file it references is there.
  for (const upload of plan.uploads) {
    const body = await readFile(path.join(dir, ...upload.key.split('/')));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: upload.key, Body: body, ContentType: upload.contentType, CacheControl: upload.cacheControl }));
    log(`uploaded ${upload.key} (${body.length} bytes, ${upload.contentType}, ${upload.cacheControl})`);
  }
  for (const batch of plan.deleteBatches) await deleteKeys(client, bucket, batch, log);
  return plan;
}

/** Every file under `dir` as a bucket key: relative, `/`-separated. */
export async function listLocalFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

export async function listBucketKeys(client: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
}

async function deleteKeys(client: S3Client, bucket: string, keys: readonly string[], log: (line: string) => void): Promise<void> {
  const result = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
  const errors = result.Errors ?? [];
  if (errors.length > 0) {
    throw new PublishFailed(`could not delete stale files from ${bucket}: ${errors.map((e) => `${e.Key} (${e.Code}: ${e.Message})`).join(', ')}`);
  }
  for (const key of keys) log(`deleted ${key}`);
}

async function main(): Promise<void> {
  const env = liveEnvName();
  const { bucketName } = await readStackOutputs(env);
  console.log(`Publishing web/dist to s3://${bucketName} (the "${env}" stack, LIVE_ENV)`);
  // Region and credentials come from the environment (the workflow's OIDC role); a bucket in another region
  // is followed rather than failing with a redirect.
  const plan = await publishWeb({ client: new S3Client({ followRegionRedirects: true }), bucket: bucketName });
  const deleted = plan.deleteBatches.reduce((sum, batch) => sum + batch.length, 0);
  console.log(`Done: ${plan.uploads.length} uploaded, ${plan.unchanged.length} unchanged, ${deleted} deleted.`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`publish:web failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
