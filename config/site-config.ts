// The site's HTTPS front, read from the environment: an optional custom domain and where its certificate comes from,
// the CDN's edge locations, and the sites allowed to embed the page. Problems go to the caller's collector, so synth
// reports them with every other variable's.
import { CDN_CERTIFICATE_REGION, DOMAIN_NAME_RULE, isDomainName } from '../core/cdn';
import { Problems, withoutEmpty, type ConfigEnv } from './config-error';
import type { LiveConfigEnv } from './live-variables';

/** CloudFront's price classes, from every edge location to the cheapest regions only. */
export const PRICE_CLASSES = ['PriceClass_All', 'PriceClass_200', 'PriceClass_100'] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];
/**
 * Each embedding site lengthens the Content-Security-Policy, whose length CloudFront caps
 * (TooLongCSPInResponseHeadersPolicy); ten origins of at most 100 characters stay far below the cap.
 */
export const MAX_EMBED_ORIGINS = 10;
const MAX_EMBED_ORIGIN_LENGTH = 100;

/** A custom domain, with a certificate that exists or one the stack requests and validates in a Route 53 zone. */
export type SiteDomain =
  | { readonly name: string; readonly certificateArn: string }
  | { readonly name: string; readonly hostedZoneId: string };

export interface SiteConfig {
  /** Undefined: the site is served at its CloudFront domain, https://<id>.cloudfront.net. */
  readonly domain?: SiteDomain;
  readonly priceClass: PriceClass;
  /** Sites allowed to show the page in a frame (https origins); empty: no site may. */
  readonly embedOrigins: readonly string[];
}

const ACM_CERTIFICATE_ARN = /^arn:aws:acm:([a-z]{2}(?:-[a-z]+)+-\d):\d{12}:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HOSTED_ZONE_ID = /^Z[0-9A-Z]{1,31}$/;
const EMBED_ORIGIN = /^https:\/\/(\*\.)?([^/:]+)(:\d{1,5})?$/;
const EMBED_ORIGIN_RULE = `a comma-separated list of at most ${MAX_EMBED_ORIGINS} https origins, such as https://partner.example.com or https://*.example.com (scheme and host, an optional port, no path)`;

export function readSiteConfig(problems: Problems, vars: LiveConfigEnv): SiteConfig {
  return {
    domain: readDomain(problems, vars),
    priceClass: problems.oneOf('CDN_PRICE_CLASS', vars.CDN_PRICE_CLASS ?? 'PriceClass_All', PRICE_CLASSES),
    embedOrigins: readEmbedOrigins(problems, vars.EMBED_ORIGINS),
  };
}

function readDomain(problems: Problems, vars: LiveConfigEnv): SiteDomain | undefined {
  const { SITE_DOMAIN: name, SITE_CERTIFICATE_ARN: certificateArn, SITE_HOSTED_ZONE_ID: hostedZoneId } = vars;
  if (certificateArn !== undefined) checkCertificateArn(problems, certificateArn);
  if (hostedZoneId !== undefined) {
    problems.check('SITE_HOSTED_ZONE_ID', hostedZoneId, (v) => HOSTED_ZONE_ID.test(v), 'a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (without /hostedzone/)');
  }
  if (name === undefined) {
    for (const [variable, value] of [['SITE_CERTIFICATE_ARN', certificateArn], ['SITE_HOSTED_ZONE_ID', hostedZoneId]] as const) {
      if (value !== undefined) problems.add(`${variable} is set but SITE_DOMAIN is not; set SITE_DOMAIN too, or unset ${variable} to serve the site at its CloudFront domain`);
    }
    return undefined;
  }
  problems.check('SITE_DOMAIN', name, isDomainName, DOMAIN_NAME_RULE);
  if (certificateArn !== undefined && hostedZoneId !== undefined) {
    problems.add('SITE_CERTIFICATE_ARN and SITE_HOSTED_ZONE_ID are both set; set one: the certificate to use, or the Route 53 zone to request one in');
  } else if (certificateArn === undefined && hostedZoneId === undefined) {
    problems.add(`SITE_DOMAIN is set but neither SITE_CERTIFICATE_ARN nor SITE_HOSTED_ZONE_ID is; set one: an ACM certificate for ${name} in ${CDN_CERTIFICATE_REGION}, or the Route 53 zone of ${name} to request one in`);
  }
  if (certificateArn !== undefined) return { name, certificateArn };
  return hostedZoneId === undefined ? undefined : { name, hostedZoneId };
}

function checkCertificateArn(problems: Problems, arn: string): void {
  const region = ACM_CERTIFICATE_ARN.exec(arn)?.[1];
  if (region === undefined) {
    problems.add(`SITE_CERTIFICATE_ARN is "${arn}"; allowed: an ACM certificate ARN, arn:aws:acm:${CDN_CERTIFICATE_REGION}:<12-digit account>:certificate/<id>`);
  } else if (region !== CDN_CERTIFICATE_REGION) {
    problems.add(`SITE_CERTIFICATE_ARN is "${arn}", a certificate in ${region}; allowed: a certificate in ${CDN_CERTIFICATE_REGION}, the only region CloudFront takes certificates from`);
  }
}

/** EMBED_ORIGINS alone, for `npm start`: the preview refuses framing as the CDN would, with the same rule. */
export function loadEmbedOrigins(env: ConfigEnv): readonly string[] {
  const problems = new Problems();
  const origins = readEmbedOrigins(problems, withoutEmpty(env).EMBED_ORIGINS);
  problems.throwIfAny();
  return origins;
}

function readEmbedOrigins(problems: Problems, list: string | undefined): string[] {
  const origins = (list ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  for (const origin of origins.filter((o) => !isEmbedOrigin(o))) problems.add(`EMBED_ORIGINS contains "${origin}"; allowed: ${EMBED_ORIGIN_RULE}`);
  if (origins.length > MAX_EMBED_ORIGINS) problems.add(`EMBED_ORIGINS lists ${origins.length} origins; allowed: ${EMBED_ORIGIN_RULE}`);
  return [...new Set(origins)];
}

/** `https://host[:port]` or `https://*.host`: what CSP frame-ancestors takes, limited to HTTPS sites. */
export function isEmbedOrigin(origin: string): boolean {
  const match = EMBED_ORIGIN.exec(origin);
  if (match === null || origin.length > MAX_EMBED_ORIGIN_LENGTH) return false;
  const port = match[3] === undefined ? 443 : Number(match[3].slice(1));
  return isDomainName(match[2]) && port >= 1 && port <= 65_535;
}
