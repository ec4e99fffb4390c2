// The two roles GitHub Actions assumes through OIDC: `deploy` (main branch and the environment-gated destroy job)
// and `plan` (pull requests, read-only plus state read/lock). No long-lived AWS keys are stored anywhere.
import { Construct } from 'constructs';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { deployStatements, planStatements, type PolicyScope } from '../policies/pipeline-permissions';
import { deploySubjects, githubTrustStatements, planSubjects } from '../policies/github-trust';

/** One hour covers a deploy (synth + apply + publish) with room to spare. */
export const MAX_SESSION_SECONDS = 3600;

export interface PipelineRolesProps extends PolicyScope {
  /** Prefix of the role names; must not start with `ivs-live-<env>-`, which the deploy role may manage. */
  readonly namePrefix: string;
  readonly oidcProviderArn: string;
  /** `owner/repo` (may be a Terraform variable reference). */
  readonly repository: string;
}

export class PipelineRoles extends Construct {
  public readonly deployRoleArn: string;
  public readonly planRoleArn: string;

  constructor(scope: Construct, id: string, props: PipelineRolesProps) {
    super(scope, id);
    this.deployRoleArn = this.role('deploy', props, deploySubjects(props.repository, props.environments), deployStatements(props));
    this.planRoleArn = this.role('plan', props, planSubjects(props.repository), planStatements(props));
  }

  private role(
    kind: 'deploy' | 'plan',
    props: PipelineRolesProps,
    subjects: readonly string[],
    statements: readonly DataAwsIamPolicyDocumentStatement[],
  ): string {
    const trust = new DataAwsIamPolicyDocument(this, `${kind}-trust`, { statement: githubTrustStatements(props.oidcProviderArn, subjects) });
    const role = new IamRole(this, kind, {
      name: `${props.namePrefix}-${kind}`,
      description: `Assumed by GitHub Actions of ${props.repository} to ${kind === 'deploy' ? 'deploy and destroy' : 'plan'} ivs-live`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: MAX_SESSION_SECONDS,
    });
    const permissions = new DataAwsIamPolicyDocument(this, `${kind}-permissions`, { statement: [...statements] });
    new IamRolePolicy(this, `${kind}-policy`, { role: role.id, name: `${kind}-ivs-live`, policy: permissions.json });
    return role.arn;
  }
}
