// The answer API: the answers function behind a function URL that only the site's CloudFront distribution may call
// (IAM auth, signed by the distribution's origin access control), with a reserved concurrency that bounds what a flood
// of requests can cost, and a policy that lets it read the current question and write answer items, nothing else.
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { ANSWER_FUNCTION_TIMEOUT_SECONDS, ANSWER_TABLE_LAYOUT } from '../../core/answers';
import type { FunctionRoleRef } from './function-role';
import { NodejsFunction } from './nodejs-function';

export interface AnswerApiProps {
  /** The function's name, `ivs-live-<env>--answers`. */
  readonly functionName: string;
  /** The role the function runs with (its inline policy is written here). */
  readonly role: FunctionRoleRef;
  /** Folder of the bundled handler. */
  readonly bundleDir: string;
  readonly tableName: string;
  readonly tableArn: string;
  /** The most answers processed at once. @default none reserved */
  readonly reservedConcurrency?: number;
  /** @default 14 */
  readonly logRetentionDays?: number;
}

export class AnswerApi extends Construct {
  /** The function URL's host (`<id>.lambda-url.<region>.on.aws`), the CDN's origin. */
  public readonly originDomainName: string;
  private readonly functionName: string;

  constructor(scope: Construct, id: string, props: AnswerApiProps) {
    super(scope, id);
    if (props.reservedConcurrency !== undefined && !(Number.isInteger(props.reservedConcurrency) && props.reservedConcurrency >= 1)) {
      throw new Error(`AnswerApi "${props.functionName}": reservedConcurrency is ${props.reservedConcurrency}; allowed: a whole number from 1, or unset`);
    }
    const { currentKey, answerKeyPrefix, answerAttributes } = ANSWER_TABLE_LAYOUT;
    const fn = new NodejsFunction(this, 'function', {
      functionName: props.functionName,
      role: props.role,
      bundleDir: props.bundleDir,
      // Also bounds how long a reveal waits for answers in flight (core/answers.ts REVEAL_GRACE_MS).
      timeoutSeconds: ANSWER_FUNCTION_TIMEOUT_SECONDS,
      reservedConcurrency: props.reservedConcurrency,
      logRetentionDays: props.logRetentionDays,
      environment: { ANSWERS_TABLE: props.tableName },
      statements: [
        {
          sid: 'ReadCurrentQuestionAndOwnAnswers',
          effect: 'Allow',
          actions: ['dynamodb:GetItem'],
          resources: [props.tableArn],
          condition: [{ test: 'ForAllValues:StringLike', variable: 'dynamodb:LeadingKeys', values: [currentKey, `${answerKeyPrefix}*`] }],
        },
        {
          sid: 'WriteAnswerItemsOnly',
          effect: 'Allow',
          actions: ['dynamodb:PutItem'],
          resources: [props.tableArn],
          condition: [
            { test: 'ForAllValues:StringLike', variable: 'dynamodb:LeadingKeys', values: [`${answerKeyPrefix}*`] },
            { test: 'ForAllValues:StringEquals', variable: 'dynamodb:Attributes', values: [...answerAttributes] },
          ],
        },
      ],
    });
    const url = new LambdaFunctionUrl(this, 'url', { functionName: fn.functionName, authorizationType: 'AWS_IAM' });
    this.functionName = fn.functionName;
    // https://<host>/ -> <host>
    this.originDomainName = Fn.element(Fn.split('/', url.functionUrl), 2);
  }

  /**
   * Lets one CloudFront distribution call the function URL, and no one else. Function URLs made since October 2025
   * need both actions in the function's policy; each is tied to the distribution.
   */
  allowInvokeFrom(distributionArn: string): void {
    new LambdaPermission(this, 'invoke-url', {
      statementId: 'InvokeUrlFromThisDistributionOnly',
      action: 'lambda:InvokeFunctionUrl',
      functionName: this.functionName,
      principal: 'cloudfront.amazonaws.com',
      sourceArn: distributionArn,
      functionUrlAuthType: 'AWS_IAM',
    });
    new LambdaPermission(this, 'invoke', {
      statementId: 'InvokeFromThisDistributionOnly',
      action: 'lambda:InvokeFunction',
      functionName: this.functionName,
      principal: 'cloudfront.amazonaws.com',
      sourceArn: distributionArn,
    });
  }
}
