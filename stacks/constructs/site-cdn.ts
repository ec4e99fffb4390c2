// The site's HTTPS front: a CloudFront distribution over the private bucket (origin access control, every request
// signed), with edge caching fitted to each kind of file, compression, HTTP/2 and HTTP/3, IPv6, HTTP redirected to
// HTTPS, the security headers on every response, and a missing key answered by the page itself with a 404; optionally
// an API path in front of a Lambda function URL, signed by an origin access control of its own and never cached.
import { Construct } from 'constructs';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import {
  CloudfrontDistribution,
  type CloudfrontDistributionOrderedCacheBehavior,
  type CloudfrontDistributionOrigin,
  type CloudfrontDistributionViewerCertificate,
} from '@cdktf/provider-aws/lib/cloudfront-distribution';
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
/** AWS's managed CachingDisabled policy, by its fixed id: every API request reaches the function. */
export const CACHING_DISABLED_POLICY_ID = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
/**
 * AWS's managed AllViewerExceptHostHeader origin request policy: the viewer's headers (content type, the body's
 * `x-amz-content-sha256`) reach the function URL, but not the Host header, which a function URL refuses.
 */
export const ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
/** CloudFront accepts exactly these three sets of allowed methods; an API that takes POST needs all seven. */
const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
const ORIGIN_ID = 'site-bucket';
const API_ORIGIN_ID = 'api-function';

/** A path of the site answered by a Lambda function URL. */
export interface SiteApi {
  /** CloudFront path pattern, e.g. `api/*`. */
  readonly pathPattern: string;
  /** The function URL's host, `<id>.lambda-url.<region>.on.aws`. */
  readonly originDomainName: string;
}

export interface SiteCdnProps {
  /** Prefix of the names of the access control and the cache policy, e.g. `ivs-live-dev--`. */
  readonly namePrefix: string;
  readonly bucket: SiteBucket;
  readonly responseHeadersPolicyId: string;
  /** @default 'PriceClass_All' */
  readonly priceClass?: PriceClass;
  /** A custom domain and its us-east-1 certificate. @default none: the distribution's own *.cloudfront.net name */
  readonly domain?: { readonly name: string; readonly certificateArn: string };
  /** An API in front of a function URL. @default none */
  readonly api?: SiteApi;
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
    const api = this.apiFront(props);
    const distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: `${props.namePrefix}site: the live page`,
      aliases: props.domain ? [props.domain.name] : undefined,
      defaultRootObject: NOT_FOUND_PAGE_KEY,
      httpVersion: 'http2and3',
      isIpv6Enabled: true,
      priceClass: props.priceClass ?? 'PriceClass_All',
      origin: [{ originId: ORIGIN_ID, domainName: props.bucket.regionalDomainName, originAccessControlId: access.id }, ...api.origins],
      defaultCacheBehavior: { ...behaviour, cachePolicyId: CACHING_OPTIMIZED_POLICY_ID },
      orderedCacheBehavior: [...api.behaviours, { ...behaviour, pathPattern: `${LIVE_PREFIX}*`, cachePolicyId: liveCache.id }],
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

  /**
   * The API's origin (signed by an origin access control of type lambda; a POST body is signed only when the viewer
   * sends its SHA-256 in x-amz-content-sha256) and its behaviour: HTTPS only, every method, nothing cached, the
   * viewer's headers but Host, the site's security headers. The distribution's error responses still apply: the
   * function never answers its own refusals with 403 or 404.
   */
  private apiFront(props: SiteCdnProps): { origins: CloudfrontDistributionOrigin[]; behaviours: CloudfrontDistributionOrderedCacheBehavior[] } {
    if (props.api === undefined) return { origins: [], behaviours: [] };
    const access = new CloudfrontOriginAccessControl(this, 'api-origin-access', {
      name: `${props.namePrefix}api`,
      description: 'CloudFront signs every request to the answer function URL',
      originAccessControlOriginType: 'lambda',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    return {
      origins: [{
        originId: API_ORIGIN_ID,
        domainName: props.api.originDomainName,
        originAccessControlId: access.id,
        customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
      }],
      behaviours: [{
        pathPattern: props.api.pathPattern,
        targetOriginId: API_ORIGIN_ID,
        viewerProtocolPolicy: 'https-only',
        allowedMethods: ALL_METHODS,
        cachedMethods: ['GET', 'HEAD'],
        // Nothing is cached, so the edge has nothing to compress: answers are a few hundred bytes.
        compress: false,
        cachePolicyId: CACHING_DISABLED_POLICY_ID,
        originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
        responseHeadersPolicyId: props.responseHeadersPolicyId,
      }],
    };
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
