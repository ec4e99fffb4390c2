// The step the workflows run before `npm run synth` (npx tsx bin/repository-config.ts), in a real process.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function runStep(args: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    execFile(tsx, ['bin/repository-config.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('repository-config step', () => {
  let dir: string;
  let githubEnv: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'repository-config-'));
    githubEnv = join(dir, 'github-env');
    writeFileSync(githubEnv, '');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends the configuration variables to $GITHUB_ENV with a random delimiter, and logs their names', async () => {
    const vars = { AWS_REGION: 'eu-west-1', STATE_BUCKET: 'acme-tf-state', AWS_ACCOUNT_ID: '123456789012' };
    const result = await runStep([], { IVS_LIVE_VARIABLES: JSON.stringify(vars), GITHUB_ENV: githubEnv });
    expect(result).toMatchObject({
      code: 0,
      stdout: 'Passed on to synth from the repository variables: AWS_REGION, STATE_BUCKET\nSet by the pipeline: FUNCTION_ROLES=bootstrap\n',
    });
    const text = readFileSync(githubEnv, 'utf8');
    expect(text).toMatch(/^AWS_REGION<<(ghadelimiter_[0-9a-f-]{36})\neu-west-1\n\1\nSTATE_BUCKET<<\1\nacme-tf-state\n\1\nFUNCTION_ROLES<<\1\nbootstrap\n\1\n$/);
  }, 60_000);

  it('leaves out the state backend variables with --local-state', async () => {
    const vars = { METADATA_FILE: 'examples/quiz-question.json', STATE_BUCKET: 'acme-tf-state' };
    const result = await runStep(['--local-state'], { IVS_LIVE_VARIABLES: JSON.stringify(vars), GITHUB_ENV: githubEnv });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Left out, this job synthesizes with local state: STATE_BUCKET');
    expect(readFileSync(githubEnv, 'utf8')).not.toContain('STATE_BUCKET');
  }, 60_000);

  it.each([
    [['--remote'], { IVS_LIVE_VARIABLES: '{}' }, 'the argument "--remote" is unknown; allowed: --local-state'],
    [[], {}, 'IVS_LIVE_VARIABLES environment variable is not set'],
  ])('exits 1 and writes nothing for %j %j', async (args, env, message) => {
    const result = await runStep(args, { GITHUB_ENV: githubEnv, ...env });
    expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining(message) });
    expect(readFileSync(githubEnv, 'utf8')).toBe('');
  }, 60_000);
});
