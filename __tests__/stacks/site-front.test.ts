// The site's HTTPS front in the synthesized live stack: CloudFront over the private bucket, its cache behaviours and
// headers, and the custom domain in both variants (an existing certificate, or one requested in a Route 53 zone).
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { securityHeaderFields, securityHeaders } from '../../core/security-headers';
import { loadConfig } from '../../config/live-config';
import { type ConfigEnv } from '../../config/config-error';
import { LiveStreamStack } from '../../stacks/live-stream-stack';
import { ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID, CACHING_DISABLED_POLICY_ID, CACHING_OPTIMIZED_POLICY_ID } from '../../stacks/constructs/site-cdn';
import { headersOfPolicy } from '../../testing/cdn-headers';
import { readSynth } from '../../testing/synthesized';

Testing.setupJest();

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab';
const ZONE = 'Z0123456789ABCDEFGHIJ';

function synthesize(vars: ConfigEnv = {}) {
  return readSynth(Testing.synth(new LiveStreamStack(Testing.app(), 'test', { config: loadConfig(vars) })));
}

type Behaviour = {
  viewer_protocol_policy: string;
  compress: boolean;
  cache_policy_id: string;
  response_headers_policy_id: string;
  path_pattern?: string;
  allowed_methods: string[];
  target_origin_id: string;
  origin_request_policy_id?: string;
};
type Origin = { origin_id: string; domain_name: string; origin_access_control_id: string; custom_origin_config?: Record<string, unknown> };
type Distribution = {
  origin: Origin[];
  default_cache_behavior: Behaviour;
  ordered_cache_behavior: Behaviour[];
  viewer_certificate: Record<string, unknown>;
  custom_error_response: Record<string, unknown>[];
  aliases?: string[];
  price_class: string;
};

