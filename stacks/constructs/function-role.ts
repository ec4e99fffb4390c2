// The execution role of one Lambda function: assumable by Lambda only, optionally held by a permissions boundary.
// It carries no permission of its own: the live stack attaches the function's inline policy (nodejs-function.ts).
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';

/** A role a function runs with, wherever it was made: this stack, or the bootstrap stack (then known by name). */
export interface FunctionRoleRef {
  readonly roleName: string;
  readonly roleArn: string;
}

export interface FunctionRoleProps {
  /** Role name, `ivs-live-<env>--<function>` (functionRoleName). */
  readonly roleName: string;
  /** ARN of the managed policy that caps what the role may do, whatever its inline policy says. @default none */
  readonly permissionsBoundary?: string;
  /** @default no description */
  readonly description?: string;
}

export class FunctionRole extends Construct implements FunctionRoleRef {
  public readonly roleName: string;
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: FunctionRoleProps) {
    super(scope, id);
    const assumeRole = new DataAwsIamPolicyDocument(this, 'assume-role', {
      statement: [
        {
          sid: 'LambdaOnly',
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
        },
      ],
    });
    const role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: assumeRole.json,
      permissionsBoundary: props.permissionsBoundary,
    });
    this.roleName = role.name;
    this.roleArn = role.arn;
  }
}
