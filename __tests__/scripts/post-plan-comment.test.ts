import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commentMarker } from '../../scripts/plan-comment';
import {
  planCommentInput,
  postPlanComment,
  upsertComment,
  type CommentsApi,
  type Octokit,
  type ScriptContext,
} from '../../scripts/post-plan-comment';
import { fixture, FIXTURE_SECRET, FIXTURES_DIR } from '../../testing/plan-fixtures';

/** An in-memory pull request thread behind the same calls github-script's Octokit makes. */
class FakeThread {
  comments: { id: number; body: string; user: { type: string; login: string } }[] = [];
  private nextId = 100;

  add(body: string, type = 'Bot'): number {
    const id = this.nextId++;
    this.comments.push({ id, body, user: { type, login: type === 'Bot' ? 'github-actions[bot]' : 'someone' } });
    return id;
  }

  api(): CommentsApi {
    return {
      list: async () => this.comments.map((c) => ({ ...c })),
      create: async (body) => void this.add(body),
      update: async (id, body) => {
        const comment = this.comments.find((c) => c.id === id);
        if (!comment) throw new Error(`no comment ${id}`);
        comment.body = body;
      },
    };
  }

  octokit(calls: string[]): Octokit {
    const listComments = () => undefined;
    return {
      paginate: async <T>(method: unknown, params: Record<string, unknown>) => {
        calls.push(`paginate ${method === listComments ? 'listComments' : 'other'} #${String(params.issue_number)}`);
        return this.comments.map((c) => ({ ...c })) as T[];
      },
      rest: {
        issues: {
          listComments,
          createComment: async (params) => {
            calls.push(`create #${params.issue_number}`);
            this.add(params.body);
          },
          updateComment: async (params) => {
            calls.push(`update ${params.comment_id}`);
            this.comments.find((c) => c.id === params.comment_id)!.body = params.body;
          },
        },
      },
    };
  }
}

const MARKER = commentMarker('dev');

describe('upsertComment', () => {
  it('creates the comment when the pull request has none', async () => {
    const thread = new FakeThread();
    await expect(upsertComment(thread.api(), MARKER, `${MARKER}\nfirst`)).resolves.toBe('created');
    expect(thread.comments.map((c) => c.body)).toEqual([`${MARKER}\nfirst`]);
  });

  it('updates its own earlier comment instead of adding another on each push', async () => {
    const thread = new FakeThread();
    thread.add('a review comment', 'User');
    const id = thread.add(`${MARKER}\nold plan`);
    await expect(upsertComment(thread.api(), MARKER, `${MARKER}\nnew plan`)).resolves.toBe('updated');
    expect(thread.comments).toHaveLength(2);
    expect(thread.comments.find((c) => c.id === id)!.body).toBe(`${MARKER}\nnew plan`);
  });

  it('never overwrites a person\'s comment that happens to contain the marker', async () => {
    const thread = new FakeThread();
    thread.add(`quoting the bot: ${MARKER}`, 'User');
    await expect(upsertComment(thread.api(), MARKER, `${MARKER}\nplan`)).resolves.toBe('created');
    expect(thread.comments[0].body).toBe(`quoting the bot: ${MARKER}`);
  });

  it('keeps one comment per environment', async () => {
    const thread = new FakeThread();
    thread.add(`${commentMarker('prod')}\nprod plan`);
    await upsertComment(thread.api(), MARKER, `${MARKER}\ndev plan`);
    expect(thread.comments.map((c) => c.body.split('\n')[0])).toEqual([commentMarker('prod'), MARKER]);
  });

  it('refuses a body without its marker, which could never be found again', async () => {
    await expect(upsertComment(new FakeThread().api(), MARKER, 'no marker')).rejects.toThrow(/lacks its marker/);
  });
});

describe('planCommentInput', () => {
  const context: ScriptContext = {
    repo: { owner: 'octo-org', repo: 'ivs-live' },
    serverUrl: 'https://github.com',
    runId: 7,
    payload: { pull_request: { number: 3, head: { sha: '0123456789abcdef' } } },
  };
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plan-dir-'));
    copyFileSync(join(FIXTURES_DIR, 'live-sensitive.plan.json'), join(dir, 'plan.json'));
    copyFileSync(join(FIXTURES_DIR, 'live-sensitive.plan.txt'), join(dir, 'plan.txt'));
    copyFileSync(join(FIXTURES_DIR, 'bootstrap-invalid-repository.stderr.txt'), join(dir, 'plan.log'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the saved plan when the plan exited 2', () => {
    const input = planCommentInput({ environment: 'dev', exitCode: '2', planDir: dir }, context);
    expect(input).toMatchObject({ mode: 'changes', runUrl: 'https://github.com/octo-org/ivs-live/actions/runs/7', commitSha: '0123456789abcdef' });
    expect(input.details).toBe(fixture('live-sensitive').text());
  });

  it('reads the plan log when the plan failed', () => {
    expect(planCommentInput({ environment: 'dev', exitCode: '1', planDir: dir }, context)).toMatchObject({
      mode: 'error',
      details: expect.stringContaining('Invalid value for variable'),
    });
  });

  it('reads no file when the pull request came from a fork', () => {
    const readText = jest.fn();
    expect(planCommentInput({ environment: 'dev', planDir: dir }, context, readText)).toMatchObject({ mode: 'fork-skipped' });
    expect(readText).not.toHaveBeenCalled();
  });

  describe('postPlanComment', () => {
    function core() {
      const written: string[] = [];
      const info: string[] = [];
      return {
        written,
        info,
        core: {
          summary: { addRaw: (text: string) => ({ write: async () => void written.push(text) }) },
          info: (message: string) => void info.push(message),
        },
      };
    }

    it('posts the scrubbed plan on the pull request and in the job summary', async () => {
      const thread = new FakeThread();
      const calls: string[] = [];
      const out = core();
      await postPlanComment({ github: thread.octokit(calls), context, core: out.core }, { LIVE_ENV: 'dev', PLAN_EXIT_CODE: '2', PLAN_DIR: dir });
      expect(calls).toEqual(['paginate listComments #3', 'create #3']);
      expect(thread.comments[0].body).toBe(out.written[0]);
      expect(thread.comments[0].body).toContain(MARKER);
      expect(thread.comments[0].body).not.toContain(FIXTURE_SECRET);
      expect(out.info).toEqual(['plan comment created on #3']);
    });

    it('updates the same comment on the next push', async () => {
      const thread = new FakeThread();
      const calls: string[] = [];
      const env = { LIVE_ENV: 'dev', PLAN_EXIT_CODE: '2', PLAN_DIR: dir };
      await postPlanComment({ github: thread.octokit(calls), context, core: core().core }, env);
      await postPlanComment({ github: thread.octokit(calls), context, core: core().core }, { ...env, PLAN_EXIT_CODE: '1' });
      expect(calls).toEqual(['paginate listComments #3', 'create #3', 'paginate listComments #3', 'update 100']);
      expect(thread.comments).toHaveLength(1);
      expect(thread.comments[0].body).toContain('plan failed');
    });

    it('only writes the summary for a fork, whose token cannot comment', async () => {
      const thread = new FakeThread();
      const calls: string[] = [];
      const out = core();
      await postPlanComment({ github: thread.octokit(calls), context, core: out.core }, { LIVE_ENV: 'dev', PLAN_DIR: dir });
      expect(calls).toEqual([]);
      expect(out.written[0]).toContain('pull requests from forks and Dependabot get no AWS credentials');
      expect(out.info).toEqual(['no comment posted (fork pull request)']);
    });
  });
});
