// Typed, validated configuration of the bootstrap stack (state bucket + GitHub OIDC roles), read from the environment.
// Problems are collected and reported at once, as the live configuration's are, naming the variable, the value and what is allowed.
import { DOMAIN_NAME_RULE, isDomainName } from '../core/cdn';
import { DEFAULT_LIVE_ENV } from '../core/naming';
import { Problems, withoutEmpty, type ConfigEnv } from './config-error';
import { checkEnvName, checkRegion } from './live-config';

export const OIDC_PROVIDER_MODES = ['create', 'existing'] as const;
export type OidcProviderMode = (typeof OIDC_PROVIDER_MODES)[number];
const OWNER = '[A-Za-z0-9][A-Za-z0-9-]{0,38}';
const REPO = '[A-Za-z0-9._-]{1,100}';
/**
 * The repository as GitHub spells it in the OIDC `sub` claim: `owner/repo`, or `owner@<owner id>/repo@<repo id>` for a
 * repository with immutable subject claims (GitHub's default for repositories created since 2026-07-15).
 */
export const GITHUB_REPOSITORY_PATTERN = new RegExp(`^${OWNER}/${REPO}$|^${OWNER}@[0-9]+/${REPO}@[0-9]+$`);
/** What GITHUB_REPOSITORY and --repo allow, for error messages. */
export const GITHUB_REPOSITORY_RULE = 'owner/repo as on GitHub, e.g. octo-org/ivs-live, or owner@<owner id>/repo@<repo id> for a repository with immutable OIDC subjects';

/** `owner/repo` without the immutable ids, as GitHub spells the repository in `job_workflow_ref`. */
export function repositoryName(repository: string): string {
  return repository.replace(/@[0-9]+/g, '');
}

export interface BootstrapConfig {
  /** Region of the state bucket and of every environment the roles may deploy. */
  readonly region: string;
  /** Environments (LIVE_ENV values): each gets its own deploy role, plan role, function roles and boundary. */
  readonly environments: readonly string[];
  /** Create the account's GitHub OIDC provider, or reuse the one that already exists (an account holds one per URL). */
  readonly oidcProvider: OidcProviderMode;
  /** The repository (GITHUB_REPOSITORY_PATTERN) known at synth time; otherwise the admin passes `-var github_repository=...`. */
  readonly githubRepository?: string;
  /**
   * The SITE_DOMAIN of each environment that uses SITE_HOSTED_ZONE_ID: that environment's deploy role (and no other)
   * may request its certificate and write its records.
   */
  readonly siteDomains: Readonly<Record<string, string>>;
}

/**
 * Reads AWS_REGION, BOOTSTRAP_ENVIRONMENTS (comma-separated, default LIVE_ENV or dev), GITHUB_OIDC_PROVIDER
 * (create | existing, default create), GITHUB_REPOSITORY (optional) and BOOTSTRAP_SITE_DOMAINS (comma-separated
 * `<env>=<domain>` pairs, optional).
 */
export function loadBootstrapConfig(env: ConfigEnv = process.env): BootstrapConfig {
  const vars = withoutEmpty(env);
  const problems = new Problems();
  const region = checkRegion(problems, 'AWS_REGION', vars.AWS_REGION ?? 'us-east-1');
  const environments = loadEnvironments(problems, vars.BOOTSTRAP_ENVIRONMENTS ?? vars.LIVE_ENV ?? DEFAULT_LIVE_ENV);
  const oidcProvider = vars.GITHUB_OIDC_PROVIDER ?? 'create';
  if (!(OIDC_PROVIDER_MODES as readonly string[]).includes(oidcProvider)) {
    problems.add(`GITHUB_OIDC_PROVIDER is "${oidcProvider}"; allowed: ${OIDC_PROVIDER_MODES.join(', ')} (existing reuses the account's provider)`);
  }
  const githubRepository = vars.GITHUB_REPOSITORY;
  if (githubRepository !== undefined && !GITHUB_REPOSITORY_PATTERN.test(githubRepository)) {
    problems.add(`GITHUB_REPOSITORY is "${githubRepository}"; allowed: ${GITHUB_REPOSITORY_RULE}`);
  }
  const siteDomains = loadSiteDomains(problems, vars.BOOTSTRAP_SITE_DOMAINS ?? '', environments);
  problems.throwIfAny();
  return { region, environments, oidcProvider: oidcProvider as OidcProviderMode, githubRepository, siteDomains };
}

/** `dev=dev.live.example.com,prod=live.example.com`: one domain per listed environment, at most. */
function loadSiteDomains(problems: Problems, list: string, environments: readonly string[]): Record<string, string> {
  const domains: Record<string, string> = {};
  for (const pair of list.split(',').map((item) => item.trim()).filter((item) => item !== '')) {
    const [env, domain, ...rest] = pair.split('=').map((part) => part.trim());
    const allowed = `<env>=<domain> pairs such as prod=live.example.com, each env one of BOOTSTRAP_ENVIRONMENTS (${environments.join(', ')}) once, each domain ${DOMAIN_NAME_RULE}`;
    if (domain === undefined || rest.length > 0 || !environments.includes(env) || env in domains || !isDomainName(domain)) {
      problems.add(`BOOTSTRAP_SITE_DOMAINS contains "${pair}"; allowed: ${allowed}`);
      continue;
    }
    domains[env] = domain;
  }
  return domains;
}

function loadEnvironments(problems: Problems, list: string): string[] {
  const names = list.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) problems.add(`BOOTSTRAP_ENVIRONMENTS is "${list}"; allowed: a comma-separated list of LIVE_ENV names such as dev,prod`);
  for (const name of names) {
    // LIVE_ENV's own rule decides which names are valid: one rule, one message.
    checkEnvName(problems, `BOOTSTRAP_ENVIRONMENTS contains "${name}": LIVE_ENV`, name);
  }
  const duplicates = names.filter((name, i) => names.indexOf(name) !== i);
  if (duplicates.length > 0) problems.add(`BOOTSTRAP_ENVIRONMENTS lists "${duplicates[0]}" twice; allowed: each environment once`);
  return names;
}
