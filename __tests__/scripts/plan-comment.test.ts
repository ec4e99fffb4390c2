import {
  codeFence,
  COMMENT_BUDGET,
  commentMarker,
  countChanges,
  formatPlanComment,
  MAX_COMMENT_CHARS,
  modeFromExitCode,
  redact,
  scrub,
  sensitiveStrings,
  summaryLine,
  truncateKeepingTail,
  type PlanJson,
} from '../../scripts/plan-comment';
import { FIXTURE_SECRET as RECORDED_SECRET } from '../../scripts/offline-plan';
import { fixture, FIXTURE_SECRET } from '../../testing/plan-fixtures';

const RUN_URL = 'https://github.com/octo-org/ivs-live/actions/runs/42';

/** Terraform's own summary line in the text plan, to check the JSON count against. */
function terraformSummary(text: string): string {
  const line = text.split('\n').find((l) => l.startsWith('Plan: '));
  if (!line) throw new Error('no "Plan:" line in the recorded text plan');
  return line;
}

describe('modeFromExitCode', () => {
  it('maps the recorded -detailed-exitcode results to changes, no changes and error', () => {
    expect(modeFromExitCode(fixture('live-create').exitCode)).toBe('changes');
    expect(modeFromExitCode(fixture('live-no-changes').exitCode)).toBe('no-changes');
    expect(modeFromExitCode(fixture('bootstrap-invalid-repository').exitCode)).toBe('error');
  });

  it('treats any unexpected exit code as an error', () => {
    expect(modeFromExitCode(137)).toBe('error');
  });
});

describe('countChanges and summaryLine', () => {
  it.each(['live-create', 'live-sensitive', 'bootstrap-create'] as const)('agree with Terraform\'s own summary for %s', (name) => {
    const plan = fixture(name);
    expect(summaryLine(countChanges(plan.json()))).toBe(terraformSummary(plan.text()));
  });

  it('counts a replacement as one to add and one to destroy, and ignores data source reads', () => {
    const plan = fixture('live-create').json();
    const [first, ...rest] = plan.resource_changes!.filter((r) => r.change.actions[0] === 'create');
    const replaced: PlanJson = { ...plan, resource_changes: [{ ...first, change: { ...first.change, actions: ['delete', 'create'] } }, ...rest] };
    const before = countChanges(plan);
    expect(countChanges(replaced)).toMatchObject({ add: before.add, destroy: 1, change: 0 });
  });

  it('names changed outputs only when no resource changes', () => {
    expect(summaryLine({ import: 0, add: 1, change: 0, destroy: 0, outputs: 2 })).toBe('Plan: 1 to add, 0 to change, 0 to destroy.');
    expect(summaryLine({ import: 0, add: 0, change: 0, destroy: 0, outputs: 2 })).toBe('Plan: 0 to add, 0 to change, 0 to destroy; 2 outputs change.');
  });

  it('names imports first, as Terraform does', () => {
    expect(summaryLine({ import: 1, add: 2, change: 0, destroy: 0, outputs: 0 })).toBe('Plan: 1 to import, 2 to add, 0 to change, 0 to destroy.');
  });
});

describe('sensitive values', () => {
  it('uses the same made-up secret as the recorder', () => {
    expect(FIXTURE_SECRET).toBe(RECORDED_SECRET);
  });

  it('finds the secret that terraform show -json holds in clear text', () => {
    const plan = fixture('live-sensitive');
    expect(plan.rawJson()).toContain(FIXTURE_SECRET);
    expect(sensitiveStrings(plan.json())).toEqual([FIXTURE_SECRET]);
  });

  it('finds nothing to hide in a plan without known sensitive values', () => {
    expect(sensitiveStrings(fixture('live-create').json())).toEqual([]);
  });

  it('replaces nested values marked in the sensitive map and keeps the others', () => {
    const found = new Set<string>();
    const value = { name: 'site', tags: { Owner: 'ops', Token: 'abc123456' }, list: ['x', 'secret-item'] };
    const mask = { tags: { Token: true }, list: [false, true] };
    expect(redact(value, mask, found)).toEqual({ name: 'site', tags: { Owner: 'ops', Token: '(sensitive value)' }, list: ['x', '(sensitive value)'] });
    expect([...found]).toEqual(['abc123456', 'secret-item']);
  });

  it('scrubs a secret from text wherever it appears', () => {
    expect(scrub(`key = "${FIXTURE_SECRET}" and again ${FIXTURE_SECRET}`, [FIXTURE_SECRET])).toBe(
      'key = "(sensitive value)" and again (sensitive value)',
    );
  });
});

