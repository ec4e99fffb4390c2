// Applied once by an admin (`npm run bootstrap`, local state): the remote state bucket, the GitHub OIDC provider and,
// for each environment, its pipeline roles, its function roles with their permissions boundary, and its failure
// queue. Its outputs are the repository variables the workflows read.
import { Construct } from 'constructs';
import { Fn, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { PROJECT_NAME } from '../core/naming';
import { GITHUB_REPOSITORY_PATTERN, GITHUB_REPOSITORY_RULE, type BootstrapConfig } from '../config/bootstrap-config';
import { EnvironmentAccess } from './constructs/environment-access';
import { GithubOidc } from './constructs/github-oidc';
import { StateBucket } from './constructs/state-bucket';
import type { TrustedRepository } from './policies/github-trust';

/** Names of the bootstrap outputs; the first three are the snake_case of the repository variable they fill. */
export const BOOTSTRAP_OUTPUTS = {
  region: 'aws_region',
  accountId: 'aws_account_id',
  stateBucket: 'state_bucket',
  deployRoleArns: 'deploy_role_arns',
  planRoleArns: 'plan_role_arns',
} as const;

/** Never starts with `ivs-live-<env>--`, so no environment's deploy role can reach the state bucket by name. */
const STATE_BUCKET_PREFIX = `tfstate-${PROJECT_NAME}`;
/** `owner@<id>/repo@<id>` -> `owner/repo`, in Terraform (a regex between slashes). */
const WITHOUT_IDS = '/@[0-9]+/';

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

    const variable = new TerraformVariable(this, 'github_repository', {
      type: 'string',
      description: 'GitHub repository allowed to assume the roles, as owner/repo (or owner@<id>/repo@<id> with immutable OIDC subjects)',
      // Never a guessed placeholder: without GITHUB_REPOSITORY at synth time, Terraform asks for -var github_repository=...
      default: config.githubRepository,
      nullable: false,
      validation: [
        {
          condition: `\${can(regex(${JSON.stringify(GITHUB_REPOSITORY_PATTERN.source)}, var.github_repository))}`,
          errorMessage: `github_repository must be ${GITHUB_REPOSITORY_RULE}.`,
        },
      ],
    });
    const repository: TrustedRepository = { subject: variable.stringValue, name: Fn.replace(variable.stringValue, WITHOUT_IDS, '') };
    const account = new DataAwsCallerIdentity(this, 'account');
    // Account and region make the name globally unique without a random suffix, so it can be derived again.
    const state = new StateBucket(this, 'state', { bucketName: `${STATE_BUCKET_PREFIX}-${account.accountId}-${config.region}` });
    const oidc = new GithubOidc(this, 'github-oidc', { mode: config.oidcProvider });
    const environments = config.environments.map((env) => ({
      env,
      access: new EnvironmentAccess(this, env, {
        env,
        accountId: account.accountId,
        region: config.region,
        stateBucket: state.bucketName,
        oidcProviderArn: oidc.providerArn,
        repository,
        siteDomain: config.siteDomains[env],
      }),
    }));

    new TerraformOutput(this, BOOTSTRAP_OUTPUTS.region, { value: config.region, description: 'Repository variable AWS_REGION (e.g. us-east-1)' });
    new TerraformOutput(this, BOOTSTRAP_OUTPUTS.accountId, {
      value: account.accountId,
      description: 'Repository variable AWS_ACCOUNT_ID (12 digits): the workflows derive the role ARNs from it and LIVE_ENV',
    });
    new TerraformOutput(this, BOOTSTRAP_OUTPUTS.stateBucket, { value: state.bucketName, description: 'Repository variable STATE_BUCKET (bucket name)' });
    new TerraformOutput(this, BOOTSTRAP_OUTPUTS.deployRoleArns, {
      value: Object.fromEntries(environments.map(({ env, access }) => [env, access.deployRoleArn])),
      description: 'Deploy role of each environment, by environment name (arn:aws:iam::<account>:role/github-actions-ivs-live-<env>-deploy)',
    });
    new TerraformOutput(this, BOOTSTRAP_OUTPUTS.planRoleArns, {
      value: Object.fromEntries(environments.map(({ env, access }) => [env, access.planRoleArn])),
      description: 'Plan role of each environment, by environment name (arn:aws:iam::<account>:role/github-actions-ivs-live-<env>-plan)',
    });
  }
}
