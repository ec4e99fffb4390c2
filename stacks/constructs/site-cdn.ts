// The site's HTTPS front: a CloudFront distribution over the private bucket (origin access control, every request
// signed), with edge caching fitted to each kind of file, compression, HTTP/2 and HTTP/3, IPv6, HTTP redirected to
// HTTPS, the security headers on every response, and a missing key answered by the page itself with a 404.
import { Construct } from 'constructs';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontDistribution, type CloudfrontDistributionViewerCertificate } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { LIVE_EDGE_TTL_SECONDS, LIVE_PREFIX, NOT_FOUND_EDGE_TTL_SECONDS, NOT_FOUND_PAGE_KEY, NOT_FOUND_STATUS } from '../../core/site-objects';
import type { PriceClass } from '../../config/site-config';
import type { SiteBucket } from './site-bucket';

/**
 * AWS's managed CachingOptimized policy, by its fixed id (looking it up by name needs AWS at plan time): the objects'
 * own Cache-Control decides within 1 s to 1 year, so hashed files stay a year and index.html (`no-cache`) is kept 1 s
 * per edge, then revalidated: a publish is seen within a second, with no invalidation.
 */
export const CACHING_OPTIMIZED_POLICY_ID = '658327ea-f89d-4fab-a63d-7e88639e58f6';
/** The newest security policy provider 5.100 accepts: TLS 1.2 or newer, with a custom domain's certificate. */
export const MINIMUM_TLS_POLICY = 'TLSv1.2_2021';
const ORIGIN_ID = 'site-bucket';

export interface SiteCdnProps {
  /** Prefix of the names of the access control and the cache policy, e.g. `ivs-live-dev--`. */
  readonly namePrefix: string;
  readonly bucket: SiteBucket;
  readonly responseHeadersPolicyId: string;
  /** @default 'PriceClass_All' */
  readonly priceClass?: PriceClass;
  /** A custom domain and its us-east-1 certificate. @default none: the distribution's own *.cloudfront.net name */
  readonly domain?: { readonly name: string; readonly certificateArn: string };
}

export class SiteCdn extends Construct {
  public readonly distributionId: string;
  public readonly distributionArn: string;
  /** `<id>.cloudfront.net`: the target of the custom domain's DNS records. */
  public readonly domainName: string;
  /** CloudFront's Route 53 zone, for alias records. */
  public readonly hostedZoneId: string;
  /** `https://<custom domain or cloudfront domain>/` */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: SiteCdnProps) {
    super(scope, id);
    const access = new CloudfrontOriginAccessControl(this, 'origin-access', {
      name: `${props.namePrefix}site`,
      description: 'CloudFront signs every request to the site bucket',
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    // min = default = max: the live objects' own `no-cache` would otherwise send every viewer's poll to the bucket.
    const liveCache = new CloudfrontCachePolicy(this, 'live-cache', {
      name: `${props.namePrefix}live`,
      comment: `${LIVE_PREFIX}*: ${LIVE_EDGE_TTL_SECONDS} s at each edge, whatever the objects say`,
      minTtl: LIVE_EDGE_TTL_SECONDS,
      defaultTtl: LIVE_EDGE_TTL_SECONDS,
      maxTtl: LIVE_EDGE_TTL_SECONDS,
      parametersInCacheKeyAndForwardedToOrigin: {
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
        cookiesConfig: { cookieBehavior: 'none' },
        headersConfig: { headerBehavior: 'none' },
        queryStringsConfig: { queryStringBehavior: 'none' },
      },
    });
    const behaviour = {
      targetOriginId: ORIGIN_ID,
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['GET', 'HEAD'],
      cachedMethods: ['GET', 'HEAD'],
      compress: true,
      responseHeadersPolicyId: props.responseHeadersPolicyId,
    };
    const distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: `${props.namePrefix}site: the live page`,
      aliases: props.domain ? [props.domain.name] : undefined,
      defaultRootObject: NOT_FOUND_PAGE_KEY,
      httpVersion: 'http2and3',
      isIpv6Enabled: true,
      priceClass: props.priceClass ?? 'PriceClass_All',
      origin: [{ originId: ORIGIN_ID, domainName: props.bucket.regionalDomainName, originAccessControlId: access.id }],
      defaultCacheBehavior: { ...behaviour, cachePolicyId: CACHING_OPTIMIZED_POLICY_ID },
      orderedCacheBehavior: [{ ...behaviour, pathPattern: `${LIVE_PREFIX}*`, cachePolicyId: liveCache.id }],
      // Without s3:ListBucket a missing key is 403: both become the page, kept a 404 so a read of live/current.json
      // between questions still fails, and kept at the edge no longer than a live object.
      customErrorResponse: [403, 404].map((errorCode) => ({
        errorCode,
        responseCode: NOT_FOUND_STATUS,
        responsePagePath: `/${NOT_FOUND_PAGE_KEY}`,
        errorCachingMinTtl: NOT_FOUND_EDGE_TTL_SECONDS,
      })),
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: viewerCertificate(props.domain?.certificateArn),
    });
    props.bucket.allowReadsFrom(distribution.arn);

    this.distributionId = distribution.id;
    this.distributionArn = distribution.arn;
    this.domainName = distribution.domainName;
    this.hostedZoneId = distribution.hostedZoneId;
    this.url = `https://${props.domain?.name ?? distribution.domainName}/`;
  }
}

/**
 * A custom domain's certificate, with TLS 1.2 or newer. The *.cloudfront.net certificate allows no such choice:
 * CloudFront then fixes the security policy at TLSv1, whatever is set.
 */
function viewerCertificate(certificateArn: string | undefined): CloudfrontDistributionViewerCertificate {
  if (certificateArn === undefined) return { cloudfrontDefaultCertificate: true };
  return { acmCertificateArn: certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: MINIMUM_TLS_POLICY };
}
