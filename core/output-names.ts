// Names of the live stack's Terraform outputs, chosen once: the stack declares them, and the web build,
// the host CLI and the deploy workflow read them (snake_case, as Terraform users expect). None is secret: the stream
// key is not in Terraform at all (npm run stream-key reads it).
export const OUTPUT_NAMES = {
  ingestServer: 'ingest_server',
  playbackUrl: 'playback_url',
  websiteUrl: 'website_url',
  channelArn: 'channel_arn',
  bucketName: 'bucket_name',
  distributionId: 'distribution_id',
  distributionDomainName: 'distribution_domain_name',
  answersTable: 'answers_table',
} as const;

export type OutputKey = keyof typeof OUTPUT_NAMES;
