import { LIVE_CONFIG_VARIABLES, STATE_BACKEND_VARIABLES } from '../../config/live-variables';
import {
  describeSynthConfiguration,
  githubEnvEntries,
  parseRepositoryVariables,
  RepositoryVariablesError,
  synthConfiguration,
} from '../../scripts/repository-config';

const REPOSITORY = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCOUNT_ID: '123456789012',
  STATE_BUCKET: 'tfstate-ivs-live-123456789012-eu-west-1',
  METADATA_FILE: 'examples/quiz-question.json',
  FUNCTION_ROLES: 'stack',
  LIVE_ENV: 'prod',
  NODE_OPTIONS: '--require /tmp/evil.js',
};

/** Reads $GITHUB_ENV entries back the way the runner does: `NAME<<DELIMITER`, the value's lines, `DELIMITER`. */
function readGithubEnv(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && lines[i] !== ''; i += 1) {
    const [name, delimiter] = lines[i].split('<<');
    const end = lines.indexOf(delimiter, i + 1);
    result[name] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return result;
}

describe('parseRepositoryVariables', () => {
  it('reads the object GitHub makes of toJSON(vars), empty when no variable is set', () => {
    expect(parseRepositoryVariables(JSON.stringify(REPOSITORY, null, 2))).toEqual(REPOSITORY);
    expect(parseRepositoryVariables('{}')).toEqual({});
  });

  it.each([['not json', /is not JSON/], ['[]', /is not a JSON object/], ['null', /is not a JSON object/], ['{"A": 1}', /variable A is not a string/]])(
    'rejects %s, naming IVS_LIVE_VARIABLES',
    (json, message) => {
      expect(() => parseRepositoryVariables(json)).toThrow(RepositoryVariablesError);
      expect(() => parseRepositoryVariables(json)).toThrow(message);
      expect(() => parseRepositoryVariables(json)).toThrow(/IVS_LIVE_VARIABLES/);
    },
  );
});

describe('synthConfiguration', () => {
  it('passes on exactly the configuration variables that are set, never the pipeline\'s own or any other', () => {
    expect(synthConfiguration(REPOSITORY, { localState: false })).toEqual({
      variables: { AWS_REGION: 'eu-west-1', STATE_BUCKET: REPOSITORY.STATE_BUCKET, METADATA_FILE: 'examples/quiz-question.json', FUNCTION_ROLES: 'bootstrap' },
      withheld: [],
    });
  });

  it('always synthesizes with the bootstrap\'s function roles, whatever FUNCTION_ROLES the repository sets', () => {
    expect(synthConfiguration({ FUNCTION_ROLES: 'stack' }, { localState: true }).variables).toEqual({ FUNCTION_ROLES: 'bootstrap' });
    expect(synthConfiguration({}, { localState: false }).variables).toEqual({ FUNCTION_ROLES: 'bootstrap' });
  });

  it('passes on every configuration variable except LIVE_ENV, which each workflow sets for the whole run', () => {
    const all = Object.fromEntries(LIVE_CONFIG_VARIABLES.map((name) => [name, `${name}-value`]));
    expect(Object.keys(synthConfiguration(all, { localState: false }).variables).sort()).toEqual(LIVE_CONFIG_VARIABLES.filter((name) => name !== 'LIVE_ENV').sort());
  });

  it('leaves out the state backend variables for a local-state synth, and says so', () => {
    const all = Object.fromEntries(LIVE_CONFIG_VARIABLES.map((name) => [name, `${name}-value`]));
    const config = synthConfiguration(all, { localState: true });
    expect(Object.keys(config.variables)).not.toEqual(expect.arrayContaining([...STATE_BACKEND_VARIABLES]));
    for (const name of STATE_BACKEND_VARIABLES) expect(Object.keys(config.variables)).not.toContain(name);
    expect(config.withheld).toEqual([...STATE_BACKEND_VARIABLES]);
    expect(describeSynthConfiguration(config)).toContain('Left out, this job synthesizes with local state: STATE_BUCKET, STATE_KEY, STATE_REGION');
  });

  it('treats an empty variable as unset', () => {
    expect(synthConfiguration({ AWS_REGION: '', METADATA_FILE: 'x.json' }, { localState: false }).variables).toEqual({ METADATA_FILE: 'x.json', FUNCTION_ROLES: 'bootstrap' });
  });
});

describe('githubEnvEntries', () => {
  it('keeps a multi-line value as one value', () => {
    const variables = { METADATA_JSON: '{\n  "type": "announcement",\n  "text": "Hi"\n}', AWS_REGION: 'eu-west-1' };
    const text = githubEnvEntries(variables, 'ghadelimiter_1234');
    expect(text).toBe(`METADATA_JSON<<ghadelimiter_1234\n${variables.METADATA_JSON}\nghadelimiter_1234\nAWS_REGION<<ghadelimiter_1234\neu-west-1\nghadelimiter_1234\n`);
    expect(readGithubEnv(text)).toEqual(variables);
  });

  it('refuses a value that could end its entry early and set another variable', () => {
    const forged = 'x\nghadelimiter_1234\nNODE_OPTIONS=--require /tmp/evil.js';
    expect(() => githubEnvEntries({ METADATA_JSON: forged }, 'ghadelimiter_1234')).toThrow('variable METADATA_JSON contains the $GITHUB_ENV delimiter');
  });
});

describe('describeSynthConfiguration', () => {
  it('names the variables passed on, never their values, and the pipeline\'s fixed setting', () => {
    const text = describeSynthConfiguration(synthConfiguration({ ...REPOSITORY, METADATA_JSON: '{"type":"announcement","text":"secret plan"}' }, { localState: false }));
    expect(text).toBe('Passed on to synth from the repository variables: AWS_REGION, STATE_BUCKET, METADATA_JSON, METADATA_FILE\nSet by the pipeline: FUNCTION_ROLES=bootstrap\n');
    expect(text).not.toContain('secret plan');
  });

  it('says that synth uses the defaults when no configuration variable is set', () => {
    expect(describeSynthConfiguration(synthConfiguration({}, { localState: false }))).toMatch(/synth uses the defaults/);
  });
});
