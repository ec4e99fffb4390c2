// Everything one environment needs from the bootstrap stack: the function roles (Lambda-only trust, the environment's
// boundary), the failure queue, the boundary itself, and the pipeline's deploy and plan roles. Made by an admin, so
// the deploy role never has to create a role, a trust policy or a queue policy.
import { Construct } from 'constructs';
import { FUNCTIONS, type FunctionName } from '../../core/functions';
import { failureQueueName, functionRoleName } from '../../core/naming';
import type { TrustedRepository } from '../policies/github-trust';
import { FailureQueue } from './failure-queue';
import { FunctionBoundary } from './function-boundary';
import { FunctionRole } from './function-role';
import { PipelineRoles } from './pipeline-roles';

export interface EnvironmentAccessProps {
  /** The environment (LIVE_ENV). */
  readonly env: string;
  readonly accountId: string;
  readonly region: string;
  readonly stateBucket: string;
  readonly oidcProviderArn: string;
  readonly repository: TrustedRepository;
  /** The environment's custom domain in a Route 53 zone, which its deploy role may certify and point. @default none */
  readonly siteDomain?: string;
}

export class EnvironmentAccess extends Construct {
  public readonly deployRoleArn: string;
  public readonly planRoleArn: string;
  public readonly boundaryArn: string;
  public readonly functionRoleArns: Readonly<Record<FunctionName, string>>;

  constructor(scope: Construct, id: string, props: EnvironmentAccessProps) {
    super(scope, id);
    const { env, accountId, region } = props;
    const boundary = new FunctionBoundary(this, 'function-boundary', { env, accountId, region });
    new FailureQueue(this, 'failures', { queueName: failureQueueName(env) });
    const roles = FUNCTIONS.map((fn) => {
      const role = new FunctionRole(this, `${fn}-role`, {
        roleName: functionRoleName(env, fn),
        permissionsBoundary: boundary.policyArn,
        description: `Execution role of the ivs-live ${env} ${fn} function; its inline policy comes from the live stack`,
      });
      return [fn, role.roleArn] as const;
    });
    const pipeline = new PipelineRoles(this, 'pipeline', {
      env,
      accountId,
      region,
      stateBucket: props.stateBucket,
      oidcProviderArn: props.oidcProviderArn,
      repository: props.repository,
      ...(props.siteDomain !== undefined && { siteDomain: props.siteDomain }),
    });
    this.deployRoleArn = pipeline.deployRoleArn;
    this.planRoleArn = pipeline.planRoleArn;
    this.boundaryArn = boundary.policyArn;
    this.functionRoleArns = Object.fromEntries(roles) as Record<FunctionName, string>;
  }
}
