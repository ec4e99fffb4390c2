// Regenerates __tests__/fixtures/plans/ (real offline `terraform plan` output) after a change to the stacks:
// `npm run build:functions && npx tsx bin/record-plan-fixtures.ts`.
import { recordPlanFixtures } from '../scripts/offline-plan';

recordPlanFixtures().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
