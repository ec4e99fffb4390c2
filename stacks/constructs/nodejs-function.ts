// A Node.js Lambda function from an esbuild bundle, its least-privilege inline policy on the role it runs with (made
// by this stack or by the bootstrap stack), and a log group that Terraform owns (so it has a retention and `destroy`
// removes it, instead of Lambda creating one that outlives the stack).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { FunctionRoleRef } from './function-role';

export const NODE_RUNTIME = 'nodejs22.x';
/** Graviton: cheaper per GB-second, and the bundle is plain JavaScript. */
export const ARCHITECTURE = 'arm64';

export interface NodejsFunctionProps {
  /** Function name; also names its log group. */
  readonly functionName: string;
  /** The role the function runs with; its inline policy `permissions` is written here (and replaced on every change). */
  readonly role: FunctionRoleRef;
  /** Folder holding the bundled `index.js` (built by `npm run build:functions`). */
  readonly bundleDir: string;
  /** @default 'index.handler' */
  readonly handler?: string;
  /** @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default 30 */
  readonly timeoutSeconds?: number;
  /** @default 256 */
  readonly memorySizeMb?: number;
  /** @default 14 */
  readonly logRetentionDays?: number;
  /** The most instances that run at once, reserved from the account's pool. @default none reserved */
  readonly reservedConcurrency?: number;
  /** What the function may do besides writing its own logs. */
  readonly statements: readonly DataAwsIamPolicyDocumentStatement[];
}

export class NodejsFunction extends Construct {
  public readonly functionName: string;
  public readonly functionArn: string;

  constructor(scope: Construct, id: string, props: NodejsFunctionProps) {
    super(scope, id);
    const entry = join(props.bundleDir, 'index.js');
    if (!existsSync(entry)) {
      throw new Error(`NodejsFunction "${props.functionName}": bundle not found at ${entry}; run \`npm run build:functions\` first`);
    }

    const asset = new TerraformAsset(this, 'code', { path: props.bundleDir, type: AssetType.ARCHIVE });
    const logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays ?? 14,
    });
    // No logs:CreateLogGroup: the group above is the only one the function may write to.
    const permissions = new DataAwsIamPolicyDocument(this, 'permissions', {
      statement: [
        {
          sid: 'WriteOwnLogs',
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${logGroup.arn}:*`],
        },
        ...props.statements,
      ],
    });
    const policy = new IamRolePolicy(this, 'policy', { role: props.role.roleName, name: 'permissions', policy: permissions.json });

    const fn = new LambdaFunction(this, 'function', {
      functionName: props.functionName,
      role: props.role.roleArn,
      runtime: NODE_RUNTIME,
      architectures: [ARCHITECTURE],
      handler: props.handler ?? 'index.handler',
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      timeout: props.timeoutSeconds ?? 30,
      memorySize: props.memorySizeMb ?? 256,
      ...(props.reservedConcurrency !== undefined && { reservedConcurrentExecutions: props.reservedConcurrency }),
      // The bundle ships a source map: stack traces in the logs then point at our TypeScript.
      environment: { variables: { NODE_OPTIONS: '--enable-source-maps', ...props.environment } },
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      dependsOn: [logGroup, policy],
    });

    this.functionName = fn.functionName;
    this.functionArn = fn.arn;
  }
}
