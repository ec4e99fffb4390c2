// S3's naming rule for a general purpose bucket, shared by the function's SITE_BUCKET and the host CLI's --bucket,
// so a typo (an s3:// URL, a capital letter) fails before any call instead of as an S3 error mid-show.

/** What is allowed, for error messages. */
export const BUCKET_NAME_RULE = 'an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function isBucketName(name: string): boolean {
  return BUCKET_NAME.test(name);
}
