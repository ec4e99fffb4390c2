// The two roles GitHub Actions assumes through OIDC for one environment: `deploy` (the deploy and destroy jobs of
// main, in the environment's GitHub environment) and `plan` (pull requests, read-only). No long-lived AWS keys anywhere.
import { Construct } from 'constructs';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { pipelineRoleName, type PipelineRoleKind } from '../../core/naming';
import { deployStatements, planStatements, type PolicyScope } from '../policies/pipeline-permissions';
import { deploySubjects, githubTrustStatements, planSubjectPattern, type TrustedRepository } from '../policies/github-trust';

/** One hour covers a deploy (synth + apply + publish) with room to spare. */
export const MAX_SESSION_SECONDS = 3600;

export interface PipelineRolesProps extends PolicyScope {
  readonly oidcProviderArn: string;
  /** The repository whose workflows may assume the roles (may hold Terraform expressions). */
  readonly repository: TrustedRepository;
}

export class PipelineRoles extends Construct {
  public readonly deployRoleArn: string;
  public readonly planRoleArn: string;

  constructor(scope: Construct, id: string, props: PipelineRolesProps) {
    super(scope, id);
    const deployTrust = { equals: deploySubjects(props.repository, props.env) };
    this.deployRoleArn = this.role('deploy', props, deployTrust, deployStatements(props));
    this.planRoleArn = this.role('plan', props, { like: planSubjectPattern(props.repository) }, planStatements(props));
  }

  private role(
    kind: PipelineRoleKind,
    props: PipelineRolesProps,
    subjects: Parameters<typeof githubTrustStatements>[1],
    statements: readonly DataAwsIamPolicyDocumentStatement[],
  ): string {
    const trust = new DataAwsIamPolicyDocument(this, `${kind}-trust`, { statement: githubTrustStatements(props.oidcProviderArn, subjects) });
    const role = new IamRole(this, kind, {
      name: pipelineRoleName(props.env, kind),
      description: `Assumed by GitHub Actions to ${kind === 'deploy' ? 'deploy and destroy' : 'plan (read-only)'} ivs-live ${props.env}`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: MAX_SESSION_SECONDS,
    });
    const permissions = new DataAwsIamPolicyDocument(this, `${kind}-permissions`, { statement: [...statements] });
    new IamRolePolicy(this, `${kind}-policy`, { role: role.id, name: `${kind}-ivs-live-${props.env}`, policy: permissions.json });
    return role.arn;
  }
}
