// The HTTPS front's variables: a custom domain with exactly one way to its certificate, the edge locations and the
// sites allowed to embed the page; every bad value refused at synth under its variable's name.
import { loadConfig } from '../../config/live-config';
import { type ConfigEnv } from '../../config/config-error';
import { isEmbedOrigin, loadEmbedOrigins, MAX_EMBED_ORIGINS } from '../../config/site-config';
import { configProblems } from '../../testing/config-problems';

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab';
const ZONE = 'Z0123456789ABCDEFGHIJ';
const problemsOf = (vars: ConfigEnv) => configProblems(() => loadConfig(vars)).join('\n');

describe('the site configuration', () => {
  it('serves the site at its CloudFront domain, from every edge location, framed by no site, when nothing is set', () => {
    expect(loadConfig({}).site).toEqual({ domain: undefined, priceClass: 'PriceClass_All', embedOrigins: [] });
  });

  it('takes a domain with an existing certificate, or with the Route 53 zone to request one in', () => {
    expect(loadConfig({ SITE_DOMAIN: 'live.example.com', SITE_CERTIFICATE_ARN: CERTIFICATE }).site.domain).toEqual({ name: 'live.example.com', certificateArn: CERTIFICATE });
    expect(loadConfig({ SITE_DOMAIN: 'live.example.com', SITE_HOSTED_ZONE_ID: ZONE }).site.domain).toEqual({ name: 'live.example.com', hostedZoneId: ZONE });
  });

  it('takes a cheaper price class and a list of embedding sites', () => {
    const site = loadConfig({ CDN_PRICE_CLASS: 'PriceClass_100', EMBED_ORIGINS: 'https://partner.example.org, https://*.example.com:8443' }).site;
    expect(site).toMatchObject({ priceClass: 'PriceClass_100', embedOrigins: ['https://partner.example.org', 'https://*.example.com:8443'] });
  });

  it('refuses a malformed domain', () => {
    expect(problemsOf({ SITE_DOMAIN: 'Live.Example.com.', SITE_HOSTED_ZONE_ID: ZONE })).toMatch(/SITE_DOMAIN is "Live.Example.com."; allowed: a lowercase DNS name such as live.example.com/);
  });

  it('refuses a certificate outside us-east-1, saying where it is', () => {
    const arn = CERTIFICATE.replace('us-east-1', 'eu-west-1');
    expect(problemsOf({ SITE_DOMAIN: 'live.example.com', SITE_CERTIFICATE_ARN: arn })).toBe(
      `SITE_CERTIFICATE_ARN is "${arn}", a certificate in eu-west-1; allowed: a certificate in us-east-1, the only region CloudFront takes certificates from`,
    );
  });

  it('refuses something that is not an ACM certificate ARN', () => {
    expect(problemsOf({ SITE_DOMAIN: 'live.example.com', SITE_CERTIFICATE_ARN: 'arn:aws:iam::123456789012:server-certificate/live' })).toMatch(
      /^SITE_CERTIFICATE_ARN is "arn:aws:iam::123456789012:server-certificate\/live"; allowed: an ACM certificate ARN, arn:aws:acm:us-east-1:/,
    );
  });

  it('refuses both ways to a certificate at once, and neither', () => {
    expect(problemsOf({ SITE_DOMAIN: 'live.example.com', SITE_CERTIFICATE_ARN: CERTIFICATE, SITE_HOSTED_ZONE_ID: ZONE })).toMatch(/SITE_CERTIFICATE_ARN and SITE_HOSTED_ZONE_ID are both set; set one/);
    expect(problemsOf({ SITE_DOMAIN: 'live.example.com' })).toMatch(/SITE_DOMAIN is set but neither SITE_CERTIFICATE_ARN nor SITE_HOSTED_ZONE_ID is; set one/);
  });

  it('refuses a certificate or zone without a domain', () => {
    expect(problemsOf({ SITE_CERTIFICATE_ARN: CERTIFICATE })).toMatch(/SITE_CERTIFICATE_ARN is set but SITE_DOMAIN is not/);
    expect(problemsOf({ SITE_HOSTED_ZONE_ID: ZONE })).toMatch(/SITE_HOSTED_ZONE_ID is set but SITE_DOMAIN is not/);
  });

  it('refuses a malformed zone id, such as the console\'s /hostedzone/ path', () => {
    expect(problemsOf({ SITE_DOMAIN: 'live.example.com', SITE_HOSTED_ZONE_ID: `/hostedzone/${ZONE}` })).toMatch(
      new RegExp(`SITE_HOSTED_ZONE_ID is "/hostedzone/${ZONE}"; allowed: a Route 53 hosted zone id`),
    );
  });

  it('refuses a price class CloudFront does not have', () => {
    expect(problemsOf({ CDN_PRICE_CLASS: 'PriceClass_50' })).toBe('CDN_PRICE_CLASS is "PriceClass_50"; allowed: PriceClass_All, PriceClass_200, PriceClass_100');
  });

  it('refuses embedding origins that are not https origins, naming each, and too many of them', () => {
    const problems = problemsOf({ EMBED_ORIGINS: 'http://partner.example.org,https://partner.example.org/page,*,https://ok.example.org' });
    expect(problems).toMatch(/EMBED_ORIGINS contains "http:\/\/partner.example.org"; allowed: a comma-separated list of at most 10 https origins/);
    expect(problems).toMatch(/EMBED_ORIGINS contains "https:\/\/partner.example.org\/page"/);
    expect(problems).toMatch(/EMBED_ORIGINS contains "\*"/);
    expect(problems).not.toMatch(/ok.example.org/);
    const many = Array.from({ length: MAX_EMBED_ORIGINS + 1 }, (_, i) => `https://site${i}.example.org`).join(',');
    expect(problemsOf({ EMBED_ORIGINS: many })).toMatch(/EMBED_ORIGINS lists 11 origins; allowed/);
  });

  it('reports every problem of the site variables at once', () => {
    const problems = configProblems(() => loadConfig({ SITE_DOMAIN: 'x', SITE_HOSTED_ZONE_ID: 'nope', CDN_PRICE_CLASS: 'all', EMBED_ORIGINS: 'ftp://x' }));
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['SITE_HOSTED_ZONE_ID', 'SITE_DOMAIN', 'CDN_PRICE_CLASS', 'EMBED_ORIGINS']);
  });
});

describe('isEmbedOrigin', () => {
  it.each(['https://partner.example.org', 'https://*.example.com', 'https://partner.example.org:8443'])('accepts %s', (origin) => {
    expect(isEmbedOrigin(origin)).toBe(true);
  });

  it.each(['http://partner.example.org', 'https://partner.example.org/', "'self'", 'https://*', 'https://partner.example.org:0', 'https://user@partner.example.org', 'partner.example.org'])(
    'rejects %s',
    (origin) => {
      expect(isEmbedOrigin(origin)).toBe(false);
    },
  );
});

describe('loadEmbedOrigins', () => {
  it('reads EMBED_ORIGINS alone, as npm start does, with the same rule', () => {
    expect(loadEmbedOrigins({ EMBED_ORIGINS: 'https://partner.example.org', SITE_DOMAIN: 'not checked here' })).toEqual(['https://partner.example.org']);
    expect(configProblems(() => loadEmbedOrigins({ EMBED_ORIGINS: 'http://x.example.org' }))).toEqual([expect.stringMatching(/^EMBED_ORIGINS contains "http:\/\/x.example.org"/)]);
  });
});