describe('formatPlanComment', () => {
  const live = fixture('live-create');

  it('starts with a hidden marker naming the environment, so each push updates the same comment', () => {
    const body = formatPlanComment({ mode: 'changes', environment: 'dev', planJson: live.json(), details: live.text(), runUrl: RUN_URL });
    expect(body.split('\n')[0]).toBe('<!-- ivs-live:terraform-plan:dev -->');
    expect(commentMarker('prod')).not.toBe(commentMarker('dev'));
  });

  it('shows the counted summary and the plan text in a collapsed block', () => {
    const body = formatPlanComment({ mode: 'changes', environment: 'dev', planJson: live.json(), details: live.text(), runUrl: RUN_URL, commitSha: 'abcdef0123456789' });
    expect(body).toContain(`**${terraformSummary(live.text())}**`);
    expect(body).toMatch(/<details><summary>terraform show \([\d,]+ characters\)<\/summary>\n\n```text\n/);
    expect(body).toContain('# aws_ivs_channel.channel_330029B8 will be created');
    expect(body).toContain('commit `abcdef0` · [workflow run](https://github.com/octo-org/ivs-live/actions/runs/42)');
  });

  it('shows sensitive values as (sensitive value) and never the value itself', () => {
    const plan = fixture('live-sensitive');
    const body = formatPlanComment({ mode: 'changes', environment: 'dev', planJson: plan.json(), details: plan.text(), runUrl: RUN_URL });
    // Terraform aligns the `=` of the outputs on the longest name.
    expect(body).toMatch(/\+ fixture_secret +=  ?\(sensitive value\)/);
    expect(body).not.toContain(FIXTURE_SECRET);
  });

  it('scrubs a sensitive value even if it leaked into the text', () => {
    const plan = fixture('live-sensitive');
    const leaky = `${plan.text()}\n  debug = "${FIXTURE_SECRET}"\n`;
    const body = formatPlanComment({ mode: 'changes', environment: 'dev', planJson: plan.json(), details: leaky, runUrl: RUN_URL });
    expect(body).not.toContain(FIXTURE_SECRET);
    expect(body).toContain('debug = "(sensitive value)"');
  });

  it('reports no changes with a zero summary', () => {
    const plan = fixture('live-no-changes');
    const body = formatPlanComment({ mode: 'no-changes', environment: 'dev', planJson: plan.json(), details: plan.text(), runUrl: RUN_URL });
    expect(body).toContain('no changes');
    expect(body).toContain('**Plan: 0 to add, 0 to change, 0 to destroy.**');
  });

  it('shows Terraform\'s error when the plan fails', () => {
    const plan = fixture('bootstrap-invalid-repository');
    const body = formatPlanComment({ mode: 'error', environment: 'dev', details: plan.stderr(), runUrl: RUN_URL });
    expect(body).toContain('plan failed');
    expect(body).toContain('Error: Invalid value for variable');
    expect(body).not.toContain('**Plan:');
  });

  it('explains why a pull request from a fork was not planned', () => {
    const body = formatPlanComment({ mode: 'fork-skipped', environment: 'dev', runUrl: RUN_URL });
    expect(body).toContain('not planned: pull requests from forks and Dependabot get no AWS credentials');
    expect(body).not.toContain('<details>');
  });

  describe('with a huge plan', () => {
    const plan = fixture('bootstrap-create');
    // Eight copies of the real bootstrap plan's resources, then its real summary: over 200,000 characters.
    const text = plan.text();
    const summaryAt = text.indexOf('\nPlan: ');
    const huge = `${text.slice(0, summaryAt).repeat(8)}${text.slice(summaryAt)}`;
    const body = formatPlanComment({ mode: 'changes', environment: 'dev', planJson: plan.json(), details: huge, runUrl: RUN_URL });

    it('stays below GitHub\'s 65,536-character limit', () => {
      expect(huge.length).toBeGreaterThan(3 * MAX_COMMENT_CHARS);
      expect(body.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    });

    it('keeps the end of the plan, with its summary and outputs', () => {
      expect(body).toContain(terraformSummary(text));
      expect(body).toContain('+ deploy_role_arns = {');
      expect(body.trimEnd().endsWith(`[workflow run](${RUN_URL})`)).toBe(true);
    });

    it('says how much was cut and links to the full log', () => {
      expect(body).toMatch(/… [\d,]+ characters cut; the full output is in the \[workflow run\]\(https:\/\/github\.com\/octo-org\/ivs-live\/actions\/runs\/42\) log\./);
      expect(body).toContain(', end shown)</summary>');
    });

    it('keeps the collapsed block well-formed', () => {
      expect(body.match(/^```text$/gm)).toHaveLength(1);
      expect(body.match(/^```$/gm)).toHaveLength(1);
      expect(body).toContain('</details>');
    });
  });
});

describe('truncateKeepingTail', () => {
  it('cuts at the start of a line', () => {
    expect(truncateKeepingTail('first line\nsecond\nthird', 12)).toEqual({ text: 'third', omitted: 18 });
  });

  it('never starts in the middle of a surrogate pair', () => {
    const { text } = truncateKeepingTail('😀😀😀', 3);
    expect(text).toBe('😀');
  });

  it('leaves short text alone', () => {
    expect(truncateKeepingTail('short', 100)).toEqual({ text: 'short', omitted: 0 });
  });
});

describe('codeFence', () => {
  it('is longer than any run of backticks in the text, so the text cannot close it', () => {
    expect(codeFence('a ```` b')).toBe('`````');
    expect(codeFence('plain')).toBe('```');
  });
});
