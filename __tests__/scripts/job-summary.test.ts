import { deploySummary, destroySummary } from '../../scripts/job-summary';

const outputs = {
  ingestServer: 'rtmps://0123abcd.global-contribute.live-video.net:443/app/',
  playbackUrl: 'https://0123abcd.us-east-1.playback.live-video.net/api/video/v1/x.m3u8',
  websiteUrl: 'http://ivs-live-dev-site-1.s3-website-us-east-1.amazonaws.com',
  channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/AbCd',
  bucketName: 'ivs-live-dev-site-1',
};

describe('deploySummary', () => {
  it('gives the website URL and the ingest server of the environment\'s stack', () => {
    const summary = deploySummary('dev', outputs);
    expect(summary).toContain('### 🚀 `ivs-live-dev` deployed');
    expect(summary).toContain(`| Website | ${outputs.websiteUrl} |`);
    expect(summary).toContain(`| Ingest server (RTMPS) | \`${outputs.ingestServer}\` |`);
  });

  it('says where to read the stream key instead of showing it, never through Terraform', () => {
    const summary = deploySummary('prod', outputs);
    expect(summary).toContain('Stream key: not shown here');
    expect(summary).toContain('`LIVE_ENV=prod npm run stream-key`');
    expect(summary).not.toContain('terraform output');
  });

  it('keeps a value with a pipe or a newline inside its table cell', () => {
    expect(deploySummary('dev', { ...outputs, websiteUrl: 'http://a|b\nc' })).toContain('| Website | http://a\\|b c |');
  });
});

describe('destroySummary', () => {
  it('names the destroyed stack', () => {
    expect(destroySummary('prod')).toContain('### 🧹 `ivs-live-prod` destroyed');
  });
});
