// The S3 bucket that hosts the viewer page as a public static website: public reads through a bucket policy
// only (ACLs stay disabled), and emptied on destroy so nothing is left behind.
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketWebsiteConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-website-configuration';

export interface StaticWebsiteProps {
  /** Bucket name prefix; AWS appends a unique suffix, since bucket names are global. */
  readonly bucketPrefix: string;
  /** @default 'index.html' */
  readonly indexDocument?: string;
  /** @default 'index.html' (the page itself explains what went wrong) */
  readonly errorDocument?: string;
}

export class StaticWebsite extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  /** http:// URL of the S3 website endpoint (S3 websites do not serve HTTPS). */
  public readonly websiteUrl: string;

  constructor(scope: Construct, id: string, props: StaticWebsiteProps) {
    super(scope, id);
    const indexDocument = props.indexDocument ?? 'index.html';

    const bucket = new S3Bucket(this, 'bucket', { bucketPrefix: props.bucketPrefix, forceDestroy: true });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    // New buckets block public policies by default (since April 2023): allow policies, keep ACLs blocked.
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket: bucket.id,
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    });
    const website = new S3BucketWebsiteConfiguration(this, 'website', {
      bucket: bucket.id,
      indexDocument: { suffix: indexDocument },
      errorDocument: { key: props.errorDocument ?? indexDocument },
    });
    const publicRead = new DataAwsIamPolicyDocument(this, 'public-read', {
      statement: [
        {
          sid: 'PublicReadObjects',
          effect: 'Allow',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:GetObject'],
          resources: [`${bucket.arn}/*`],
        },
      ],
    });
    new S3BucketPolicy(this, 'policy', {
      bucket: bucket.id,
      policy: publicRead.json,
      dependsOn: [publicAccess],
    });

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.websiteUrl = `http://${website.websiteEndpoint}`;
  }
}
