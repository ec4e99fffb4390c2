import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { maskCommands, publicOutputsFile, stepOutputLines } from '../../scripts/deploy-outputs';
import { parseTerraformOutputs } from '../../scripts/stack-outputs';
import { runTerraform, terraformEnv } from '../../scripts/terraform';
import { OUTPUT_NAMES } from '../../core/output-names';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');
/** The value of a sensitive output: the live stack has none, but a user's addition (or an old stack's state) may. */
const SECRET = 'sk_us-east-1_DeployOutputsTestKey987654';
const PUBLIC = {
  [OUTPUT_NAMES.ingestServer]: 'rtmps://0123abcd.global-contribute.live-video.net:443/app/',
  [OUTPUT_NAMES.playbackUrl]: 'https://0123abcd.us-east-1.playback.live-video.net/api/video/v1/us-east-1.123456789012.channel.AbCd.m3u8',
  [OUTPUT_NAMES.websiteUrl]: 'http://ivs-live-dev-site-20260101.s3-website-us-east-1.amazonaws.com',
  [OUTPUT_NAMES.channelArn]: 'arn:aws:ivs:us-east-1:123456789012:channel/AbCd',
  [OUTPUT_NAMES.bucketName]: 'ivs-live-dev-site-20260101',
};

/** A real applied state whose outputs have the live stack's names, made by Terraform without any provider. */
async function appliedStack(dir: string): Promise<string> {
  const output: Record<string, unknown> = Object.fromEntries(Object.entries(PUBLIC).map(([name, value]) => [name, { value }]));
  output.added_secret = { value: '${var.added_secret}', sensitive: true };
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ variable: { added_secret: { type: 'string', sensitive: true } }, output }));
  const env = { ...terraformEnv(), TF_VAR_added_secret: SECRET };
  for (const args of [['init', '-no-color'], ['apply', '-auto-approve', '-no-color']]) {
    const result = await runTerraform(args, dir, env);
    if (result.code !== 0) throw new Error(result.stderr);
  }
  return (await runTerraform(['output', '-json'], dir, env)).stdout;
}

describe('deploy outputs', () => {
  let dir: string;
  let outputsJson: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-outputs-'));
    outputsJson = await appliedStack(dir);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('masks every sensitive output of terraform output -json and nothing public', () => {
    expect(maskCommands(outputsJson)).toEqual([`::add-mask::${SECRET}`]);
  });

  it('masks each line of a multi-line sensitive value', () => {
    const json = JSON.stringify({ key: { sensitive: true, value: '-----BEGIN KEY-----\nabc\n-----END KEY-----' } });
    expect(maskCommands(json)).toEqual(['::add-mask::-----BEGIN KEY-----', '::add-mask::abc', '::add-mask::-----END KEY-----']);
  });

  it('writes a public outputs file that build:web reads back, without any sensitive value', () => {
    const file = publicOutputsFile(parseTerraformOutputs(outputsJson));
    expect(file).not.toContain(SECRET);
    expect(parseTerraformOutputs(file)).toEqual(parseTerraformOutputs(outputsJson));
  });

  it('refuses a value with a line break, which could forge a step output', () => {
    const outputs = { ...parseTerraformOutputs(outputsJson), websiteUrl: 'http://x\nbucket_name=oops' };
    expect(() => stepOutputLines(outputs)).toThrow('output website_url contains a line break');
  });

  it('masks first, then hands on only public values to the step outputs, the summary and the file', async () => {
    const githubOutput = join(dir, 'github-output');
    const summary = join(dir, 'summary.md');
    const publicFile = join(dir, 'public.json');
    const env = { ...process.env, STACK_DIR: dir, LIVE_ENV: 'dev', GITHUB_OUTPUT: githubOutput, GITHUB_STEP_SUMMARY: summary, PUBLIC_OUTPUTS_FILE: publicFile };
    const { stdout } = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'bin', 'deploy-outputs.ts')], { cwd: ROOT, env });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(`::add-mask::${SECRET}`);
    expect(lines.slice(1).join('\n')).not.toContain(SECRET);
    expect(readFileSync(githubOutput, 'utf8')).toContain(`playback_url=${PUBLIC.playback_url}\n`);
    expect(readFileSync(githubOutput, 'utf8')).toContain(`outputs_file=${publicFile}\n`);
    for (const file of [githubOutput, summary, publicFile]) expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
    expect(readFileSync(summary, 'utf8')).toContain(PUBLIC.website_url);
  }, 60_000);
});
