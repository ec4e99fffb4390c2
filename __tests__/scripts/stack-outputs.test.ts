import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTerraformOutputs, readStackOutputs } from '../../scripts/stack-outputs';

const TERRAFORM_OUTPUT = {
  bucket_name: { sensitive: false, type: 'string', value: 'ivs-live-dev-site-20261125' },
  channel_arn: { sensitive: false, type: 'string', value: 'arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf' },
  ingest_server: { sensitive: false, type: 'string', value: 'rtmps://abc.global-contribute.live-video.net:443/app/' },
  playback_url: { sensitive: false, type: 'string', value: 'https://abc.us-east-1.playback.live-video.net/api/video/v1/x.m3u8' },
  added_secret: { sensitive: true, type: 'string', value: 'sk_us-east-1_SECRET' },
  website_url: { sensitive: false, type: 'string', value: 'http://ivs-live-dev-site-20261125.s3-website-us-east-1.amazonaws.com' },
};

describe('parseTerraformOutputs', () => {
  it('returns the public outputs and never a sensitive one', () => {
    const outputs = parseTerraformOutputs(JSON.stringify(TERRAFORM_OUTPUT));
    expect(outputs).toEqual({
      bucketName: 'ivs-live-dev-site-20261125',
      channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf',
      ingestServer: 'rtmps://abc.global-contribute.live-video.net:443/app/',
      playbackUrl: 'https://abc.us-east-1.playback.live-video.net/api/video/v1/x.m3u8',
      websiteUrl: 'http://ivs-live-dev-site-20261125.s3-website-us-east-1.amazonaws.com',
    });
    expect(JSON.stringify(outputs)).not.toContain('SECRET');
  });

  it('accepts a flat name-to-value outputs file', () => {
    const flat = Object.fromEntries(Object.entries(TERRAFORM_OUTPUT).map(([k, v]) => [k, v.value]));
    expect(parseTerraformOutputs(JSON.stringify(flat)).bucketName).toBe('ivs-live-dev-site-20261125');
  });

  it('names the outputs that are missing, as before a first deploy', () => {
    expect(() => parseTerraformOutputs('{}')).toThrow(
      'Terraform outputs lack ingest_server, playback_url, website_url, channel_arn, bucket_name; has the stack been deployed (`cdktf deploy`)?',
    );
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseTerraformOutputs('Error: no state')).toThrow('Terraform outputs are not valid JSON');
  });
});

describe('readStackOutputs', () => {
  it('reads a saved outputs file when one is given', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'outputs-')), 'outputs.json');
    writeFileSync(file, JSON.stringify(TERRAFORM_OUTPUT));
    await expect(readStackOutputs('dev', { outputsFile: file })).resolves.toMatchObject({ bucketName: 'ivs-live-dev-site-20261125' });
  });

  it('explains how to get outputs when the stack was never synthesized', async () => {
    const synthOutputDir = mkdtempSync(join(tmpdir(), 'cdktf-out-'));
    await expect(readStackOutputs('dev', { synthOutputDir, outputsFile: '' })).rejects.toThrow(
      `no synthesized stack ivs-live-dev in ${synthOutputDir}/stacks/ivs-live-dev; run \`npm run synth\` and deploy it, or set OUTPUTS_FILE`,
    );
  });

  it('explains how to get outputs when the synthesized stack was never deployed', async () => {
    const synthOutputDir = mkdtempSync(join(tmpdir(), 'cdktf-out-'));
    mkdirSync(join(synthOutputDir, 'stacks', 'ivs-live-dev'), { recursive: true });
    await expect(readStackOutputs('dev', { synthOutputDir, outputsFile: '' })).rejects.toThrow('has the stack been deployed (`cdktf deploy`)?');
  });
});
