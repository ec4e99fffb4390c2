// Posts the plan comment on the pull request: finds the bot's earlier comment by its hidden marker and updates it,
// or creates one; also writes it to the job summary. Called from actions/github-script with its `github`, `context`, `core`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commentMarker, formatPlanComment, modeFromExitCode, type PlanCommentInput, type PlanJson } from './plan-comment';
import { liveEnvName } from '../core/naming';

export interface IssueComment {
  readonly id: number;
  readonly body?: string | null;
  readonly user?: { readonly type?: string } | null;
}

/** The three calls the upsert needs, so tests can pass an in-memory fake and the workflow the real Octokit. */
export interface CommentsApi {
  list(): Promise<readonly IssueComment[]>;
  create(body: string): Promise<void>;
  update(commentId: number, body: string): Promise<void>;
}

/**
 * Updates the comment that carries `marker`, or creates one. Only a bot's comment is updated: anyone can paste the
 * marker into their own comment, and the workflow must never overwrite a person's words.
 */
export async function upsertComment(api: CommentsApi, marker: string, body: string): Promise<'created' | 'updated'> {
  if (!body.includes(marker)) throw new Error(`the comment body lacks its marker ${marker}; it could never be found again`);
  const existing = (await api.list()).find((c) => c.user?.type === 'Bot' && (c.body ?? '').includes(marker));
  if (existing) {
    await api.update(existing.id, body);
    return 'updated';
  }
  await api.create(body);
  return 'created';
}

/** The subset of github-script's Octokit used here. */
export interface Octokit {
  paginate<T>(method: unknown, params: Record<string, unknown>): Promise<T[]>;
  rest: {
    issues: {
      listComments: unknown;
      createComment(params: { owner: string; repo: string; issue_number: number; body: string }): Promise<unknown>;
      updateComment(params: { owner: string; repo: string; comment_id: number; body: string }): Promise<unknown>;
    };
  };
}

export interface ScriptContext {
  readonly repo: { readonly owner: string; readonly repo: string };
  readonly serverUrl: string;
  readonly runId: number;
  readonly payload: { readonly pull_request?: { readonly number: number; readonly head?: { readonly sha?: string } } };
}

export interface ScriptCore {
  readonly summary: { addRaw(text: string, addEol?: boolean): { write(): Promise<unknown> } };
  info(message: string): void;
}

export function issueCommentsApi(github: Octokit, context: ScriptContext, issueNumber: number): CommentsApi {
  const where = { owner: context.repo.owner, repo: context.repo.repo };
  return {
    list: () => github.paginate<IssueComment>(github.rest.issues.listComments, { ...where, issue_number: issueNumber, per_page: 100 }),
    create: async (body) => void (await github.rest.issues.createComment({ ...where, issue_number: issueNumber, body })),
    update: async (commentId, body) => void (await github.rest.issues.updateComment({ ...where, comment_id: commentId, body })),
  };
}

/** What the plan step left behind: its exit code (unset when a fork PR was not planned) and its files. */
export interface PlanStepResult {
  readonly environment: string;
  /** PLAN_EXIT_CODE; undefined means the plan was skipped because the pull request comes from a fork. */
  readonly exitCode?: string;
  /** Folder with plan.json (`show -json`), plan.txt (`show -no-color`) and plan.log (the plan's own output). */
  readonly planDir: string;
}

/** Builds the comment input from the plan step's files; reads only the files the outcome has. */
export function planCommentInput(step: PlanStepResult, context: ScriptContext, readText = (p: string) => readFileSync(p, 'utf8')): PlanCommentInput {
  const runUrl = `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`;
  const base = { environment: step.environment, runUrl, commitSha: context.payload.pull_request?.head?.sha };
  if (step.exitCode === undefined || step.exitCode === '') return { ...base, mode: 'fork-skipped' };
  const mode = modeFromExitCode(Number(step.exitCode));
  if (mode === 'error') return { ...base, mode, details: readText(join(step.planDir, 'plan.log')) };
  return {
    ...base,
    mode,
    planJson: JSON.parse(readText(join(step.planDir, 'plan.json'))) as PlanJson,
    details: readText(join(step.planDir, 'plan.txt')),
  };
}

/** github-script entry: comment (when the token may) and job summary. Env: LIVE_ENV, PLAN_EXIT_CODE, PLAN_DIR. */
export async function postPlanComment(deps: { github: Octokit; context: ScriptContext; core: ScriptCore }, env = process.env): Promise<void> {
  const input = planCommentInput({ environment: liveEnvName(env), exitCode: env.PLAN_EXIT_CODE, planDir: env.PLAN_DIR ?? '.' }, deps.context);
  const body = formatPlanComment(input);
  await deps.core.summary.addRaw(body, true).write();
  const pr = deps.context.payload.pull_request;
  // A fork's token is read-only: the summary above is where its explanation goes.
  if (input.mode === 'fork-skipped' || !pr) return deps.core.info(`no comment posted (${input.mode === 'fork-skipped' ? 'fork pull request' : 'not a pull request'})`);
  const action = await upsertComment(issueCommentsApi(deps.github, deps.context, pr.number), commentMarker(input.environment), body);
  deps.core.info(`plan comment ${action} on #${pr.number}`);
}
