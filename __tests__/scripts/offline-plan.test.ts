import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, FIXED_TIMESTAMP, FIXTURES_DIR, normalisePlanJson } from '../../scripts/offline-plan';

const files = readdirSync(FIXTURES_DIR);

describe('recorded plan fixtures', () => {
  it('exist for every case the recorder plans', () => {
    for (const { name } of CASES) expect(files).toContain(`${name}.exitcode`);
  });

  it('carry the fixed timestamp, so they only change when the plan does', () => {
    for (const file of files.filter((f) => f.endsWith('.plan.json'))) {
      expect(JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')).timestamp).toBe(FIXED_TIMESTAMP);
    }
    expect(JSON.parse(normalisePlanJson('{"timestamp":"2026-11-25T16:09:24Z","x":1}'))).toEqual({ timestamp: FIXED_TIMESTAMP, x: 1 });
  });

  it('hold neither the fake credentials nor paths of the machine that recorded them', () => {
    for (const file of files) {
      expect(readFileSync(join(FIXTURES_DIR, file), 'utf8')).not.toMatch(/AKIAFIXTURE|fixture-secret-access-key|\/tmp\/|ivs-live-fixture-/);
    }
  });
});
