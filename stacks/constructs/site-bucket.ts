// The private S3 bucket that holds the viewer page and the live objects: no public access of any kind, no website
// hosting, readable only by the one CloudFront distribution allowed in; emptied on destroy so nothing is left behind.
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';

export interface SiteBucketProps {
  /** Bucket name prefix; AWS appends a unique suffix, since bucket names are global. */
  readonly bucketPrefix: string;
}

export class SiteBucket extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  /** The bucket's REST endpoint in its region, the CDN's origin (`<bucket>.s3.<region>.amazonaws.com`). */
  public readonly regionalDomainName: string;
  private readonly bucketId: string;
  private readonly publicAccess: S3BucketPublicAccessBlock;

  constructor(scope: Construct, id: string, props: SiteBucketProps) {
    super(scope, id);
    const bucket = new S3Bucket(this, 'bucket', { bucketPrefix: props.bucketPrefix, forceDestroy: true });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    this.publicAccess = new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket: bucket.id,
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    });
    this.bucketId = bucket.id;
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.regionalDomainName = bucket.bucketRegionalDomainName;
  }

  /**
   * Lets one CloudFront distribution read the objects, signed with its origin access control, and no one else: the
   * bucket's only policy. A missing key is then 403 for the distribution (it may not list), which it maps like a 404.
   */
  allowReadsFrom(distributionArn: string): void {
    const cdnRead = new DataAwsIamPolicyDocument(this, 'cdn-read', {
      statement: [
        {
          sid: 'ReadByThisDistributionOnly',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
          actions: ['s3:GetObject'],
          resources: [`${this.bucketArn}/*`],
          condition: [{ test: 'StringEquals', variable: 'AWS:SourceArn', values: [distributionArn] }],
        },
      ],
    });
    // Written after the public access block, so the bucket never holds a policy while public policies are allowed.
    new S3BucketPolicy(this, 'policy', { bucket: this.bucketId, policy: cdnRead.json, dependsOn: [this.publicAccess] });
  }
}
