// `npm run publish:web`: publishes web/dist to the site bucket of the deployed stack of LIVE_ENV (the deploy workflow runs it).
import { S3Client } from '@aws-sdk/client-s3';
import { liveEnvName } from '../core/naming';
import { publishWeb } from '../scripts/publish-web';
import { readStackOutputs } from '../scripts/stack-outputs';

async function main(): Promise<void> {
  const env = liveEnvName(process.env);
  const { bucketName } = await readStackOutputs(env);
  console.log(`Publishing web/dist to s3://${bucketName} (the "${env}" stack, LIVE_ENV)`);
  // Region and credentials come from the environment (the workflow's OIDC role); a bucket in another region
  // is followed rather than failing with a redirect.
  const changes = await publishWeb({ client: new S3Client({ followRegionRedirects: true }), bucket: bucketName });
  const deleted = changes.deleteBatches.flat().length;
  console.log(`Done: ${changes.uploads.length} uploaded, ${changes.unchanged.length} unchanged, ${deleted} deleted.`);
}

main().catch((error: unknown) => {
  console.error(`publish:web failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
