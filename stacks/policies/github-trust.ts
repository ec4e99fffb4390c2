// Who may assume the pipeline's roles: GitHub Actions' OIDC tokens for this repository, whose `sub` claim names the
// job's context (a GitHub environment, or a pull request) and the workflow file that runs it, at the ref it runs from.
// Pure data, used by the bootstrap stack, `npm run bootstrap` and their tests.
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

type Statement = DataAwsIamPolicyDocumentStatement;

export const OIDC_HOST = 'token.actions.githubusercontent.com';
export const OIDC_AUDIENCE = 'sts.amazonaws.com';

/**
 * The claims GitHub puts in `sub` once the repository's OIDC subject customization holds them (npm run bootstrap
 * prints the command that sets it): `repo:<repo>:<context>:job_workflow_ref:<owner/repo>/.github/workflows/<file>@<ref>`.
 * With `job_workflow_ref`, a job in the environment `prod` started from another branch or another workflow file has
 * another subject, so no branch can borrow an environment, whatever the environment's protection rules say.
 */
export const OIDC_SUBJECT_CLAIM_KEYS = ['repo', 'context', 'job_workflow_ref'] as const;

/** The workflow files whose jobs deploy and destroy; they run in the GitHub environment named after LIVE_ENV. */
export const DEPLOY_WORKFLOW_FILES = ['deploy.yml', 'destroy.yml'] as const;
/** The workflow file whose job plans pull requests. */
export const PLAN_WORKFLOW_FILE = 'plan.yml';
/** The only ref a deploy or destroy runs from. */
export const DEPLOY_REF = 'refs/heads/main';
/** What `job_workflow_ref` ends with in a pull request's run: GitHub's merge ref of that pull request. */
export const PULL_REQUEST_REF_PATTERN = 'refs/pull/*/merge';

/**
 * The repository as the trust names it. `subject` is how GitHub spells it in `sub`: `owner/repo`, or
 * `owner@<owner id>/repo@<repo id>` for a repository with immutable subject claims (GitHub's default for repositories
 * created since 2026-07-15). `name` is `owner/repo`, as in `job_workflow_ref`. Either may be a Terraform expression.
 */
export interface TrustedRepository {
  readonly subject: string;
  readonly name: string;
}

/** `sub` of the deploy and destroy jobs of `env`: the environment's GitHub environment, the workflow files at main. */
export function deploySubjects(repository: TrustedRepository, env: string): string[] {
  return DEPLOY_WORKFLOW_FILES.map((file) => subject(repository, `environment:${env}`, file, DEPLOY_REF));
}

/**
 * `sub` pattern of the plan job: pull requests of the repository running plan.yml. GitHub issues no token to pull
 * requests from forks; a pull request from a branch runs its own version of plan.yml, which is why every plan role
 * is read-only and reads no secret.
 */
export function planSubjectPattern(repository: TrustedRepository): string {
  return subject(repository, 'pull_request', PLAN_WORKFLOW_FILE, PULL_REQUEST_REF_PATTERN);
}

function subject(repository: TrustedRepository, context: string, file: string, ref: string): string {
  return `repo:${repository.subject}:${context}:job_workflow_ref:${repository.name}/.github/workflows/${file}@${ref}`;
}

/** Who may assume a role: GitHub's OIDC tokens with `aud` = STS and a `sub` that is one of `subjects` (or matches). */
export function githubTrustStatements(
  oidcProviderArn: string,
  subjects: { readonly equals: readonly string[] } | { readonly like: string },
): Statement[] {
  return [
    {
      sid: 'GitHubActionsOidc',
      effect: 'Allow',
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: [oidcProviderArn] }],
      condition: [
        { test: 'StringEquals', variable: `${OIDC_HOST}:aud`, values: [OIDC_AUDIENCE] },
        'equals' in subjects
          ? // StringEquals: no wildcard can widen the trust to other branches, workflows or repositories.
            { test: 'StringEquals', variable: `${OIDC_HOST}:sub`, values: [...subjects.equals] }
          : // One wildcard, for the pull request's number; everything around it is fixed.
            { test: 'StringLike', variable: `${OIDC_HOST}:sub`, values: [subjects.like] },
      ],
    },
  ];
}
