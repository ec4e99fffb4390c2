// The answer rules every layer shares: the request body, the status and reason of each outcome, the answer window,
// the reveal's wait, the viewer's shard, and percentages that add up.
import {
  ANSWER_STATUS,
  answerReply,
  answerWindowDecision,
  isRetryableStatus,
  MAX_ANSWER_BODY_BYTES,
  parseAnswerRequest,
  parseAnswerWindow,
  percentages,
  REVEAL_GRACE_MS,
  revealWaitMs,
  shardOf,
  type CurrentQuestion,
} from '../../core/answers';

const VIEWER = 'AbCdEfGhIjKlMnOpQrStUv';
const body = (value: unknown): string => JSON.stringify(value);

describe('parseAnswerRequest', () => {
  it('accepts a question id, a viewer id and a choice index', () => {
    expect(parseAnswerRequest(body({ questionId: 'q1', viewerId: VIEWER, choice: 3 }))).toEqual({ ok: true, request: { questionId: 'q1', viewerId: VIEWER, choice: 3 } });
  });

  it.each([
    ['text that is not JSON', '{"questionId":', 'the body is not JSON'],
    ['an array', '[]', 'the body must be a JSON object'],
    ['a missing question id', body({ viewerId: VIEWER, choice: 0 }), '"questionId" must be 1 to 64 letters'],
    ['a question id with the keys\' separator', body({ questionId: 'q#1', viewerId: VIEWER, choice: 0 }), '"questionId" must be'],
    ['a short viewer id', body({ questionId: 'q1', viewerId: 'abc', choice: 0 }), '"viewerId" must be 16 to 64'],
    ['a choice given as text', body({ questionId: 'q1', viewerId: VIEWER, choice: '1' }), '"choice" must be an integer from 0 to 5'],
    ['a choice past six answers', body({ questionId: 'q1', viewerId: VIEWER, choice: 6 }), '"choice" must be an integer from 0 to 5'],
    ['an unknown field', body({ questionId: 'q1', viewerId: VIEWER, choice: 0, weight: 100 }), 'unknown field "weight"'],
  ])('refuses %s as malformed, saying why', (_name, text, reason) => {
    const result = parseAnswerRequest(text);
    expect(result).toMatchObject({ ok: false, outcome: 'malformed' });
    expect(result.ok || result.message).toContain(reason);
  });

  it('refuses a body over the limit as too large before reading it', () => {
    const text = body({ questionId: 'q1', viewerId: VIEWER, choice: 0, pad: 'x'.repeat(MAX_ANSWER_BODY_BYTES) });
    expect(parseAnswerRequest(text)).toEqual({ ok: false, outcome: 'too-large', message: `The request body is over ${MAX_ANSWER_BODY_BYTES} bytes.` });
  });
});

describe('the answer statuses', () => {
  it('never answers 403 or 404, which the CDN would turn into the page', () => {
    expect(Object.values(ANSWER_STATUS).filter((status) => status === 403 || status === 404)).toEqual([]);
  });

  it('answers each outcome with its status, its reason and the choice on record', () => {
    expect(answerReply('already-answered', { choice: 2 })).toEqual({
      status: 409,
      body: { outcome: 'already-answered', message: 'You already answered this question; your first answer stands.', choice: 2 },
    });
    expect(answerReply('recorded', { choice: 0 }).status).toBe(201);
    expect(answerReply('duplicate', { choice: 0 }).status).toBe(200);
    expect(answerReply('unavailable').status).toBe(503);
  });

  it('has the page repeat only what a repeat can fix', () => {
    expect([200, 201, 400, 405, 409, 413, 415, 429, 500, 502, 503].filter(isRetryableStatus)).toEqual([429, 500, 502, 503]);
  });
});

describe('the answer window', () => {
  const current: CurrentQuestion = { questionId: 'q1', round: 'r', answerCount: 3, closesAt: 10_000, shards: 8 };

  it('takes an answer to the current question before it closes', () => {
    expect(answerWindowDecision(current, 'q1', 2, 9_999)).toBe('open');
  });

  it('refuses another question, no question at all, a closed one and a choice it does not have', () => {
    expect(answerWindowDecision(current, 'q0', 0, 1)).toBe('unknown-question');
    expect(answerWindowDecision(undefined, 'q1', 0, 1)).toBe('unknown-question');
    expect(answerWindowDecision(current, 'q1', 0, 10_000)).toBe('closed');
    expect(answerWindowDecision(current, 'q1', 3, 1)).toBe('invalid-choice');
  });

  it('reads a window in whole seconds from 5 to 3600', () => {
    expect(['5', '300', '3600', ' 60 '].map(parseAnswerWindow)).toEqual([5, 300, 3600, 60]);
    expect(['4', '3601', '1.5', '-5', 'soon', ''].map(parseAnswerWindow)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('waits out the grace period after a close, and not again later', () => {
    expect(revealWaitMs(1_000, 1_000)).toBe(REVEAL_GRACE_MS);
    expect(revealWaitMs(1_000, 1_000 + REVEAL_GRACE_MS + 1)).toBe(0);
  });
});

describe('shardOf', () => {
  it('puts a viewer on the same shard every time, and spreads viewers over every shard', () => {
    expect(shardOf(VIEWER, 8)).toBe(shardOf(VIEWER, 8));
    const used = new Set(Array.from({ length: 400 }, (_, i) => shardOf(`viewer-${i}-xxxxxxxxxxxx`, 8)));
    expect([...used].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('percentages', () => {
  it.each([
    [[1, 1], [50, 50]],
    [[1, 1, 1], [34, 33, 33]],
    [[0, 0, 0], [0, 0, 0]],
    [[2, 0, 1, 0, 0, 0], [67, 0, 33, 0, 0, 0]],
    [[999, 1], [100, 0]],
  ])('turns %j into %j, adding up to 100', (counts, expected) => {
    expect(percentages(counts)).toEqual(expected);
  });
});
