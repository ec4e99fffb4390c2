// FIRST_QUESTION_DELAY_SECONDS: whole seconds from 0 to 600, and the three places that read it (synth, the
// function's environment, `npm start --question-delay`) accept and refuse the same values.
import { parseQuestionDelay, QUESTION_DELAY_RULE } from '../../core/question-delay';
import { loadShowConfig } from '../../config/show-config';
import { readFunctionConfig } from '../../functions/put-metadata/env';
import { parsePreviewArgs } from '../../local/preview-args';

const VALUES: readonly [string, number | undefined][] = [
  ['0', 0],
  ['15', 15],
  ['600', 600],
  ['601', undefined],
  ['1.5', undefined],
  ['-1', undefined],
  ['soon', undefined],
  ['1e2', undefined],
  [' 7', undefined],
];

const readers = {
  synth: (raw: string) => attempt(() => loadShowConfig({ FIRST_QUESTION_DELAY_SECONDS: raw }).firstQuestionDelaySeconds),
  'the function': (raw: string) =>
    attempt(() => readFunctionConfig({ CHANNEL_ARN: 'arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf123456', METADATA_JSON: '{"type":"announcement","text":"Hi"}', FIRST_QUESTION_DELAY_SECONDS: raw }).firstQuestionDelaySeconds),
  'npm start --question-delay': (raw: string) => attempt(() => (parsePreviewArgs(['--question-delay', raw], {}) as { questionDelaySeconds?: number }).questionDelaySeconds),
};

function attempt(read: () => number | undefined): number | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

describe('parseQuestionDelay', () => {
  it.each(VALUES)('reads %j as %j', (raw, seconds) => expect(parseQuestionDelay(raw)).toBe(seconds));

  it('names the rule in words for every message', () => {
    expect(QUESTION_DELAY_RULE).toBe('a whole number of seconds from 0 to 600');
  });
});

describe.each(Object.entries(readers))('%s', (_where, read) => {
  it('accepts and refuses exactly what the rule does', () => {
    for (const [raw, seconds] of VALUES) expect({ raw, seconds: read(raw) }).toEqual({ raw, seconds });
  });
});
