// What an environment's pipeline roles may do to the site's HTTPS front (stacks/policies/pipeline-permissions.ts):
// CloudFront by the stack's tags, the certificate and DNS records of the environment's own domain only (the bootstrap
// lists one per environment), no invalidations.
import { Testing } from 'cdktf';
import { BOOTSTRAP_STACK_NAME } from '../../core/naming';
import { loadBootstrapConfig } from '../../config/bootstrap-config';
import { BootstrapStack } from '../../stacks/bootstrap-stack';
import { deployStatements, planStatements, policySize, ROLE_POLICY_MAX_CHARS, type PolicyScope } from '../../stacks/policies/pipeline-permissions';
import { readSynth } from '../../testing/synthesized';

type Condition = { test: string; variable: string; values: string[] };
type Statement = { sid?: string; actions?: string[]; resources?: string[]; condition?: Condition[] };

const SCOPE: PolicyScope = { accountId: '123456789012', region: 'eu-west-1', stateBucket: 'tfstate-ivs-live-123456789012-eu-west-1', env: 'prod' };
const DOMAIN = 'live.example.com';
const deploy = (scope: Partial<PolicyScope> = {}) => deployStatements({ ...SCOPE, ...scope }) as Statement[];
const plan = (scope: Partial<PolicyScope> = {}) => planStatements({ ...SCOPE, ...scope }) as Statement[];
const withAction = (statements: Statement[], action: string) => statements.filter((s) => s.actions?.includes(action));
/** Whether an IAM StringLike pattern (`*` any run of characters) matches a value. */
const like = (pattern: string, value: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(value);

describe('the pipeline roles on the site front', () => {
  it('create distributions only with the project\'s and the environment\'s tags, and touch only distributions that carry them', () => {
    const requestTags = [
      { test: 'StringEquals', variable: 'aws:RequestTag/Project', values: ['ivs-live'] },
      { test: 'StringEquals', variable: 'aws:RequestTag/Environment', values: ['prod'] },
    ];
    expect(withAction(deploy(), 'cloudfront:CreateDistribution')).toEqual([expect.objectContaining({ resources: ['*'], condition: requestTags })]);
    for (const action of ['cloudfront:UpdateDistribution', 'cloudfront:DeleteDistribution', 'cloudfront:GetDistribution', 'cloudfront:UntagResource']) {
      expect(withAction(deploy(), action)).toEqual([
        expect.objectContaining({
          resources: ['arn:aws:cloudfront::123456789012:distribution/*'],
          condition: requestTags.map((c) => ({ ...c, variable: c.variable.replace('RequestTag', 'ResourceTag') })),
        }),
      ]);
    }
  });

  it('never invalidate the CDN\'s cache: nothing needs it', () => {
    expect([...deploy({ siteDomain: DOMAIN }), ...plan({ siteDomain: DOMAIN })].flatMap((s) => s.actions ?? [])).not.toContain('cloudfront:CreateInvalidation');
  });

  it('let the plan role read the distribution, its policies and the certificate, and change none of them', () => {
    const actions = plan({ siteDomain: DOMAIN }).flatMap((s) => s.actions ?? []).filter((a) => /^(cloudfront|acm|route53):/.test(a));
    expect(actions.sort()).toEqual([
      'acm:DescribeCertificate', 'acm:ListTagsForCertificate', 'cloudfront:GetCachePolicy', 'cloudfront:GetDistribution',
      'cloudfront:GetOriginAccessControl', 'cloudfront:GetResponseHeadersPolicy', 'cloudfront:ListTagsForResource',
      'route53:GetChange', 'route53:GetHostedZone', 'route53:ListResourceRecordSets',
    ]);
  });

  it('request a certificate only for the environment\'s domain, with the stack\'s tags, and manage only tagged ones in us-east-1', () => {
    const [request] = withAction(deploy({ siteDomain: DOMAIN }), 'acm:RequestCertificate');
    expect(request.condition).toContainEqual({ test: 'ForAllValues:StringEquals', variable: 'acm:DomainNames', values: [DOMAIN] });
    expect(request.condition).toContainEqual({ test: 'StringEquals', variable: 'aws:RequestTag/Environment', values: ['prod'] });
    expect(request.condition).toContainEqual({ test: 'StringEquals', variable: 'aws:RequestTag/Project', values: ['ivs-live'] });
    expect(withAction(deploy(), 'acm:DeleteCertificate')).toEqual([
      expect.objectContaining({ resources: ['arn:aws:acm:us-east-1:123456789012:certificate/*'] }),
    ]);
  });

  it('write only A and AAAA records of the environment\'s domain and its certificate\'s validation record', () => {
    const [change] = withAction(deploy({ siteDomain: DOMAIN }), 'route53:ChangeResourceRecordSets');
    const names = change.condition?.find((c) => c.variable === 'route53:ChangeResourceRecordSetsNormalizedRecordNames');
    const types = change.condition?.find((c) => c.variable === 'route53:ChangeResourceRecordSetsRecordTypes');
    expect(names?.test).toBe('ForAllValues:StringLike');
    expect(types).toEqual({ test: 'ForAllValues:StringEquals', variable: 'route53:ChangeResourceRecordSetsRecordTypes', values: ['A', 'AAAA', 'CNAME'] });
    const allowed = (name: string) => names!.values.some((pattern) => like(pattern, name));
    // Route 53's normalized names: lowercase, no trailing dot; ACM's validation record is _<token>.<domain>.
    expect(allowed('live.example.com')).toBe(true);
    expect(allowed('_3f7c2a9b41d5e8f6a0b1c2d3e4f5a6b7.live.example.com')).toBe(true);
    expect(allowed('dev.live.example.com')).toBe(false);
    expect(allowed('www.example.com')).toBe(false);
    expect(allowed('example.com')).toBe(false);
    expect(allowed('mail.live.example.com')).toBe(false);
  });

  it('give no Route 53 access and request no certificate when the bootstrap lists no domain for the environment', () => {
    const actions = [...deploy(), ...plan()].flatMap((s) => s.actions ?? []);
    expect(actions.filter((a) => a.startsWith('route53:'))).toEqual([]);
    expect(actions).not.toContain('acm:RequestCertificate');
  });
});

describe('one environment\'s domain in the bootstrap', () => {
  it('goes to that environment\'s deploy role only: dev cannot certify or point prod\'s domain', () => {
    const config = loadBootstrapConfig({ BOOTSTRAP_ENVIRONMENTS: 'dev,prod', BOOTSTRAP_SITE_DOMAINS: 'prod=live.example.com,dev=dev.live.example.com' });
    const synth = readSynth(Testing.synth(new BootstrapStack(Testing.app(), BOOTSTRAP_STACK_NAME, { config })));
    const namesOf = (env: string) => {
      const [id, doc] = Object.entries<{ statement: Statement[] }>(synth.raw.data.aws_iam_policy_document).find(([name]) => name.startsWith(`${env}_pipeline_deploy-permissions`))!;
      const change = doc.statement.find((s) => s.actions?.includes('route53:ChangeResourceRecordSets'));
      expect(id).toBeDefined();
      return change?.condition?.find((c) => c.variable === 'route53:ChangeResourceRecordSetsNormalizedRecordNames')?.values;
    };
    expect(namesOf('prod')).toEqual(['live.example.com', '_*.live.example.com']);
    expect(namesOf('dev')).toEqual(['dev.live.example.com', '_*.dev.live.example.com']);
  });

  it('is refused for an environment the bootstrap does not list, twice for one environment, or when malformed', () => {
    expect(() => loadBootstrapConfig({ BOOTSTRAP_ENVIRONMENTS: 'dev', BOOTSTRAP_SITE_DOMAINS: 'prod=live.example.com' })).toThrow(/BOOTSTRAP_SITE_DOMAINS contains "prod=live.example.com"; allowed: <env>=<domain> pairs/);
    expect(() => loadBootstrapConfig({ BOOTSTRAP_ENVIRONMENTS: 'dev', BOOTSTRAP_SITE_DOMAINS: 'dev=a.example.com,dev=b.example.com' })).toThrow(/contains "dev=b.example.com"/);
    expect(() => loadBootstrapConfig({ BOOTSTRAP_ENVIRONMENTS: 'dev', BOOTSTRAP_SITE_DOMAINS: 'live.example.com' })).toThrow(/contains "live.example.com"/);
  });
});

describe('the size of an environment\'s pipeline roles\' policies', () => {
  it('stays within IAM\'s limit with the longest environment name and a long domain', () => {
    const longest = { env: 'a'.repeat(20), siteDomain: `${'b'.repeat(50)}.example.com` };
    expect(policySize(deploy(longest))).toBeLessThanOrEqual(ROLE_POLICY_MAX_CHARS);
    expect(policySize(plan(longest))).toBeLessThanOrEqual(ROLE_POLICY_MAX_CHARS);
  });

  it('counts what IAM counts: the policy\'s JSON without whitespace, conditions grouped by operator', () => {
    const statement = { sid: 'S', effect: 'Allow', actions: ['a:B'], resources: ['*'], condition: [
      { test: 'StringEquals', variable: 'k1', values: ['v'] },
      { test: 'StringEquals', variable: 'k2', values: ['w'] },
    ] };
    const json = '{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow","Action":["a:B"],"Resource":["*"],"Condition":{"StringEquals":{"k1":["v"],"k2":["w"]}}}]}';
    expect(policySize([statement])).toBe(json.length);
  });
});