describe('the site front', () => {
  const synth = synthesize();
  const [distribution] = synth.resources('aws_cloudfront_distribution') as Distribution[];
  const behaviours = [distribution.default_cache_behavior, ...distribution.ordered_cache_behavior];
  const siteBehaviours = behaviours.filter((b) => b.target_origin_id === 'site-bucket');

  it('reads the private bucket as a REST origin through an origin access control that signs every request', () => {
    expect(synth.json).toHaveResourceWithProperties(CloudfrontOriginAccessControl, {
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
    expect(distribution.origin.find((o) => o.origin_id === 'site-bucket')).toEqual({
      origin_id: 'site-bucket',
      domain_name: synth.ref('aws_s3_bucket', 'bucket_regional_domain_name'),
      origin_access_control_id: synth.refTo('aws_cloudfront_origin_access_control', 'cdn_origin-access', 'id'),
    });
  });

  it('redirects HTTP to HTTPS and compresses on every behaviour of the site, serves HTTP/2 and HTTP/3 over IPv4 and IPv6, from every edge by default', () => {
    expect(siteBehaviours).toHaveLength(2);
    for (const behaviour of siteBehaviours) {
      expect(behaviour).toMatchObject({ viewer_protocol_policy: 'redirect-to-https', compress: true, allowed_methods: ['GET', 'HEAD'] });
    }
    expect(synth.json).toHaveResourceWithProperties(CloudfrontDistribution, {
      enabled: true,
      http_version: 'http2and3',
      is_ipv6_enabled: true,
      price_class: 'PriceClass_All',
      default_root_object: 'index.html',
    });
  });

  it('sends /api/* to the answer function URL, signed by an origin access control of type lambda, HTTPS only', () => {
    const api = distribution.origin.find((o) => o.origin_id === 'api-function');
    expect(api).toEqual({
      origin_id: 'api-function',
      domain_name: `\${element(split("/", ${synth.ref('aws_lambda_function_url', 'function_url').slice(2, -1)}), 2)}`,
      origin_access_control_id: synth.refTo('aws_cloudfront_origin_access_control', 'api-origin-access', 'id'),
      custom_origin_config: expect.objectContaining({ https_port: 443, origin_protocol_policy: 'https-only', origin_ssl_protocols: ['TLSv1.2'] }),
    });
    expect(synth.json).toHaveResourceWithProperties(CloudfrontOriginAccessControl, {
      origin_access_control_origin_type: 'lambda',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
  });

  it('caches nothing of /api/*, passes the viewer\'s headers but Host, takes POST, and sends the security headers there too', () => {
    const [first] = distribution.ordered_cache_behavior;
    expect(first).toMatchObject({
      path_pattern: 'api/*',
      target_origin_id: 'api-function',
      viewer_protocol_policy: 'https-only',
      allowed_methods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
      cache_policy_id: CACHING_DISABLED_POLICY_ID,
      origin_request_policy_id: ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
      response_headers_policy_id: synth.ref('aws_cloudfront_response_headers_policy', 'id'),
    });
  });

  it('caches hashed files and index.html by their own Cache-Control under the managed CachingOptimized policy', () => {
    expect(distribution.default_cache_behavior.cache_policy_id).toBe(CACHING_OPTIMIZED_POLICY_ID);
  });

  it('keeps live/* exactly 2 s at the edge, whatever the objects say, compressed either way', () => {
    const live = distribution.ordered_cache_behavior.find((b) => b.path_pattern === 'live/*');
    expect(live?.cache_policy_id).toBe(synth.ref('aws_cloudfront_cache_policy', 'id'));
    expect(synth.json).toHaveResourceWithProperties(CloudfrontCachePolicy, {
      min_ttl: 2,
      default_ttl: 2,
      max_ttl: 2,
      parameters_in_cache_key_and_forwarded_to_origin: expect.objectContaining({ enable_accept_encoding_gzip: true, enable_accept_encoding_brotli: true }),
    });
  });

  it('answers a missing key (403 without ListBucket, or 404) with the page and a 404 status, kept 2 s', () => {
    expect(distribution.custom_error_response).toEqual([403, 404].map((code) => ({
      error_code: code,
      response_code: 404,
      response_page_path: '/index.html',
      error_caching_min_ttl: 2,
    })));
  });

  it('sends the security headers on every behaviour, with the values of core/security-headers.ts', () => {
    const policyId = synth.ref('aws_cloudfront_response_headers_policy', 'id');
    for (const behaviour of behaviours) expect(behaviour.response_headers_policy_id).toBe(policyId);
    const [policy] = synth.resources('aws_cloudfront_response_headers_policy');
    expect(headersOfPolicy(policy)).toEqual(securityHeaderFields(securityHeaders({ embedOrigins: [] })));
    expect(headersOfPolicy(policy)).toMatchObject({
      'strict-transport-security': 'max-age=63072000',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'strict-origin-when-cross-origin',
    });
    expect(headersOfPolicy(policy)['content-security-policy']).toMatch(/^default-src 'none'; .*; frame-ancestors 'none'$/);
  });

  it('lets the configured sites frame the page, and then sends no X-Frame-Options', () => {
    const embedded = synthesize({ EMBED_ORIGINS: 'https://partner.example.org' });
    const fields = headersOfPolicy(embedded.resources('aws_cloudfront_response_headers_policy')[0]);
    expect(fields['content-security-policy']).toMatch(/; frame-ancestors https:\/\/partner\.example\.org$/);
    expect(fields).not.toHaveProperty('x-frame-options');
  });

  it('uses the *.cloudfront.net certificate without a domain, where CloudFront fixes the TLS policy itself', () => {
    expect(distribution.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(distribution.aliases).toBeUndefined();
    expect((synth.raw.output as Record<string, { value: string }>).website_url.value).toBe(`https://${synth.ref('aws_cloudfront_distribution', 'domain_name')}/`);
  });

  it('outputs the distribution\'s id and domain', () => {
    const outputs = synth.raw.output as Record<string, { value: string }>;
    expect(outputs.distribution_id.value).toBe(synth.ref('aws_cloudfront_distribution', 'id'));
    expect(outputs.distribution_domain_name.value).toBe(synth.ref('aws_cloudfront_distribution', 'domain_name'));
  });

  it('takes the configured price class', () => {
    expect(synthesize({ CDN_PRICE_CLASS: 'PriceClass_100' }).json).toHaveResourceWithProperties(CloudfrontDistribution, { price_class: 'PriceClass_100' });
  });
});

describe('a custom domain with an existing certificate', () => {
  const synth = synthesize({ SITE_DOMAIN: 'live.example.com', SITE_CERTIFICATE_ARN: CERTIFICATE });

  it('serves the domain with that certificate, over TLS 1.2 or newer, by SNI', () => {
    expect(synth.json).toHaveResourceWithProperties(CloudfrontDistribution, {
      aliases: ['live.example.com'],
      viewer_certificate: { acm_certificate_arn: CERTIFICATE, ssl_support_method: 'sni-only', minimum_protocol_version: 'TLSv1.2_2021' },
    });
    expect((synth.raw.output as Record<string, { value: string }>).website_url.value).toBe('https://live.example.com/');
  });

  it('requests no certificate and writes no DNS record: the domain\'s owner points it at the distribution', () => {
    expect(synth.json).not.toHaveResource(AcmCertificate);
    expect(synth.json).not.toHaveResource(Route53Record);
    expect(synth.raw.provider.aws).toHaveLength(1);
  });
});

describe('a custom domain in a Route 53 zone', () => {
  const synth = synthesize({ SITE_DOMAIN: 'live.example.com', SITE_HOSTED_ZONE_ID: ZONE, AWS_REGION: 'eu-west-1' });
  const usEast1 = 'aws.us_east_1';

  it('requests the certificate in us-east-1 through a second provider with the stack\'s tags, whatever the stack\'s region', () => {
    const [main, second] = synth.raw.provider.aws;
    expect(main.region).toBe('eu-west-1');
    expect(second).toEqual({ ...main, alias: 'us_east_1', region: 'us-east-1' });
    expect(synth.json).toHaveResourceWithProperties(AcmCertificate, { provider: usEast1, domain_name: 'live.example.com', validation_method: 'DNS' });
    expect(synth.json).toHaveResourceWithProperties(AcmCertificateValidation, { provider: usEast1, certificate_arn: synth.ref('aws_acm_certificate', 'arn') });
  });

  it('validates it by DNS in the zone, and serves the domain only once it is issued', () => {
    const records = synth.resources('aws_route53_record') as { zone_id: string; type: string; for_each?: string; alias?: unknown }[];
    const validation = records.filter((record) => record.for_each !== undefined);
    expect(validation).toEqual([expect.objectContaining({ zone_id: ZONE, for_each: expect.stringContaining('aws_acm_certificate.') })]);
    expect(synth.json).toHaveResourceWithProperties(CloudfrontDistribution, {
      aliases: ['live.example.com'],
      viewer_certificate: expect.objectContaining({ acm_certificate_arn: synth.ref('aws_acm_certificate_validation', 'certificate_arn'), minimum_protocol_version: 'TLSv1.2_2021' }),
    });
  });

  it('points the domain at the distribution with A and AAAA alias records', () => {
    const aliases = (synth.resources('aws_route53_record') as { type: string; name: string; zone_id: string; alias?: unknown }[]).filter((r) => r.alias !== undefined);
    expect(aliases.map((r) => r.type).sort()).toEqual(['A', 'AAAA']);
    for (const record of aliases) {
      expect(record).toMatchObject({
        zone_id: ZONE,
        name: 'live.example.com',
        alias: { name: synth.ref('aws_cloudfront_distribution', 'domain_name'), zone_id: synth.ref('aws_cloudfront_distribution', 'hosted_zone_id'), evaluate_target_health: false },
      });
    }
  });
});
