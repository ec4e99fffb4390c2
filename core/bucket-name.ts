// S3's naming rule for a general purpose bucket, shared by STATE_BUCKET (synth), the function's SITE_BUCKET and the
// host CLI's --bucket, so a typo (an s3:// URL, a capital letter, `..`) fails before any call instead of mid-show.

/** What is allowed, for error messages. */
export const BUCKET_NAME_RULE = 'an S3 bucket name: 3 to 63 lowercase letters, digits, dots and dashes, starting and ending with a letter or digit, no "..", not an IP address';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;
/** Prefixes and suffixes S3 reserves for its own features. */
const RESERVED = [/^xn--/, /^sthree-/, /-s3alias$/, /--ol-s3$/, /\.mrap$/, /--x-s3$/];

export function isBucketName(name: string): boolean {
  return BUCKET_NAME.test(name) && !name.includes('..') && !IP_ADDRESS.test(name) && !RESERVED.some((pattern) => pattern.test(name));
}
