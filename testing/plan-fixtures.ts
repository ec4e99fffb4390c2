// Loads the plans recorded by bin/record-plan-fixtures.ts (real `terraform plan` output, made offline).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from '../scripts/offline-plan';
import type { PlanJson } from '../scripts/plan-comment';

export { FIXTURE_SECRET, FIXTURES_DIR } from '../scripts/offline-plan';

export type FixtureName =
  | 'live-create'
  | 'live-sensitive'
  | 'live-no-changes'
  | 'live-domain-certificate'
  | 'live-domain-zone'
  | 'bootstrap-create'
  | 'bootstrap-invalid-repository';

const read = (name: string, ext: string) => readFileSync(join(FIXTURES_DIR, `${name}.${ext}`), 'utf8');

export function fixture(name: FixtureName) {
  return {
    exitCode: Number(read(name, 'exitcode')),
    json: () => JSON.parse(read(name, 'plan.json')) as PlanJson,
    rawJson: () => read(name, 'plan.json'),
    text: () => read(name, 'plan.txt'),
    stderr: () => read(name, 'stderr.txt'),
  };
}
