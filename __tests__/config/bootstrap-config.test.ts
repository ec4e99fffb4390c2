import { loadBootstrapConfig } from '../../config/bootstrap-config';
import { configProblems } from '../../testing/config-problems';

const problemsOf = (vars: Record<string, string>) => configProblems(() => loadBootstrapConfig(vars));

describe('loadBootstrapConfig', () => {
  it('defaults to us-east-1, the dev environment, a new OIDC provider and no repository', () => {
    expect(loadBootstrapConfig({})).toEqual({ region: 'us-east-1', environments: ['dev'], oidcProvider: 'create', githubRepository: undefined, siteDomains: {} });
  });

  it('takes the custom domain each environment\'s pipeline may certify and point at the site, with SITE_DOMAIN\'s rule', () => {
    expect(loadBootstrapConfig({ BOOTSTRAP_ENVIRONMENTS: 'dev,prod', BOOTSTRAP_SITE_DOMAINS: 'prod=live.example.com, dev = dev.live.example.com' }).siteDomains)
      .toEqual({ prod: 'live.example.com', dev: 'dev.live.example.com' });
    expect(problemsOf({ BOOTSTRAP_ENVIRONMENTS: 'dev', BOOTSTRAP_SITE_DOMAINS: 'dev=live.example.com,dev=*.example.com' })).toEqual([
      expect.stringMatching(/^BOOTSTRAP_SITE_DOMAINS contains "dev=\*.example.com"; allowed: <env>=<domain> pairs .* each domain a lowercase DNS name such as live.example.com/),
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

  it('reads a repository with immutable subject claims, owner and repository ids included', () => {
    expect(loadBootstrapConfig({ GITHUB_REPOSITORY: 'octo-org@123456/ivs-live@789012' }).githubRepository).toBe('octo-org@123456/ivs-live@789012');
    expect(problemsOf({ GITHUB_REPOSITORY: 'octo-org@123456/ivs-live' })).toEqual([expect.stringContaining('GITHUB_REPOSITORY is "octo-org@123456/ivs-live"; allowed: owner/repo')]);
  });

  it('rejects an environment name the live stack would reject, with the live stack\'s own rule', () => {
    expect(problemsOf({ BOOTSTRAP_ENVIRONMENTS: 'dev,Prod_1' })).toEqual([
      expect.stringMatching(/^BOOTSTRAP_ENVIRONMENTS contains "Prod_1": LIVE_ENV is "Prod_1"; allowed: 1 to 20 lowercase letters/),
    ]);
  });

  it('rejects an environment name holding the name separator, so no environment\'s names can prefix another\'s', () => {
    expect(problemsOf({ BOOTSTRAP_ENVIRONMENTS: 'dev,dev--x' })).toEqual([
      expect.stringMatching(/^BOOTSTRAP_ENVIRONMENTS contains "dev--x": LIVE_ENV is "dev--x"; allowed: .*"--" separates the environment/),
    ]);
    expect(loadBootstrapConfig({ BOOTSTRAP_ENVIRONMENTS: 'dev,dev-x' }).environments).toEqual(['dev', 'dev-x']);
  });

  it('reports every problem at once, naming the variable, the value and what is allowed', () => {
    expect(problemsOf({ AWS_REGION: 'sa-east-1', GITHUB_OIDC_PROVIDER: 'reuse', GITHUB_REPOSITORY: 'just-a-name', BOOTSTRAP_ENVIRONMENTS: 'dev,dev' })).toEqual([
      expect.stringMatching(/^AWS_REGION is "sa-east-1"; allowed: a region with Amazon IVS low-latency streaming: us-east-1, /),
      'BOOTSTRAP_ENVIRONMENTS lists "dev" twice; allowed: each environment once',
      'GITHUB_OIDC_PROVIDER is "reuse"; allowed: create, existing (existing reuses the account\'s provider)',
      expect.stringMatching(/^GITHUB_REPOSITORY is "just-a-name"; allowed: owner\/repo as on GitHub, e.g. octo-org\/ivs-live, or owner@<owner id>/),
    ]);
  });

  it('rejects an empty environment list', () => {
    expect(problemsOf({ BOOTSTRAP_ENVIRONMENTS: ' , ' })).toEqual([expect.stringMatching(/^BOOTSTRAP_ENVIRONMENTS is " , "; allowed: a comma-separated list/)]);
  });
});
