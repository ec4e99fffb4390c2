// What the late-joiner object holds: one payload as sent, or a question followed by its results.
import { currentPayloadsAfter, currentPayloadsText, parseCurrentPayloads } from '../../core/current-payloads';

const QUIZ = '{"type":"quiz","id":"q2","question":"Best pizza?","answers":["Margherita","Hawaii"]}';
const RESULTS = '{"type":"results","id":"q2","counts":[1,1],"correctIndex":0}';
const OTHER_RESULTS = '{"type":"results","id":"q9","counts":[1,1]}';
const ANNOUNCEMENT = '{"type":"announcement","text":"Back soon"}';

describe('currentPayloadsAfter', () => {
  it('keeps a question and its results together, so a late joiner sees both', () => {
    expect(currentPayloadsAfter([QUIZ], RESULTS)).toEqual([QUIZ, RESULTS]);
  });

  it('replaces what was there with anything else: a new question, an announcement, another question\'s results', () => {
    expect(currentPayloadsAfter([QUIZ, RESULTS], ANNOUNCEMENT)).toEqual([ANNOUNCEMENT]);
    expect(currentPayloadsAfter([ANNOUNCEMENT], QUIZ)).toEqual([QUIZ]);
    expect(currentPayloadsAfter([QUIZ], OTHER_RESULTS)).toEqual([OTHER_RESULTS]);
    expect(currentPayloadsAfter([], RESULTS)).toEqual([RESULTS]);
  });
});

describe('the object\'s text', () => {
  it('is a lone payload byte for byte, and a question with its results as an array that reads back the same', () => {
    expect(currentPayloadsText([QUIZ])).toBe(QUIZ);
    const both = currentPayloadsText([QUIZ, RESULTS]);
    expect(JSON.parse(both)).toEqual([JSON.parse(QUIZ), JSON.parse(RESULTS)]);
    expect(parseCurrentPayloads(both)).toEqual({ ok: true, payloads: [QUIZ, RESULTS] });
    expect(parseCurrentPayloads(QUIZ)).toEqual({ ok: true, payloads: [QUIZ] });
  });

  it.each([
    ['HTML (the site\'s not-found page)', '<!doctype html><html></html>', 'is not valid JSON'],
    ['an empty array', '[]', 'must be one payload or an array of 1 to 2'],
    ['three payloads', `[${QUIZ},${RESULTS},${RESULTS}]`, 'must be one payload or an array of 1 to 2'],
    ['an array holding a broken payload', `[${QUIZ},{"type":"poll"}]`, 'payload 2 "type" is "poll"'],
    ['a broken array', '[{"type"', 'is not valid JSON'],
  ])('refuses %s', (_name, text, problem) => {
    const result = parseCurrentPayloads(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.join('; ')).toContain(problem);
  });
});
