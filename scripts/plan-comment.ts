// Formats the pull-request comment for a Terraform plan: a hidden marker (so later pushes update the same comment), a
// summary counted from `terraform show -json`, and the plan text collapsed, scrubbed of sensitive values, cut below GitHub's limit.
// Pure: no I/O here (post-plan-comment.ts reads the files and talks to GitHub).
import { stackName } from '../core/naming';

/** GitHub rejects comment bodies over 65,536 characters. */
export const MAX_COMMENT_CHARS = 65_536;
/** Room left under the limit for GitHub's own counting of line endings and multi-byte characters. */
export const COMMENT_BUDGET = 65_000;
export const SENSITIVE_PLACEHOLDER = '(sensitive value)';
/** Strings shorter than this are not scrubbed from text: `true` or `1` would blank half the plan and hide nothing. */
const MIN_SCRUB_LENGTH = 6;

export type PlanMode = 'changes' | 'no-changes' | 'error' | 'fork-skipped';

/** What each outcome looks like: one table instead of four copied branches. */
export const PLAN_MODES: Readonly<Record<PlanMode, { readonly icon: string; readonly title: string; readonly details?: string }>> = {
  changes: { icon: '📝', title: 'changes to apply on merge', details: 'terraform show' },
  'no-changes': { icon: '✅', title: 'no changes', details: 'terraform show' },
  error: { icon: '❌', title: 'plan failed', details: 'terraform plan errors' },
  'fork-skipped': { icon: '⏭️', title: 'not planned: pull requests from forks and Dependabot get no AWS credentials' },
};

/** `terraform plan -detailed-exitcode`: 0 no changes, 2 changes, anything else an error. */
export function modeFromExitCode(code: number): PlanMode {
  if (code === 0) return 'no-changes';
  if (code === 2) return 'changes';
  return 'error';
}

/** The parts of `terraform show -json` this module reads. */
export interface PlanJson {
  readonly variables?: Record<string, { value?: unknown }>;
  readonly resource_changes?: readonly ResourceChange[];
  readonly output_changes?: Record<string, Change>;
  readonly planned_values?: StateValues;
  readonly prior_state?: { values?: StateValues };
  readonly configuration?: { root_module?: { variables?: Record<string, { sensitive?: boolean }> } };
}
interface Change {
  readonly actions: readonly string[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly before_sensitive?: unknown;
  readonly after_sensitive?: unknown;
  readonly importing?: unknown;
}
interface ResourceChange {
  readonly address: string;
  readonly change: Change;
}
interface ModuleValues {
  readonly resources?: readonly { values?: unknown; sensitive_values?: unknown }[];
  readonly child_modules?: readonly ModuleValues[];
}
interface StateValues {
  readonly outputs?: Record<string, { value?: unknown; sensitive?: boolean }>;
  readonly root_module?: ModuleValues;
}

export interface PlanCounts {
  readonly import: number;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Outputs that change (they make a plan with no resource change still exit 2). */
  readonly outputs: number;
}

/** Counts as Terraform does: a replacement (delete + create, either order) is one add and one destroy. */
export function countChanges(plan: PlanJson): PlanCounts {
  const counts = { import: 0, add: 0, change: 0, destroy: 0, outputs: 0 };
  for (const { change } of plan.resource_changes ?? []) {
    if (change.importing) counts.import += 1;
    if (change.actions.includes('create')) counts.add += 1;
    if (change.actions.includes('delete')) counts.destroy += 1;
    if (change.actions.includes('update')) counts.change += 1;
  }
  counts.outputs = Object.values(plan.output_changes ?? {}).filter((c) => !c.actions.every((a) => a === 'no-op')).length;
  return counts;
}

export function summaryLine(counts: PlanCounts): string {
  const parts = [`${counts.add} to add`, `${counts.change} to change`, `${counts.destroy} to destroy`];
  if (counts.import > 0) parts.unshift(`${counts.import} to import`);
  // Terraform's own line ignores outputs; name them only when they are the whole change (the plan still exits 2).
  const resources = counts.import + counts.add + counts.change + counts.destroy;
  const outputs = resources === 0 && counts.outputs > 0 ? `; ${counts.outputs} output${counts.outputs === 1 ? '' : 's'} change` : '';
  return `Plan: ${parts.join(', ')}${outputs}.`;
}

/**
 * Every sensitive value the plan holds in clear text (`show -json` keeps them, marked only by the `*_sensitive` maps,
 * sensitive outputs and sensitive variables), so they can be scrubbed from anything shown.
 */
export function sensitiveStrings(plan: PlanJson): string[] {
  const found = new Set<string>();
  const collect = (value: unknown, mask: unknown) => redact(value, mask, found);
  const sensitiveVars = plan.configuration?.root_module?.variables ?? {};
  for (const [name, variable] of Object.entries(plan.variables ?? {})) if (sensitiveVars[name]?.sensitive) collect(variable.value, true);
  for (const { change } of plan.resource_changes ?? []) {
    collect(change.before, change.before_sensitive);
    collect(change.after, change.after_sensitive);
  }
  for (const change of Object.values(plan.output_changes ?? {})) {
    collect(change.before, change.before_sensitive);
    collect(change.after, change.after_sensitive);
  }
  for (const values of [plan.planned_values, plan.prior_state?.values]) {
    for (const output of Object.values(values?.outputs ?? {})) collect(output.value, output.sensitive === true);
    for (const resource of moduleResources(values?.root_module)) collect(resource.values, resource.sensitive_values);
  }
  return [...found].filter((s) => s.length >= MIN_SCRUB_LENGTH).sort((a, b) => b.length - a.length);
}

/** `value` with every part that `mask` marks sensitive (true, or a nested map/list of flags) replaced by the placeholder. */
export function redact(value: unknown, mask: unknown, found: Set<string> = new Set()): unknown {
  if (mask === true) {
    leafStrings(value, found);
    return value === null || value === undefined ? value : SENSITIVE_PLACEHOLDER;
  }
  if (typeof mask !== 'object' || mask === null || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item, i) => redact(item, (mask as unknown[])[i], found));
  const masks = mask as Record<string, unknown>;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item, masks[key], found)]));
}

