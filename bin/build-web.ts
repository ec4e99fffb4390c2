// `npm run build:web`: builds the page for PLAYBACK_URL, or for the playback URL of the deployed stack of LIVE_ENV.
import * as path from 'node:path';
import { liveEnvName } from '../core/naming';
import { buildWeb, checkPlaybackUrl, formatFileTable } from '../scripts/build-web';
import { readStackOutputs, StackOutputsUnavailable } from '../scripts/stack-outputs';

async function main(): Promise<void> {
  const fromEnv = process.env.PLAYBACK_URL;
  let playbackUrl = fromEnv;
  let source = 'PLAYBACK_URL';
  if (fromEnv === undefined || fromEnv === '') {
    const env = liveEnvName(process.env);
    playbackUrl = (await readStackOutputs(env).catch((error: unknown) => {
      if (!(error instanceof StackOutputsUnavailable)) throw error;
      throw new StackOutputsUnavailable(`${error.message} (or set PLAYBACK_URL to build without a deployed stack)`);
    })).playbackUrl;
    source = process.env.OUTPUTS_FILE ? `OUTPUTS_FILE ${process.env.OUTPUTS_FILE}` : `the outputs of the "${env}" stack (LIVE_ENV)`;
  }
  const result = await buildWeb({ playbackUrl: checkPlaybackUrl(playbackUrl) });
  console.log(`Built the page for ${playbackUrl} (from ${source}) into ${path.relative(process.cwd(), result.outDir) || '.'}:`);
  console.log(formatFileTable(result.files));
}

main().catch((error: unknown) => {
  console.error(`build:web failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
