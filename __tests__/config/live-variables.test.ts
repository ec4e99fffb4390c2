// The one list of configuration variables matches what loadConfig reads and what the README documents.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config/live-config';
import { LIVE_CONFIG_VARIABLES, STATE_BACKEND_VARIABLES } from '../../config/live-variables';
import { configProblems } from '../../testing/config-problems';

const ROOT = join(__dirname, '..', '..');

/** The variable names in the first column of the README's configuration table. */
function readmeConfigurationTable(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Configuration\n'));
  if (section === undefined) throw new Error('README.md has no "## Configuration" section');
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]);
}

describe('configuration variables', () => {
  it('are each read by loadConfig: a bad value of any of them is reported under its name', () => {
    const bad = Object.fromEntries(LIVE_CONFIG_VARIABLES.map((name) => [name, 'not valid!']));
    const problems = configProblems(() => loadConfig(bad, () => 'not valid!')).join('\n');
    for (const name of LIVE_CONFIG_VARIABLES) expect({ name, reported: problems.includes(name) }).toEqual({ name, reported: true });
  });

  it('are the variables of the README configuration table', () => {
    expect([...readmeConfigurationTable()].sort()).toEqual([...LIVE_CONFIG_VARIABLES].sort());
  });

  it('select local state when the state backend variables are left out', () => {
    const remote = { AWS_REGION: 'eu-west-1', STATE_BUCKET: 'acme-tf-state', STATE_KEY: 'ivs-live/dev/terraform.tfstate', STATE_REGION: 'eu-west-1' };
    expect(loadConfig(remote).state).toBeDefined();
    const local = Object.fromEntries(Object.entries(remote).filter(([name]) => !(STATE_BACKEND_VARIABLES as readonly string[]).includes(name)));
    expect(loadConfig(local).state).toBeUndefined();
  });
});