function leafStrings(value: unknown, found: Set<string>): void {
  if (typeof value === 'string') found.add(value);
  else if (typeof value === 'number') found.add(String(value));
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) leafStrings(item, found);
}

function moduleResources(module: ModuleValues | undefined): NonNullable<ModuleValues['resources']> {
  if (!module) return [];
  return [...(module.resources ?? []), ...(module.child_modules ?? []).flatMap(moduleResources)];
}

/** Replaces each secret (longest first, so a secret containing another is replaced whole) wherever it appears. */
export function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join(SENSITIVE_PLACEHOLDER), text);
}

/** Keeps the end of `text` (the summary and output changes are there) within `maxChars`, cut at a line start. */
export function truncateKeepingTail(text: string, maxChars: number): { readonly text: string; readonly omitted: number } {
  if (text.length <= maxChars) return { text, omitted: 0 };
  let start = text.length - maxChars;
  const nextLine = text.indexOf('\n', start);
  if (nextLine !== -1 && nextLine + 1 < text.length) start = nextLine + 1;
  // Never begin with the second half of a surrogate pair.
  else if (/[\uDC00-\uDFFF]/.test(text.charAt(start))) start += 1;
  return { text: text.slice(start), omitted: start };
}

/** A code fence longer than any run of backticks in the text, so the text can never close it. */
export function codeFence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

export function commentMarker(environment: string): string {
  return `<!-- ivs-live:terraform-plan:${environment} -->`;
}

export interface PlanCommentInput {
  readonly mode: PlanMode;
  /** LIVE_ENV: one comment per environment. */
  readonly environment: string;
  /** `terraform show -json` of the saved plan (changes / no-changes). */
  readonly planJson?: PlanJson;
  /** `terraform show -no-color` of the saved plan, or the error output when the plan failed. */
  readonly details?: string;
  /** Link to the workflow run, where the full log is. */
  readonly runUrl: string;
  readonly commitSha?: string;
}

export function formatPlanComment(input: PlanCommentInput): string {
  const mode = PLAN_MODES[input.mode];
  const head = [
    commentMarker(input.environment),
    `### ${mode.icon} Terraform plan for \`${stackName(input.environment)}\`: ${mode.title}`,
    '',
    ...(input.planJson ? [`**${summaryLine(countChanges(input.planJson))}**`, ''] : []),
  ];
  const commit = input.commitSha ? `commit \`${input.commitSha.slice(0, 7)}\` · ` : '';
  const foot = ['', `${commit}[workflow run](${input.runUrl})`];
  if (!mode.details || input.details === undefined) return [...head, ...foot].join('\n');

  const secrets = input.planJson ? sensitiveStrings(input.planJson) : [];
  const clean = scrub(input.details.replace(/\r\n/g, '\n'), secrets).trimEnd();
  const fixed = [...head, ...foot].join('\n').length;
  const notice = (omitted: number) => `… ${omitted.toLocaleString('en-US')} characters cut; the full output is in the [workflow run](${input.runUrl}) log.\n\n`;
  // Room for the <details> wrapper, the fences (at most the text's length + 1 each) and the notice.
  const overhead = 200 + notice(clean.length).length + 2 * (codeFence(clean).length + 1);
  const { text, omitted } = truncateKeepingTail(clean, COMMENT_BUDGET - fixed - overhead);
  const fence = codeFence(text);
  const block = [
    `<details><summary>${mode.details} (${clean.length.toLocaleString('en-US')} characters${omitted > 0 ? ', end shown' : ''})</summary>`,
    '',
    `${omitted > 0 ? notice(omitted) : ''}${fence}text`,
    text,
    fence,
    '</details>',
  ];
  return [...head, ...block, ...foot].join('\n');
}
