import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, FIXED_TIMESTAMP, FIXTURES_DIR, normalisePlanJson, offlineOverride } from '../../scripts/offline-plan';

const files = readdirSync(FIXTURES_DIR);

describe('recorded plan fixtures', () => {
  it('exist for every case the recorder plans', () => {
    for (const { name } of CASES) expect(files).toContain(`${name}.exitcode`);
  });

  it('carry the fixed timestamp, so they only change when the plan does', () => {
    for (const file of files.filter((f) => f.endsWith('.plan.json'))) {
      expect(JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')).timestamp).toBe(FIXED_TIMESTAMP);
    }
    expect(JSON.parse(normalisePlanJson('{"timestamp":"2026-11-25T16:09:24Z","x":1}'))).toEqual({ timestamp: FIXED_TIMESTAMP, x: 1 });
  });

  it('hold neither the fake credentials nor paths of the machine that recorded them', () => {
    for (const file of files) {
      expect(readFileSync(join(FIXTURES_DIR, file), 'utf8')).not.toMatch(/AKIAFIXTURE|fixture-secret-access-key|\/tmp\/|ivs-live-fixture-/);
    }
  });
});

describe('offline plans of the site\'s variants', () => {
  type Plan = {
    resource_changes: { type: string; index?: string; change: { actions: string[]; after: Record<string, unknown> } }[];
    configuration: { provider_config: Record<string, { alias?: string; expressions: { region: { constant_value: string } } }>; root_module: { resources: { type: string; provider_config_key: string }[] } };
  };
  const plan = (name: string) => JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.plan.json`), 'utf8')) as Plan;
  const created = (p: Plan, type: string) => p.resource_changes.filter((r) => r.type === type && r.change.actions.includes('create'));

  it.each(['live-create', 'live-domain-certificate', 'live-domain-zone'])('plan %s against the real provider with changes to make', (name) => {
    expect(readFileSync(join(FIXTURES_DIR, `${name}.exitcode`), 'utf8').trim()).toBe('2');
    expect(created(plan(name), 'aws_cloudfront_distribution')).toHaveLength(1);
  });

  it('plan the default site at its CloudFront domain, and a custom domain with TLS 1.2 or newer', () => {
    const [cloudfrontDomain] = created(plan('live-create'), 'aws_cloudfront_distribution');
    expect(cloudfrontDomain.change.after.viewer_certificate).toEqual([expect.objectContaining({ cloudfront_default_certificate: true })]);
    for (const name of ['live-domain-certificate', 'live-domain-zone']) {
      const [distribution] = created(plan(name), 'aws_cloudfront_distribution');
      expect(distribution.change.after).toMatchObject({ aliases: ['live.example.com'], http_version: 'http2and3', is_ipv6_enabled: true });
      expect(distribution.change.after.viewer_certificate).toEqual([expect.objectContaining({ minimum_protocol_version: 'TLSv1.2_2021', ssl_support_method: 'sni-only' })]);
    }
  });

  it('plan the zone variant\'s certificate through the us-east-1 provider, its records through the stack\'s own', () => {
    const zone = plan('live-domain-zone');
    const providerOf = (type: string) => [...new Set(zone.configuration.root_module.resources.filter((r) => r.type === type).map((r) => r.provider_config_key))];
    expect(providerOf('aws_acm_certificate')).toEqual(['aws.us_east_1']);
    expect(providerOf('aws_acm_certificate_validation')).toEqual(['aws.us_east_1']);
    expect(providerOf('aws_route53_record')).toEqual(['aws']);
    expect(zone.configuration.provider_config['aws.us_east_1'].expressions.region.constant_value).toBe('us-east-1');
    expect(zone.configuration.provider_config.aws.expressions.region.constant_value).toBe('eu-west-1');
    // The aliases, and the validation record of the one domain (its type and value come from ACM at apply).
    const records = created(zone, 'aws_route53_record');
    expect(records.filter((r) => r.index === undefined).map((r) => r.change.after.type).sort()).toEqual(['A', 'AAAA']);
    expect(records.filter((r) => r.index !== undefined).map((r) => r.index)).toEqual(['live.example.com']);
  });

  it('make every provider block offline, the aliased one included, each in its own region', () => {
    expect(offlineOverride('http://127.0.0.1:1', [{ region: 'eu-west-1' }, { alias: 'us_east_1', region: 'us-east-1' }])).toMatchObject({
      provider: {
        aws: [
          { region: 'eu-west-1', skip_credentials_validation: true, skip_requesting_account_id: true, endpoints: [{ sts: 'http://127.0.0.1:1' }] },
          { alias: 'us_east_1', region: 'us-east-1', skip_credentials_validation: true, skip_requesting_account_id: true, endpoints: [{ sts: 'http://127.0.0.1:1' }] },
        ],
      },
    });
  });
});
