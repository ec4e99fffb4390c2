// The live-streaming stack of one environment: provider and state backend, the channel, the site (a private bucket
// behind CloudFront, with an optional custom domain), the metadata injector, and the outputs the pipeline, the web
// build and the broadcaster need, and the audience's answers (a table, and an answer function behind the CDN's api/*).
// The functions' roles and failure queue are made here (FUNCTION_ROLES=stack) or by the bootstrap stack
// (FUNCTION_ROLES=bootstrap, the pipeline).
import { Construct } from 'constructs';
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { AwsProvider, type AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { CDN_CERTIFICATE_REGION } from '../core/cdn';
import { API_PATH_PATTERN } from '../core/answers';
import { ANSWERS_FUNCTION, PUT_METADATA_FUNCTION, type FunctionName } from '../core/functions';
import {
  answersTableName,
  failureQueueName,
  functionRoleName,
  PROJECT_NAME,
  resourceName,
  resourceNamePrefix,
  siteBucketPrefix,
  stackName,
} from '../core/naming';
import { OUTPUT_NAMES } from '../core/output-names';
import { functionBundleDir } from '../core/project-paths';
import { securityHeaders } from '../core/security-headers';
import type { LiveConfig } from '../config/live-config';
import { projectPath } from '../config/project-root';
import type { SiteConfig } from '../config/site-config';
import { AnswerApi } from './constructs/answer-api';
import { AnswerTable } from './constructs/answer-table';
import { FailureQueue } from './constructs/failure-queue';
import { FunctionRole, type FunctionRoleRef } from './constructs/function-role';
import { IvsChannel } from './constructs/ivs-channel';
import { MetadataInjector } from './constructs/metadata-injector';
import { SecurityHeadersPolicy } from './constructs/security-headers-policy';
import { SiteAliasRecords } from './constructs/site-alias-records';
import { SiteBucket } from './constructs/site-bucket';
import { SiteCdn, type SiteApi } from './constructs/site-cdn';
import { SiteCertificate } from './constructs/site-certificate';

export interface LiveStreamStackProps {
  readonly config: LiveConfig;
  /** Folder of the bundled metadata function. @default dist/functions/put-metadata */
  readonly functionBundleDir?: string;
  /** Folder of the bundled answer function. @default dist/functions/answers */
  readonly answersBundleDir?: string;
}

/** What a function needs besides its code: the role it runs with and the queue for the events it failed on. */
interface FunctionResources {
  readonly role: FunctionRoleRef;
  readonly failureQueueArn: string;
}

export class LiveStreamStack extends TerraformStack {
  private accountId: string | undefined;

  constructor(scope: Construct, id: string, props: LiveStreamStackProps) {
    super(scope, id);
    const { config } = props;

    const defaultTags = [{ tags: { Project: PROJECT_NAME, Environment: config.env, ManagedBy: 'cdktf' } }];
    new AwsProvider(this, 'aws', { region: config.region, defaultTags });
    this.configureBackend(config);

    const channel = new IvsChannel(this, 'channel', {
      name: config.channelName,
      latencyMode: config.latencyMode,
      type: config.channelType,
    });
    // The id `site` keeps the bucket's Terraform address from the S3-website days.
    const site = new SiteBucket(this, 'site', { bucketPrefix: siteBucketPrefix(config.env) });
    const answersTable = new AnswerTable(this, 'answers-table', { tableName: answersTableName(config.env) });
    const answerApi = new AnswerApi(this, 'answers', {
      functionName: resourceName(config.env, ANSWERS_FUNCTION),
      role: this.functionRole(config, ANSWERS_FUNCTION, 'answers-role'),
      bundleDir: props.answersBundleDir ?? projectPath(functionBundleDir(ANSWERS_FUNCTION)),
      tableName: answersTable.tableName,
      tableArn: answersTable.tableArn,
      reservedConcurrency: config.answersReservedConcurrency,
      logRetentionDays: config.logRetentionDays,
    });
    const cdn = this.siteFront(config.env, site, config.site, defaultTags, { pathPattern: API_PATH_PATTERN, originDomainName: answerApi.originDomainName });
    answerApi.allowInvokeFrom(cdn.distributionArn);
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
      answersTable: { name: answersTable.tableName, arn: answersTable.tableArn },
    });

    this.output('ingestServer', channel.ingestServer, 'RTMPS server for OBS or another broadcaster (rtmps://<ingest endpoint>:443/app/)');
    this.output('playbackUrl', channel.playbackUrl, 'HLS playback URL of the channel (https://…m3u8)');
    this.output('websiteUrl', cdn.url, 'URL of the viewer page (https://<SITE_DOMAIN or distribution domain>/)');
    this.output('channelArn', channel.arn, 'ARN of the IVS channel (arn:aws:ivs:<region>:<account>:channel/<id>); npm run stream-key reads its key');
    this.output('bucketName', site.bucketName, 'Name of the private S3 bucket that holds the viewer page');
    this.output('distributionId', cdn.distributionId, 'ID of the CloudFront distribution that serves the page (E…)');
    this.output('distributionDomainName', cdn.domainName, 'Domain of the CloudFront distribution (<id>.cloudfront.net), the DNS target of SITE_DOMAIN');
    this.output('answersTable', answersTable.tableName, 'Name of the DynamoDB table of the audience\'s answers (ivs-live-<env>--answers); npm run send-metadata -- --reveal reads it');
  }

  /**
   * The HTTPS front of the bucket: security headers, the distribution, and for a custom domain in a Route 53 zone its
   * certificate (requested in us-east-1 through a second provider) and alias records.
   */
  private siteFront(env: string, bucket: SiteBucket, site: SiteConfig, defaultTags: AwsProviderConfig['defaultTags'], api: SiteApi): SiteCdn {
    const headers = new SecurityHeadersPolicy(this, 'security-headers', {
      name: resourceName(env, 'security-headers'),
      headers: securityHeaders({ embedOrigins: site.embedOrigins }),
    });
    const domain = site.domain;
    let certificateArn = domain && 'certificateArn' in domain ? domain.certificateArn : undefined;
    const zoneId = domain && 'hostedZoneId' in domain ? domain.hostedZoneId : undefined;
    if (domain && zoneId !== undefined) {
      const usEast1 = new AwsProvider(this, 'aws-us-east-1', { alias: 'us_east_1', region: CDN_CERTIFICATE_REGION, defaultTags });
      certificateArn = new SiteCertificate(this, 'certificate', { domainName: domain.name, hostedZoneId: zoneId, usEast1 }).certificateArn;
    }
    const cdn = new SiteCdn(this, 'cdn', {
      namePrefix: resourceNamePrefix(env),
      bucket,
      responseHeadersPolicyId: headers.policyId,
      priceClass: site.priceClass,
      domain: domain && certificateArn !== undefined ? { name: domain.name, certificateArn } : undefined,
      api,
    });
    if (domain && zoneId !== undefined) {
      new SiteAliasRecords(this, 'alias-records', {
        hostedZoneId: zoneId,
        domainName: domain.name,
        distributionDomainName: cdn.domainName,
        distributionHostedZoneId: cdn.hostedZoneId,
      });
    }
    return cdn;
  }

  /**
   * The put-metadata function's role and failure queue: made here, or the ones the bootstrap stack made for the
   * environment, referred to by the names both stacks derive from core/naming.ts (no lookup, so an offline plan works).
   */
  private functionResources(config: LiveConfig): FunctionResources {
    const role = this.functionRole(config, PUT_METADATA_FUNCTION, 'function-role');
    if (config.functionRoles === 'stack') {
      return { role, failureQueueArn: new FailureQueue(this, 'failures', { queueName: failureQueueName(config.env) }).queueArn };
    }
    return { role, failureQueueArn: `arn:aws:sqs:${config.region}:${this.account()}:${failureQueueName(config.env)}` };
  }

  /** A function's execution role: made here (construct `id`), or the bootstrap stack's, by the name both derive. */
  private functionRole(config: LiveConfig, fn: FunctionName, id: string): FunctionRoleRef {
    const roleName = functionRoleName(config.env, fn);
    if (config.functionRoles === 'stack') return new FunctionRole(this, id, { roleName });
    return { roleName, roleArn: `arn:aws:iam::${this.account()}:role/${roleName}` };
  }

  /** The account's id, looked up once (no lookup in the plan when nothing needs it). */
  private account(): string {
    this.accountId ??= new DataAwsCallerIdentity(this, 'account').accountId;
    return this.accountId;
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
