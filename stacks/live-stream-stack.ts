// The live-streaming stack of one environment: provider and state backend, the channel, the website,
// the metadata injector, and the outputs the pipeline, the web build and the broadcaster need.
import { Construct } from 'constructs';
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { PROJECT_NAME, stackName } from '../core/naming';
import { OUTPUT_NAMES } from '../core/output-names';
import { functionBundleDir, PUT_METADATA_FUNCTION } from '../core/project-paths';
import type { LiveConfig } from '../config/live-config';
import { projectPath } from '../config/project-root';
import { IvsChannel } from './constructs/ivs-channel';
import { MetadataInjector } from './constructs/metadata-injector';
import { StaticWebsite } from './constructs/static-website';

export interface LiveStreamStackProps {
  readonly config: LiveConfig;
  /** Folder of the bundled metadata function. @default dist/functions/put-metadata */
  readonly functionBundleDir?: string;
}

export class LiveStreamStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: LiveStreamStackProps) {
    super(scope, id);
    const { config } = props;
    const namePrefix = stackName(config.env);

    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [{ tags: { Project: PROJECT_NAME, Environment: config.env, ManagedBy: 'cdktf' } }],
    });
    this.configureBackend(config);

    const channel = new IvsChannel(this, 'channel', {
      name: config.channelName,
      latencyMode: config.latencyMode,
      type: config.channelType,
    });
    const site = new StaticWebsite(this, 'site', { bucketPrefix: `${namePrefix}-site-` });
    new MetadataInjector(this, 'metadata', {
      namePrefix,
      channelArn: channel.arn,
      siteBucketName: site.bucketName,
      siteBucketArn: site.bucketArn,
      bundleDir: props.functionBundleDir ?? projectPath(functionBundleDir(PUT_METADATA_FUNCTION)),
      metadataJson: config.metadataJson,
      firstQuestionDelaySeconds: config.firstQuestionDelaySeconds,
      logRetentionDays: config.logRetentionDays,
      permissionsBoundary: config.functionPermissionsBoundary,
    });

    this.output('ingestServer', channel.ingestServer, 'RTMPS server for OBS or another broadcaster (rtmps://<ingest endpoint>:443/app/)');
    this.output('streamKey', channel.streamKey, 'Stream key of the channel (secret: anyone holding it can broadcast)', true);
    this.output('playbackUrl', channel.playbackUrl, 'HLS playback URL of the channel (https://…m3u8)');
    this.output('websiteUrl', site.websiteUrl, 'URL of the viewer page (http://<bucket>.s3-website-<region>.amazonaws.com)');
    this.output('channelArn', channel.arn, 'ARN of the IVS channel (arn:aws:ivs:<region>:<account>:channel/<id>)');
    this.output('bucketName', site.bucketName, 'Name of the S3 bucket that hosts the viewer page');
  }

  private configureBackend(config: LiveConfig): void {
    if (!config.state) {
      // Relative to cdktf.out/stacks/<stack>/, so the state file sits in the project root and survives re-synth.
      new LocalBackend(this, { path: `../../../terraform.${stackName(config.env)}.tfstate` });
      return;
    }
    const backend = new S3Backend(this, { ...config.state, encrypt: true });
    // S3-native state locking (Terraform >= 1.10): no DynamoDB table to create or pay for.
    backend.addOverride('use_lockfile', true);
  }

  private output(key: keyof typeof OUTPUT_NAMES, value: string, description: string, sensitive = false): void {
    new TerraformOutput(this, OUTPUT_NAMES[key], { value, description, sensitive });
  }
}
