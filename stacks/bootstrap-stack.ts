// Applied once by an admin (`npm run bootstrap`, local state): the remote state bucket, the GitHub OIDC roles the
// pipeline uses and the permissions boundary of the function roles the deploy role creates. Its outputs are the repository variables the workflows read.
import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { PROJECT_NAME } from '../core/naming';
import { GITHUB_REPOSITORY_PATTERN, type BootstrapConfig } from '../config/bootstrap-config';
import { FunctionBoundary } from './constructs/function-boundary';
import { GithubOidc } from './constructs/github-oidc';
import { PipelineRoles } from './constructs/pipeline-roles';
import { deployStatements, planStatements, policySize, ROLE_POLICY_MAX_CHARS, type PolicyScope } from './policies/pipeline-permissions';
import { StateBucket } from './constructs/state-bucket';

/** Names of the bootstrap outputs, each the snake_case of the repository variable it fills. */
export const BOOTSTRAP_OUTPUTS = {
  region: 'aws_region',
  deployRoleArn: 'aws_deploy_role_arn',
  planRoleArn: 'aws_plan_role_arn',
  stateBucket: 'state_bucket',
  functionPermissionsBoundary: 'function_permissions_boundary',
} as const;

/** Neither name starts with `ivs-live-<env>-`, so the deploy role can never manage its own role or the state bucket. */
const ROLE_NAME_PREFIX = `github-actions-${PROJECT_NAME}`;
const STATE_BUCKET_PREFIX = `tfstate-${PROJECT_NAME}`;

export interface BootstrapStackProps {
  readonly config: BootstrapConfig;
}

export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    const { config } = props;
    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [{ tags: { Project: PROJECT_NAME, Component: 'bootstrap', ManagedBy: 'cdktf' } }],
    });
    // Local state by design (the bucket for remote state is created here). Relative to cdktf.out/stacks/<stack>/,
    // so the file sits in the project root, survives re-synth, and is git-ignored.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });

    const repository = new TerraformVariable(this, 'github_repository', {
      type: 'string',
      description: 'GitHub repository allowed to assume the roles, as owner/repo',
      // Never a guessed placeholder: without GITHUB_REPOSITORY at synth time, Terraform asks for -var github_repository=...
      default: config.githubRepository,
      nullable: false,
      validation: [
        {
          condition: `\${can(regex(${JSON.stringify(GITHUB_REPOSITORY_PATTERN.source)}, var.github_repository))}`,
          errorMessage: 'github_repository must be owner/repo as on GitHub, e.g. octo-org/ivs-live.',
        },
      ],
    });
    const account = new DataAwsCallerIdentity(this, 'account');
    // Account and region make the name globally unique without a random suffix, so it can be derived again.
    const state = new StateBucket(this, 'state', { bucketName: `${STATE_BUCKET_PREFIX}-${account.accountId}-${config.region}` });
    const oidc = new GithubOidc(this, 'github-oidc', { mode: config.oidcProvider });
    // The deploy role's role-writing statements name this policy's ARN (functionBoundaryArn) in their condition.
    const boundary = new FunctionBoundary(this, 'function-boundary', { accountId: account.accountId, region: config.region });
    checkPolicySizes(config);
    const roles = new PipelineRoles(this, 'roles', {
      namePrefix: ROLE_NAME_PREFIX,
      oidcProviderArn: oidc.providerArn,
      repository: repository.stringValue,
      accountId: account.accountId,
      region: config.region,
      environments: config.environments,
      stateBucket: state.bucketName,
      siteDomains: config.siteDomains,
    });

    new TerraformOutput(this, BOOTSTRAP_OUTPUTS.region, { value: config.region, description: 'Repository variable AWS_REGION (e.g. us-east-1)' });
    new TerraformOutput(this, BOOTSTRAP_OUTPUTS.deployRoleArn, {
      value: roles.deployRoleArn,
      description: 'Repository variable AWS_DEPLOY_ROLE_ARN (arn:aws:iam::<account>:role/...)',
    });
    new TerraformOutput(this, BOOTSTRAP_OUTPUTS.planRoleArn, {
      value: roles.planRoleArn,
      description: 'Repository variable AWS_PLAN_ROLE_ARN (arn:aws:iam::<account>:role/...)',
    });
    new TerraformOutput(this, BOOTSTRAP_OUTPUTS.stateBucket, { value: state.bucketName, description: 'Repository variable STATE_BUCKET (bucket name)' });
    new TerraformOutput(this, BOOTSTRAP_OUTPUTS.functionPermissionsBoundary, {
      value: boundary.policyArn,
      description: 'Repository variable FUNCTION_PERMISSIONS_BOUNDARY (arn:aws:iam::<account>:policy/ivs-live-function-boundary)',
    });
  }
}

/** Each environment and each site domain lengthens the roles' inline policies, which IAM caps: refuse before any apply. */
function checkPolicySizes(config: BootstrapConfig): void {
  // The account id and the bucket name are unknown until apply; their lengths are not.
  const accountId = '123456789012';
  const scope: PolicyScope = { ...config, accountId, stateBucket: `${STATE_BUCKET_PREFIX}-${accountId}-${config.region}` };
  const roles = { deploy: deployStatements(scope), plan: planStatements(scope) };
  for (const [role, statements] of Object.entries(roles)) {
    const size = policySize(statements);
    if (size > ROLE_POLICY_MAX_CHARS) {
      throw new Error(
        `BOOTSTRAP_ENVIRONMENTS (${scope.environments.length}) and BOOTSTRAP_SITE_DOMAINS (${scope.siteDomains?.length ?? 0}) make the ${role} role's ` +
          `policy about ${size} characters; allowed: at most ${ROLE_POLICY_MAX_CHARS} (IAM's limit): list fewer environments or domains`,
      );
    }
  }
}
