// Publishes web/dist to the site bucket: carries out the changes site-changes.ts decides, with the S3 client it is
// given (bin/publish-web.ts passes the real one, the tests one pointed at a local S3 stand-in).
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { WEB_DIST_DIR } from '../core/project-paths';
import { projectPath } from '../config/project-root';
import { siteChanges, type SiteChanges } from './site-changes';

const DEFAULT_DIR = projectPath(WEB_DIST_DIR);

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

export async function publishWeb(options: PublishWebOptions): Promise<SiteChanges> {
  const { client, bucket } = options;
  const dir = options.dir ?? DEFAULT_DIR;
  const log = options.log ?? console.log;
  const local = await listLocalFiles(dir);
  if (!local.includes('index.html')) throw new PublishFailed(`${dir} has no index.html; run \`npm run build:web\` first`);

  const changes = siteChanges(local, await listBucketKeys(client, bucket));
  for (const key of changes.unchanged) log(`unchanged ${key}`);
  // One at a time, in order: index.html goes up only after every file it references is there.
  for (const upload of changes.uploads) {
    const body = await readFile(path.join(dir, ...upload.key.split('/')));
    await client.send(new PutObjectCommand({
      Bucket: bucket,
      Key: upload.key,
      Body: body,
      ContentType: upload.contentType,
      CacheControl: upload.cacheControl,
      ContentEncoding: upload.contentEncoding,
    }));
    const encoding = upload.contentEncoding === undefined ? '' : `, ${upload.contentEncoding}`;
    log(`uploaded ${upload.key} (${body.length} bytes, ${upload.contentType}${encoding}, ${upload.cacheControl})`);
  }
  for (const batch of changes.deleteBatches) await deleteKeys(client, bucket, batch, log);
  return changes;
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
