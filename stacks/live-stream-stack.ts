// The live-streaming stack of one environment: provider and state backend, the channel, the website, the metadata
// injector, and the outputs the pipeline, the web build and the broadcaster need. The function's role and failure
// queue are made here (FUNCTION_ROLES=stack) or by the bootstrap stack (FUNCTION_ROLES=bootstrap, the pipeline).
import { Construct } from 'constructs';
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { PUT_METADATA_FUNCTION } from '../core/functions';
import { failureQueueName, functionRoleName, PROJECT_NAME, resourceName, siteBucketPrefix, stackName } from '../core/naming';
import { OUTPUT_NAMES } from '../core/output-names';
import { functionBundleDir } from '../core/project-paths';
import type { LiveConfig } from '../config/live-config';
import { projectPath } from '../config/project-root';
import { FailureQueue } from './constructs/failure-queue';
import { FunctionRole, type FunctionRoleRef } from './constructs/function-role';
import { IvsChannel } from './constructs/ivs-channel';
import { MetadataInjector } from './constructs/metadata-injector';
import { StaticWebsite } from './constructs/static-website';

export interface LiveStreamStackProps {
  readonly config: LiveConfig;
  /** Folder of the bundled metadata function. @default dist/functions/put-metadata */
  readonly functionBundleDir?: string;
}

/** What a function needs besides its code: the role it runs with and the queue for the events it failed on. */
interface FunctionResources {
  readonly role: FunctionRoleRef;
  readonly failureQueueArn: string;
}

export class LiveStreamStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: LiveStreamStackProps) {
    super(scope, id);
    const { config } = props;

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
    const site = new StaticWebsite(this, 'site', { bucketPrefix: siteBucketPrefix(config.env) });
    const putMetadata = this.functionResources(config);
    new MetadataInjector(this, 'metadata', {
      functionName: resourceName(config.env, PUT_METADATA_FUNCTION),
      ruleName: resourceName(config.env, 'stream-state'),
      role: putMetadata.role,
      failureQueueArn: putMetadata.failureQueueArn,
      channelArn: channel.arn,
      siteBucketName: site.bucketName,
      siteBucketArn: site.bucketArn,
      bundleDir: props.functionBundleDir ?? projectPath(functionBundleDir(PUT_METADATA_FUNCTION)),
      metadataJson: config.metadataJson,
      firstQuestionDelaySeconds: config.firstQuestionDelaySeconds,
      logRetentionDays: config.logRetentionDays,
    });

    this.output('ingestServer', channel.ingestServer, 'RTMPS server for OBS or another broadcaster (rtmps://<ingest endpoint>:443/app/)');
    this.output('playbackUrl', channel.playbackUrl, 'HLS playback URL of the channel (https://…m3u8)');
    this.output('websiteUrl', site.websiteUrl, 'URL of the viewer page (http://<bucket>.s3-website-<region>.amazonaws.com)');
    this.output('channelArn', channel.arn, 'ARN of the IVS channel (arn:aws:ivs:<region>:<account>:channel/<id>); npm run stream-key reads its key');
    this.output('bucketName', site.bucketName, 'Name of the S3 bucket that hosts the viewer page');
  }

  /**
   * The put-metadata function's role and failure queue: made here, or the ones the bootstrap stack made for the
   * environment, referred to by the names both stacks derive from core/naming.ts (no lookup, so an offline plan works).
   */
  private functionResources(config: LiveConfig): FunctionResources {
    const roleName = functionRoleName(config.env, PUT_METADATA_FUNCTION);
    if (config.functionRoles === 'stack') {
      return {
        role: new FunctionRole(this, 'function-role', { roleName }),
        failureQueueArn: new FailureQueue(this, 'failures', { queueName: failureQueueName(config.env) }).queueArn,
      };
    }
    const account = new DataAwsCallerIdentity(this, 'account').accountId;
    return {
      role: { roleName, roleArn: `arn:aws:iam::${account}:role/${roleName}` },
      failureQueueArn: `arn:aws:sqs:${config.region}:${account}:${failureQueueName(config.env)}`,
    };
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

  private output(key: keyof typeof OUTPUT_NAMES, value: string, description: string): void {
    new TerraformOutput(this, OUTPUT_NAMES[key], { value, description });
  }
}
