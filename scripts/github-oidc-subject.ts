// GitHub's OIDC subject customization for the repository: the claim keys the pipeline roles' trust expects in `sub`
// (stacks/policies/github-trust.ts), as the `gh` commands an admin runs, or set through the REST API when
// `npm run bootstrap` has a GITHUB_TOKEN. Pure but for the injected fetch.
import { repositoryName } from '../config/bootstrap-config';
import { OIDC_SUBJECT_CLAIM_KEYS } from '../stacks/policies/github-trust';

const API = 'https://api.github.com';

export class SubjectCustomizationError extends Error {
  override name = 'SubjectCustomizationError';
}

/** The request body of PUT /repos/{owner}/{repo}/actions/oidc/customization/sub. */
export function subjectCustomizationBody(): { use_default: false; include_claim_keys: string[] } {
  return { use_default: false, include_claim_keys: [...OIDC_SUBJECT_CLAIM_KEYS] };
}

/** The `sub` prefix the roles' trust expects: `repo:` and the repository as given to --repo (names, or names and ids). */
export function expectedSubjectPrefix(repository: string): string {
  return `repo:${repository}`;
}

/** The commands that set the customization, check which `sub` prefix GitHub now issues, and find the repository's ids. */
export function subjectCustomizationCommands(repository: string): string[] {
  const path = `repos/${repositoryName(repository)}/actions/oidc/customization/sub`;
  return [
    `gh api --method PUT ${path} -F use_default=false ${OIDC_SUBJECT_CLAIM_KEYS.map((key) => `-f 'include_claim_keys[]=${key}'`).join(' ')}`,
    `gh api ${path} --jq .sub_claim_prefix   # must print ${expectedSubjectPrefix(repository)}`,
    '# If it prints repo:owner@<id>/repo@<id> (immutable subjects, the default for repositories created since',
    `# 2026-07-15), run npm run bootstrap again with --repo owner@<id>/repo@<id>, as printed by:`,
    `gh api repos/${repositoryName(repository)} --jq '"\\(.owner.login)@\\(.owner.id)/\\(.name)@\\(.id)"'`,
  ];
}

export type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<{
  readonly ok: boolean;
  readonly status: number;
  json(): Promise<unknown>;
}>;

/**
 * Sets the customization with `token` and reads back the `sub` prefix GitHub issues; throws when GitHub refuses or
 * when that prefix is not the one the trust expects (the repository has immutable subjects and --repo lacks the ids).
 */
export async function applySubjectCustomization(repository: string, token: string, fetch: Fetch): Promise<string | undefined> {
  const url = `${API}/repos/${repositoryName(repository)}/actions/oidc/customization/sub`;
  const headers = { accept: 'application/vnd.github+json', authorization: `Bearer ${token}`, 'x-github-api-version': '2022-11-28' };
  const put = await fetch(url, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(subjectCustomizationBody()) });
  if (!put.ok) {
    throw new SubjectCustomizationError(`GitHub refused the OIDC subject customization of ${repositoryName(repository)} (HTTP ${put.status}); the token needs admin rights on the repository, or run the printed gh commands`);
  }
  const get = await fetch(url, { method: 'GET', headers });
  if (!get.ok) throw new SubjectCustomizationError(`cannot read back the OIDC subject customization (HTTP ${get.status})`);
  const body = (await get.json()) as { sub_claim_prefix?: unknown; include_claim_keys?: unknown };
  const keys = Array.isArray(body.include_claim_keys) ? body.include_claim_keys : [];
  if (keys.join(',') !== OIDC_SUBJECT_CLAIM_KEYS.join(',')) {
    throw new SubjectCustomizationError(`GitHub reports the claim keys [${keys.join(', ')}], not [${OIDC_SUBJECT_CLAIM_KEYS.join(', ')}]`);
  }
  const prefix = typeof body.sub_claim_prefix === 'string' ? body.sub_claim_prefix : undefined;
  if (prefix !== undefined && prefix !== expectedSubjectPrefix(repository)) {
    throw new SubjectCustomizationError(
      `GitHub issues subjects starting with ${prefix}, but the roles trust ${expectedSubjectPrefix(repository)}: run npm run bootstrap again with --repo ${prefix.replace(/^repo:/, '')}`,
    );
  }
  return prefix;
}
