// Who may assume the pipeline's roles: GitHub Actions' OIDC tokens for this repository, with the `sub` claims of the
// jobs that deploy and plan. Pure data, used by the bootstrap stack and its tests.
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

type Statement = DataAwsIamPolicyDocumentStatement;

export const OIDC_HOST = 'token.actions.githubusercontent.com';
export const OIDC_AUDIENCE = 'sts.amazonaws.com';

/** Who may assume a role: GitHub's OIDC tokens with `aud` = STS and one of the given `sub` claims, nothing else. */
export function githubTrustStatements(oidcProviderArn: string, subjects: readonly string[]): Statement[] {
  return [
    {
      sid: 'GitHubActionsOidc',
      effect: 'Allow',
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: [oidcProviderArn] }],
      condition: [
        { test: 'StringEquals', variable: `${OIDC_HOST}:aud`, values: [OIDC_AUDIENCE] },
        // StringEquals, not StringLike: no wildcard can widen the trust to other branches or repositories.
        { test: 'StringEquals', variable: `${OIDC_HOST}:sub`, values: [...subjects] },
      ],
    },
  ];
}

/** `sub` claims of the deploy role: pushes to main, and jobs gated by a GitHub environment named after LIVE_ENV. */
export function deploySubjects(repository: string, environments: readonly string[]): string[] {
  return [`repo:${repository}:ref:refs/heads/main`, ...environments.map((env) => `repo:${repository}:environment:${env}`)];
}

/** `sub` claim of the plan role: pull requests of the repository (GitHub never issues tokens to fork PRs). */
export function planSubjects(repository: string): string[] {
  return [`repo:${repository}:pull_request`];
}
