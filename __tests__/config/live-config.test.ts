import { liveEnvName } from '../../core/naming';
import { loadConfig } from '../../config/live-config';
import { type ConfigEnv } from '../../config/config-error';
import { configProblems } from '../../testing/config-problems';

const problemsOf = (vars: ConfigEnv, readText?: (path: string) => string) => configProblems(() => loadConfig(vars, readText));

describe('loadConfig', () => {
  it('applies the defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'dev',
      region: 'us-east-1',
      channelName: 'ivs-live-dev',
      latencyMode: 'LOW',
      channelType: 'STANDARD',
      state: undefined,
      firstQuestionDelaySeconds: 0,
      logRetentionDays: 14,
    });
    expect(JSON.parse(config.metadataJson)).toMatchObject({ type: 'quiz', correctIndex: 2 });
  });

  it('treats empty variables as unset, as GitHub passes unset repository variables', () => {
    expect(loadConfig({ AWS_REGION: '', LIVE_ENV: '', STATE_BUCKET: '', METADATA_FILE: '' })).toMatchObject({
      env: 'dev',
      region: 'us-east-1',
      state: undefined,
    });
  });

  it('derives the state key from the environment when a state bucket is set', () => {
    expect(loadConfig({ LIVE_ENV: 'staging', STATE_BUCKET: 'acme.tf-state', AWS_REGION: 'eu-central-1' }).state).toEqual({
      bucket: 'acme.tf-state',
      key: 'ivs-live/staging/terraform.tfstate',
      region: 'eu-central-1',
    });
  });

  it('keeps an explicit state key under the environment\'s prefix, and an explicit state region', () => {
    expect(loadConfig({ LIVE_ENV: 'prod', STATE_BUCKET: 'b12', STATE_KEY: 'ivs-live/prod/live.tfstate', STATE_REGION: 'eu-west-2' }).state).toEqual({
      bucket: 'b12',
      key: 'ivs-live/prod/live.tfstate',
      region: 'eu-west-2',
    });
  });

  it('creates the function roles in the live stack unless FUNCTION_ROLES says the bootstrap stack made them', () => {
    expect(loadConfig({}).functionRoles).toBe('stack');
    expect(loadConfig({ FUNCTION_ROLES: '' }).functionRoles).toBe('stack');
    expect(loadConfig({ FUNCTION_ROLES: 'bootstrap' }).functionRoles).toBe('bootstrap');
  });

  it('compacts METADATA_JSON, since whitespace counts against the 1 KB limit', () => {
    const config = loadConfig({ METADATA_JSON: '{ "type": "announcement",\n  "text": "Hello" }' });
    expect(config.metadataJson).toBe('{"type":"announcement","text":"Hello"}');
  });

  it('reads METADATA_FILE relative to the project root', () => {
    const read = jest.fn(() => '{"type":"announcement","text":"from file"}');
    expect(loadConfig({ METADATA_FILE: 'shows/intro.json' }, read).metadataJson).toBe('{"type":"announcement","text":"from file"}');
    expect(read).toHaveBeenCalledWith(expect.stringMatching(/\/shows\/intro\.json$/));
  });

  it.each<[string, ConfigEnv, string]>([
    ['an environment name with capitals', { LIVE_ENV: 'Prod' }, 'LIVE_ENV is "Prod"; allowed: 1 to 20 lowercase letters, digits and single dashes'],
    ['an environment name with the name separator', { LIVE_ENV: 'dev--x' }, 'LIVE_ENV is "dev--x"; allowed: 1 to 20 lowercase letters, digits and single dashes, starting with a letter and not ending with a dash ("--" separates the environment from the resource in every name)'],
    ['an environment name ending with a dash', { LIVE_ENV: 'prod-' }, 'LIVE_ENV is "prod-"'],
    ['an environment name too long for resource names', { LIVE_ENV: 'a'.repeat(21) }, `LIVE_ENV is "${'a'.repeat(21)}"`],
    ['a malformed region', { AWS_REGION: 'virginia' }, 'AWS_REGION is "virginia"; allowed: an AWS region code such as us-east-1'],
    ['a region without IVS', { AWS_REGION: 'sa-east-1' }, 'AWS_REGION is "sa-east-1"; allowed: a region with Amazon IVS low-latency streaming: us-east-1, us-west-2'],
    ['an invalid channel name', { IVS_CHANNEL_NAME: 'my show!' }, 'IVS_CHANNEL_NAME is "my show!"; allowed: 1 to 128 letters, digits, dashes and underscores'],
    ['an unknown latency mode', { IVS_LATENCY_MODE: 'SUPERFAST' }, 'IVS_LATENCY_MODE is "SUPERFAST"; allowed: LOW, NORMAL'],
    ['a lowercase latency mode', { IVS_LATENCY_MODE: 'low' }, 'IVS_LATENCY_MODE is "low"; allowed: LOW, NORMAL'],
    ['an unknown channel type', { IVS_CHANNEL_TYPE: 'PREMIUM' }, 'IVS_CHANNEL_TYPE is "PREMIUM"; allowed: STANDARD, BASIC, ADVANCED_SD, ADVANCED_HD'],
    ['an invalid state bucket name', { STATE_BUCKET: 'My_Bucket' }, 'STATE_BUCKET is "My_Bucket"; allowed: an S3 bucket name'],
    ['a state key with a leading slash', { STATE_BUCKET: 'state-b', STATE_KEY: '/abs.tfstate' }, 'STATE_KEY is "/abs.tfstate"'],
    ['a state key outside the environment\'s prefix', { STATE_BUCKET: 'state-b', STATE_KEY: 'ivs-live/prod/terraform.tfstate' }, 'STATE_KEY is "ivs-live/prod/terraform.tfstate"; allowed: an S3 object key under ivs-live/dev/ (the prefix of LIVE_ENV "dev")'],
    ['a state key that climbs out of the prefix', { STATE_BUCKET: 'state-b', STATE_KEY: 'ivs-live/dev/../prod/terraform.tfstate' }, 'STATE_KEY is "ivs-live/dev/../prod/terraform.tfstate"; allowed: an S3 object key under ivs-live/dev/'],
    ['a state key of another environment that shares a name prefix', { LIVE_ENV: 'dev-x', STATE_BUCKET: 'state-b', STATE_KEY: 'ivs-live/dev/terraform.tfstate' }, 'STATE_KEY is "ivs-live/dev/terraform.tfstate"; allowed: an S3 object key under ivs-live/dev-x/'],
    ['a state key without a state bucket', { STATE_KEY: 'x.tfstate' }, 'STATE_KEY is set but STATE_BUCKET is not'],
    ['a malformed state region', { STATE_BUCKET: 'state-b', STATE_REGION: 'EU' }, 'STATE_REGION is "EU"; allowed: an AWS region code'],
    ['metadata that is not JSON', { METADATA_JSON: '{type: quiz}' }, 'METADATA_JSON is not a valid timed-metadata payload: is not valid JSON'],
    ['metadata over 1 KB', { METADATA_JSON: JSON.stringify({ type: 'announcement', text: 'x'.repeat(1100) }) }, 'METADATA_JSON is not a valid timed-metadata payload: is 1133 bytes; IVS allows at most 1024 bytes (UTF-8)'],
    ['metadata of an unknown type', { METADATA_JSON: '{"type":"poll"}' }, 'METADATA_JSON is not a valid timed-metadata payload: "type" is "poll"; allowed: "quiz", "announcement", "results"'],
    ['a quiz whose correct answer does not exist', { METADATA_JSON: '{"type":"quiz","question":"Q?","answers":["a","b"],"correctIndex":2}' }, '"correctIndex" must be an integer from 0 to 1'],
    ['both metadata variables', { METADATA_JSON: '{}', METADATA_FILE: 'q.json' }, 'METADATA_JSON and METADATA_FILE are both set; set only one of them'],
    ['a metadata file that cannot be read', { METADATA_FILE: 'missing.json' }, 'METADATA_FILE is "missing.json"; the file cannot be read'],
    ['a metadata file outside the project', { METADATA_FILE: '../secrets.json' }, 'METADATA_FILE is "../secrets.json"; allowed: a path relative to the project root that stays inside it (no absolute path, no "..")'],
    ['a metadata file given by absolute path', { METADATA_FILE: '/etc/hostname' }, 'METADATA_FILE is "/etc/hostname"; allowed: a path relative to the project root that stays inside it'],
    ['a metadata file that climbs out through a folder', { METADATA_FILE: 'examples/../../x.json' }, 'METADATA_FILE is "examples/../../x.json"; allowed: a path relative to the project root'],
    ['a negative delay', { FIRST_QUESTION_DELAY_SECONDS: '-5' }, 'FIRST_QUESTION_DELAY_SECONDS is "-5"; allowed: a whole number of seconds from 0 to 600'],
    ['a fractional delay', { FIRST_QUESTION_DELAY_SECONDS: '1.5' }, 'FIRST_QUESTION_DELAY_SECONDS is "1.5"'],
    ['a delay longer than a Lambda may wait', { FIRST_QUESTION_DELAY_SECONDS: '601' }, 'FIRST_QUESTION_DELAY_SECONDS is "601"'],
    ['a retention CloudWatch does not offer', { LOG_RETENTION_DAYS: '10' }, 'LOG_RETENTION_DAYS is "10"; allowed: 1, 3, 5, 7, 14, 30'],
    ['an unknown source of function roles', { FUNCTION_ROLES: 'pipeline' }, 'FUNCTION_ROLES is "pipeline"; allowed: stack, bootstrap (bootstrap: the roles npm run bootstrap made for LIVE_ENV, as the pipeline uses)'],
  ])('rejects %s', (_case, vars, message) => {
    const problems = problemsOf(vars, vars.METADATA_FILE === 'missing.json' ? () => { throw new Error('ENOENT'); } : undefined);
    expect(problems).toEqual([expect.stringContaining(message)]);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ LIVE_ENV: 'X', IVS_LATENCY_MODE: 'FAST', IVS_CHANNEL_TYPE: 'HUGE' })).toHaveLength(3);
  });

  it('throws a ConfigError whose message lists each problem on its own line', () => {
    expect(() => loadConfig({ IVS_LATENCY_MODE: 'FAST', AWS_REGION: 'mars-1' })).toThrow(
      'Invalid configuration:\n  - AWS_REGION is "mars-1"; allowed: an AWS region code such as us-east-1\n  - IVS_LATENCY_MODE is "FAST"; allowed: LOW, NORMAL',
    );
  });
});

describe('liveEnvName', () => {
  it('is LIVE_ENV, with unset and empty both meaning dev', () => {
    expect([liveEnvName({ LIVE_ENV: 'prod' }), liveEnvName({}), liveEnvName({ LIVE_ENV: '' })]).toEqual(['prod', 'dev', 'dev']);
  });
});
