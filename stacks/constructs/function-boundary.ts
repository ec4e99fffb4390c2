// The managed policy every function role of one environment carries as its permissions boundary: without it, a role
// whose inline policy the deploy role writes could be given any permission in the account.
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { functionBoundaryName } from '../../core/naming';
import { functionBoundaryStatements, type BoundaryScope } from '../policies/function-boundary-policy';

export type FunctionBoundaryProps = BoundaryScope;

export class FunctionBoundary extends Construct {
  /** ARN of the boundary policy (functionBoundaryArn of the account and environment). */
  public readonly policyArn: string;

  constructor(scope: Construct, id: string, props: FunctionBoundaryProps) {
    super(scope, id);
    const document = new DataAwsIamPolicyDocument(this, 'document', { statement: functionBoundaryStatements(props) });
    const policy = new IamPolicy(this, 'policy', {
      name: functionBoundaryName(props.env),
      // What the statements allow, in words; a change here replaces the policy, so it changes with the statements only.
      description:
        `Permissions boundary of the ivs-live ${props.env} function roles: ivs:PutMetadata on channels tagged for ${props.env}, ` +
        `the live objects of its site bucket, single items of its tables, sqs:SendMessage to its failure queue, and its function logs`,
      policy: document.json,
    });
    this.policyArn = policy.arn;
  }
}
