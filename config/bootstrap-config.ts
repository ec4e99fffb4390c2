// Typed, validated configuration of the bootstrap stack (state bucket + GitHub OIDC roles), read from the environment.
// Problems are collected and reported at once, as the live configuration's are, naming the variable, the value and what is allowed.
import { DOMAIN_NAME_RULE, isDomainName } from '../core/cdn';
import { DEFAULT_LIVE_ENV } from '../core/naming';
import { Problems, withoutEmpty, type ConfigEnv } from './config-error';
import { checkEnvName, checkRegion } from './live-config';

export const OIDC_PROVIDER_MODES = ['create', 'existing'] as const;
export type OidcProviderMode = (typeof OIDC_PROVIDER_MODES)[number];
/** Each environment adds its ARNs to the deploy role's inline policy, which IAM caps at 10,240 characters. */
export const MAX_ENVIRONMENTS = 5;
/** `owner/repo` as GitHub spells it in the OIDC `sub` claim. */
export const GITHUB_REPOSITORY_PATTERN = new RegExp('^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$');

export interface BootstrapConfig {
  /** Region of the state bucket and of every environment the roles may deploy. */
  readonly region: string;
  /** Environments (LIVE_ENV values) the deploy role may deploy and destroy, and the plan role may plan. */
  readonly environments: readonly string[];
  /** Create the account's GitHub OIDC provider, or reuse the one that already exists (an account holds one per URL). */
  readonly oidcProvider: OidcProviderMode;
  /** `owner/repo` known at synth time (GITHUB_REPOSITORY); otherwise the admin passes `-var github_repository=...`. */
  readonly githubRepository?: string;
  /** SITE_DOMAIN values of environments with SITE_HOSTED_ZONE_ID: the deploy role may request their certificates and write their records. */
  readonly siteDomains: readonly string[];
}

/**
 * Reads AWS_REGION, BOOTSTRAP_ENVIRONMENTS (comma-separated, default LIVE_ENV or dev), GITHUB_OIDC_PROVIDER
 * (create | existing, default create), GITHUB_REPOSITORY (optional) and BOOTSTRAP_SITE_DOMAINS (comma-separated, optional).
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
    problems.add(`GITHUB_REPOSITORY is "${githubRepository}"; allowed: owner/repo as on GitHub, e.g. octo-org/ivs-live`);
  }
  const siteDomains = (vars.BOOTSTRAP_SITE_DOMAINS ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  for (const name of siteDomains.filter((d) => !isDomainName(d))) problems.add(`BOOTSTRAP_SITE_DOMAINS contains "${name}"; allowed: ${DOMAIN_NAME_RULE}`);
  problems.throwIfAny();
  return { region, environments, oidcProvider: oidcProvider as OidcProviderMode, githubRepository, siteDomains: [...new Set(siteDomains)] };
}

function loadEnvironments(problems: Problems, list: string): string[] {
  const names = list.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) problems.add(`BOOTSTRAP_ENVIRONMENTS is "${list}"; allowed: a comma-separated list of LIVE_ENV names such as dev,prod`);
  for (const name of names) {
    // LIVE_ENV's own rule decides which names are valid: one rule, one message.
    checkEnvName(problems, `BOOTSTRAP_ENVIRONMENTS contains "${name}": LIVE_ENV`, name);
  }
  if (names.length > MAX_ENVIRONMENTS) {
    problems.add(`BOOTSTRAP_ENVIRONMENTS lists ${names.length} environments; allowed: at most ${MAX_ENVIRONMENTS} (IAM's inline policy size limit)`);
  }
  const duplicates = names.filter((name, i) => names.indexOf(name) !== i);
  if (duplicates.length > 0) problems.add(`BOOTSTRAP_ENVIRONMENTS lists "${duplicates[0]}" twice; allowed: each environment once`);
  return names;
}
