// Rules of the site's HTTPS front (CloudFront) that the configuration, the stack and the pipeline's roles share.

/** CloudFront takes ACM certificates from this region only, whatever the region of the stack. */
export const CDN_CERTIFICATE_REGION = 'us-east-1';

/** What a site domain may be, for error messages. */
export const DOMAIN_NAME_RULE = 'a lowercase DNS name such as live.example.com: at least two labels of letters, digits and inner dashes, at most 253 characters, no wildcard, no trailing dot';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^(?!-)(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** A name a certificate and an alias record can be made for: `live.example.com`, not `Live.Example.com.`, `*.example.com` or `localhost`. */
export function isDomainName(name: string): boolean {
  const labels = name.split('.');
  return name.length <= 253 && labels.length >= 2 && labels.every((label) => LABEL.test(label)) && TOP_LEVEL.test(labels[labels.length - 1]);
}
