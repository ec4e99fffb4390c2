// The S3 bucket that holds every environment's Terraform state: versioned (a bad apply can be rolled back),
// encrypted, never public, TLS only, and old state versions expire so the bucket does not grow forever.
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';

/** Old state versions are kept this long: time enough to notice and roll back a bad apply. */
export const NONCURRENT_VERSION_DAYS = 90;
/** ...and at least this many of them, whatever their age. */
export const NONCURRENT_VERSIONS_KEPT = 10;
const ABORT_UPLOADS_DAYS = 7;

export interface StateBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
}

export class StateBucket extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    // The state of every environment lives here: Terraform refuses to destroy it (remove the lifecycle rule first).
    const bucket = new S3Bucket(this, 'bucket', { bucket: props.bucketName, lifecycle: { preventDestroy: true } });
    new S3BucketVersioning(this, 'versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfiguration(this, 'encryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: true }],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucket.id,
      rule: [
        {
          id: 'expire-old-state-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS, newerNoncurrentVersions: NONCURRENT_VERSIONS_KEPT }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_UPLOADS_DAYS }],
        },
      ],
    });
    const tlsOnly = new DataAwsIamPolicyDocument(this, 'tls-only', {
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          actions: ['s3:*'],
          principals: [{ type: '*', identifiers: ['*'] }],
          resources: [bucket.arn, `${bucket.arn}/*`],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    // S3 rejects concurrent policy and public-access-block changes on one bucket: apply them one after the other.
    new S3BucketPolicy(this, 'policy', { bucket: bucket.id, policy: tlsOnly.json, dependsOn: [publicAccess] });

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
  }
}
