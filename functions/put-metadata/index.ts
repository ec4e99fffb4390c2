// The Lambda entry point (bundled to dist/functions/put-metadata/index.js, handler `index.handler`):
// environment and clients are read and built once per container, at init.
import { readFunctionConfig } from './env';
import { createDynamoDbClient, createIvsClient, createS3Client } from '../../aws/clients';
import { sleep } from '../../aws/put-metadata';
import { createHandler } from './handler';

const config = readFunctionConfig(process.env);
export const handler = createHandler({
  config,
  client: createIvsClient(),
  // Without SITE_BUCKET (the local preview) the S3 client is never built, nor its code run.
  ...(config.siteBucket !== undefined && { s3: createS3Client() }),
  ...(config.answersTable !== undefined && { dynamodb: createDynamoDbClient() }),
  sleep,
});
