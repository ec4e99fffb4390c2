import { loadBootstrapConfig } from '../../config/bootstrap-config';
import { configProblems } from '../../testing/config-problems';

const problemsOf = (vars: Record<string, string>) => configProblems(() => loadBootstrapConfig(vars));

describe('loadBootstrapConfig', () => {
  it('defaults to us-east-1, the dev environment, a new OIDC provider and no repository', () => {
    expect(loadBootstrapConfig({})).toEqual({ region: 'us-east-1', environments: ['dev'], oidcProvider: 'create', githubRepository: undefined, siteDomains: [] });
  });

  it('takes the custom domains the pipeline may certify and point at the site, with SITE_DOMAIN\'s rule', () => {
    expect(loadBootstrapConfig({ BOOTSTRAP_SITE_DOMAINS: 'live.example.com, dev.live.example.com,live.example.com' }).siteDomains).toEqual(['live.example.com', 'dev.live.example.com']);
    expect(problemsOf({ BOOTSTRAP_SITE_DOMAINS: 'live.example.com,*.example.com' })).toEqual([
      expect.stringMatching(/^BOOTSTRAP_SITE_DOMAINS contains "\*.example.com"; allowed: a lowercase DNS name such as live.example.com/),
    ]);
  });

  it('treats empty variables as unset, as GitHub passes unset repository variables', () => {
    expect(loadBootstrapConfig({ AWS_REGION: '', BOOTSTRAP_ENVIRONMENTS: '', LIVE_ENV: '', GITHUB_REPOSITORY: '' })).toEqual(loadBootstrapConfig({}));
  });

  it('takes the environments from BOOTSTRAP_ENVIRONMENTS, else LIVE_ENV', () => {
    expect(loadBootstrapConfig({ BOOTSTRAP_ENVIRONMENTS: ' dev, prod ' }).environments).toEqual(['dev', 'prod']);
    expect(loadBootstrapConfig({ LIVE_ENV: 'staging' }).environments).toEqual(['staging']);
  });

  it('reads GITHUB_REPOSITORY and the OIDC provider mode', () => {
    expect(loadBootstrapConfig({ GITHUB_REPOSITORY: 'octo-org/ivs-live', GITHUB_OIDC_PROVIDER: 'existing' })).toMatchObject({
      githubRepository: 'octo-org/ivs-live',
      oidcProvider: 'existing',
    });
  });

  it('rejects an environment name the live stack would reject, with the live stack\'s own rule', () => {
    expect(problemsOf({ BOOTSTRAP_ENVIRONMENTS: 'dev,Prod_1' })).toEqual([
      expect.stringMatching(/^BOOTSTRAP_ENVIRONMENTS contains "Prod_1": LIVE_ENV is "Prod_1"; allowed: 1 to 20 lowercase letters/),
    ]);
  });

  it('reports every problem at once, naming the variable, the value and what is allowed', () => {
    expect(problemsOf({ AWS_REGION: 'sa-east-1', GITHUB_OIDC_PROVIDER: 'reuse', GITHUB_REPOSITORY: 'just-a-name', BOOTSTRAP_ENVIRONMENTS: 'dev,dev' })).toEqual([
      expect.stringMatching(/^AWS_REGION is "sa-east-1"; allowed: a region with Amazon IVS low-latency streaming: us-east-1, /),
      'BOOTSTRAP_ENVIRONMENTS lists "dev" twice; allowed: each environment once',
      'GITHUB_OIDC_PROVIDER is "reuse"; allowed: create, existing (existing reuses the account\'s provider)',
      'GITHUB_REPOSITORY is "just-a-name"; allowed: owner/repo as on GitHub, e.g. octo-org/ivs-live',
    ]);
  });

  it('rejects an empty environment list and more environments than the deploy policy can hold', () => {
    expect(problemsOf({ BOOTSTRAP_ENVIRONMENTS: ' , ' })).toEqual([expect.stringMatching(/^BOOTSTRAP_ENVIRONMENTS is " , "; allowed: a comma-separated list/)]);
    expect(problemsOf({ BOOTSTRAP_ENVIRONMENTS: 'a,b,c,d,e,f' })).toEqual([
      "BOOTSTRAP_ENVIRONMENTS lists 6 environments; allowed: at most 5 (IAM's inline policy size limit)",
    ]);
  });
});
