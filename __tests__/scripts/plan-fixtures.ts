// Loads the plans recorded by scripts/record-plan-fixtures.ts (real `terraform plan` output, made offline).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PlanJson } from '../../scripts/plan-comment';

export const FIXTURES_DIR = resolve(__dirname, '..', 'fixtures', 'plans');
/** The value scripts/record-plan-fixtures.ts passes as the sensitive variable. */
export const FIXTURE_SECRET = 'sk_us-east-1_FixtureSecretNotARealKey0123456789';

export type FixtureName = 'live-create' | 'live-sensitive' | 'live-no-changes' | 'bootstrap-create' | 'bootstrap-invalid-repository';

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
