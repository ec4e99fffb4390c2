// The managed policy every ivs-live function role carries as its permissions boundary: without it, a role the deploy
// role creates could be given any inline policy and passed to a Lambda, i.e. any permission in the account.
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { FUNCTION_BOUNDARY_POLICY_NAME, functionBoundaryStatements, type BoundaryScope } from '../policies/function-boundary-policy';

export type FunctionBoundaryProps = BoundaryScope;

export class FunctionBoundary extends Construct {
  /** ARN of the boundary policy, for FUNCTION_PERMISSIONS_BOUNDARY. */
  public readonly policyArn: string;

  constructor(scope: Construct, id: string, props: FunctionBoundaryProps) {
    super(scope, id);
    const document = new DataAwsIamPolicyDocument(this, 'document', { statement: functionBoundaryStatements(props) });
    const policy = new IamPolicy(this, 'policy', {
      name: FUNCTION_BOUNDARY_POLICY_NAME,
      // What the statements allow, in words; a change here replaces the policy, so it changes with the statements only.
      description:
        'Permissions boundary of the ivs-live function roles the pipeline creates: ivs:PutMetadata on the account channels, ' +
        'the live/current.json object of ivs-live site buckets, sqs:SendMessage to ivs-live queues, and ivs-live function logs',
      policy: document.json,
    });
    this.policyArn = policy.arn;
  }
}
