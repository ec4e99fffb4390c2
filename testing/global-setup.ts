// Jest global setup: what is expensive and the same for every test file, done once per run before any test starts.
import { buildFunctions } from '../scripts/build-functions';

export default async function globalSetup(): Promise<void> {
  // The bundle the stacks deploy (as `npm run build:functions`), shared by every test that runs or synthesizes it.
  await buildFunctions();
}
