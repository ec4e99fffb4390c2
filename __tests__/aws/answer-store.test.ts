// The question and answer calls with the real SDK against dynalite (started by the test): opening, re-sending,
// answering exactly once under concurrency, closing, counting and freezing, as the functions and the host make them.
import { ANSWER_SHARDS, type CurrentQuestion } from '../../core/answers';
import { countAnswers, storeAnswer } from '../../aws/answer-store';
import {
  closeQuestion,
  forgetCurrentQuestion,
  freezeCounts,
  openQuestion,
  QuestionNotFound,
  readCurrentQuestion,
  readQuestion,
} from '../../aws/question-store';
import { startTestAnswerTables, type TestAnswerTables } from '../../testing/answer-table';

jest.setTimeout(60_000);

const PAYLOAD = '{"type":"quiz","id":"q1","question":"2+2?","answers":["3","4","5"]}';
const viewer = (n: number): string => `viewer-${String(n).padStart(12, '0')}`;

let tables: TestAnswerTables;
let table: string;

beforeAll(async () => {
  tables = await startTestAnswerTables();
});
afterAll(async () => tables?.stop());
beforeEach(async () => {
  table = await tables.freshTable();
});

const open = (overrides: Partial<Parameters<typeof openQuestion>[2]> = {}) =>
  openQuestion(tables.client, table, { questionId: 'q1', round: 'st-1', payload: PAYLOAD, answerCount: 3, correctIndex: 1, windowSeconds: 60, now: 1_000, ...overrides });
const answer = (current: CurrentQuestion, viewerId: string, choice: number, now = 2_000) =>
  storeAnswer(tables.client, table, current, { questionId: current.questionId, viewerId, choice }, now);

describe('opening a question', () => {
  it('makes it the current question, with its window, answers and shards', async () => {
    const { question, openedNow } = await open();
    expect(openedNow).toBe(true);
    expect(question).toMatchObject({ status: 'open', round: 'st-1', correctIndex: 1, closesAt: 61_000, shards: ANSWER_SHARDS });
    expect(await readCurrentQuestion(tables.client, table)).toEqual({ questionId: 'q1', round: 'st-1', answerCount: 3, shards: ANSWER_SHARDS, closesAt: 61_000 });
  });

  it('keeps an open question and its answers when the same sender or the same payload comes again', async () => {
    const { question } = await open();
    await answer(await currentOf(), viewer(1), 0);
    expect((await open({ now: 5_000 })).openedNow).toBe(false);
    expect((await open({ round: 'cli-2', now: 6_000 })).openedNow).toBe(false);
    expect(await readQuestion(tables.client, table, 'q1')).toMatchObject({ round: question.round, openedAt: 1_000 });
    expect((await countAnswers(tables.client, table, await currentOf())).counts).toEqual([1, 0, 0]);
  });

  it('opens the same id afresh, answers apart, when a later show asks it or the host asks it again after its reveal', async () => {
    await open();
    await answer(await currentOf(), viewer(1), 0);
    const later = await open({ round: 'st-2', now: 200_000 });
    expect(later.openedNow).toBe(true);
    expect(await readCurrentQuestion(tables.client, table)).toMatchObject({ round: 'st-2', closesAt: 260_000 });
    expect((await countAnswers(tables.client, table, await currentOf())).counts).toEqual([0, 0, 0]);
    expect(await answer(await currentOf(), viewer(1), 2, 201_000)).toEqual({ outcome: 'recorded', choice: 2 });
  });

  it('does not reopen a revealed question for a repeat of the same sender', async () => {
    const { question } = await open();
    const closed = await closeQuestion(tables.client, table, 'q1', 3_000);
    await freezeCounts(tables.client, table, closed, [0, 0, 0]);
    expect((await open({ now: 4_000 })).openedNow).toBe(false);
    expect(await readQuestion(tables.client, table, 'q1')).toMatchObject({ round: question.round, status: 'revealed' });
    expect(await readCurrentQuestion(tables.client, table)).toMatchObject({ closesAt: 3_000 });
  });

  it('forgets the current question at the end of the show, twice without error', async () => {
    await open();
    await forgetCurrentQuestion(tables.client, table);
    await forgetCurrentQuestion(tables.client, table);
    expect(await readCurrentQuestion(tables.client, table)).toBeUndefined();
  });
});

describe('storing answers', () => {
  it('records a first answer, calls the same answer again a duplicate, and refuses a change of mind', async () => {
    await open();
    const current = await currentOf();
    expect(await answer(current, viewer(1), 1)).toEqual({ outcome: 'recorded', choice: 1 });
    expect(await answer(current, viewer(1), 1)).toEqual({ outcome: 'duplicate', choice: 1 });
    expect(await answer(current, viewer(1), 2)).toEqual({ outcome: 'already-answered', choice: 1 });
    expect((await countAnswers(tables.client, table, current)).counts).toEqual([0, 1, 0]);
  });

  it('stores 50 identical concurrent requests of one viewer exactly once', async () => {
    await open();
    const current = await currentOf();
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => answer(current, viewer(7), 2)));
    expect(outcomes.filter((o) => o.outcome === 'recorded')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'duplicate')).toHaveLength(49);
    expect((await countAnswers(tables.client, table, current)).counts).toEqual([0, 0, 1]);
  });

  it('counts 300 viewers over every shard exactly, whatever order they answer in', async () => {
    await open();
    const current = await currentOf();
    await Promise.all(Array.from({ length: 300 }, (_, i) => answer(current, viewer(i), i % 3)));
    const tally = await countAnswers(tables.client, table, current);
    expect(tally.counts).toEqual([100, 100, 100]);
    expect(tally.pages).toBeGreaterThanOrEqual(ANSWER_SHARDS);
  });
});

describe('closing and revealing', () => {
  it('closes the question and the current one at once, and a second close returns it as it is', async () => {
    await open();
    const closed = await closeQuestion(tables.client, table, 'q1', 5_000);
    expect(closed).toMatchObject({ status: 'closed', closedAt: 5_000 });
    expect(await readCurrentQuestion(tables.client, table)).toMatchObject({ closesAt: 5_000 });
    expect(await closeQuestion(tables.client, table, 'q1', 9_000)).toMatchObject({ status: 'closed', closedAt: 5_000 });
  });

  it('freezes the counts once: a second freeze gets the first one\'s counts', async () => {
    await open();
    const closed = await closeQuestion(tables.client, table, 'q1', 5_000);
    expect(await freezeCounts(tables.client, table, closed, [1, 2, 3])).toEqual([1, 2, 3]);
    expect(await freezeCounts(tables.client, table, closed, [9, 9, 9])).toEqual([1, 2, 3]);
    expect(await readQuestion(tables.client, table, 'q1')).toMatchObject({ status: 'revealed', counts: [1, 2, 3] });
  });

  it('names a question that was never opened', async () => {
    await expect(closeQuestion(tables.client, table, 'nope', 1)).rejects.toThrow(QuestionNotFound);
    await expect(readQuestion(tables.client, table, 'nope')).rejects.toThrow('no question "nope" was opened for answers');
  });
});

async function currentOf(): Promise<CurrentQuestion> {
  const current = await readCurrentQuestion(tables.client, table);
  if (current === undefined) throw new Error('no current question');
  return current;
}
