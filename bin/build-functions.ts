// `npm run build:functions`: bundles every Lambda function into dist/functions/<name>/.
import { relative } from 'node:path';
import { buildFunctions } from '../scripts/build-functions';

buildFunctions().then(
  (built) => {
    for (const fn of built) console.log(`built ${relative(process.cwd(), fn.path)} (${(fn.bytes / 1024).toFixed(1)} KiB)`);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
