// The host's reveal: close a question for answers, wait out the answers still in flight, count them once, and make the
// `results` payload every page shows. The counts are frozen in the question's item, so a second reveal (a retry, a
// second host) sends the same split.
import { revealWaitMs } from '../core/answers';
import { validateMetadata, type ResultsPayload } from '../core/payload';
import { countAnswers, type AnswerStoreClient } from '../aws/answer-store';
import { closeQuestion, freezeCounts, QuestionNotFound, type QuestionStoreClient } from '../aws/question-store';
import { UsageError } from './send-metadata-args';

export interface RevealDependencies {
  readonly client: QuestionStoreClient & AnswerStoreClient;
  readonly table: string;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly print: (line: string) => void;
}

export interface Reveal {
  /** The question as viewers got it (JSON text): the late-joiner object keeps it beside its results. */
  readonly question: string;
  /** The `results` payload (JSON text), checked by the one payload schema. */
  readonly results: string;
}

export async function revealQuestion(deps: RevealDependencies, questionId: string, correctIndex: number | undefined): Promise<Reveal> {
  let question;
  try {
    question = await closeQuestion(deps.client, deps.table, questionId, deps.now());
  } catch (error: unknown) {
    if (error instanceof QuestionNotFound) throw new UsageError(`no question ${JSON.stringify(questionId)} was asked in table ${deps.table}: send it first`);
    throw error;
  }
  let counts = question.counts;
  if (counts === undefined) {
    const wait = revealWaitMs(question.closedAt ?? deps.now(), deps.now());
    if (wait > 0) {
      deps.print(`closed ${JSON.stringify(questionId)} for answers; counting in ${(wait / 1000).toFixed(1)} s, when every answer in flight has landed`);
      await deps.sleep(wait);
    }
    const tally = await countAnswers(deps.client, deps.table, question);
    counts = await freezeCounts(deps.client, deps.table, question, tally.counts);
  }
  const right = question.correctIndex ?? correctIndex;
  if (right !== undefined && right >= counts.length) throw new UsageError(`--correct is ${right + 1}; the question has ${counts.length} answers`);
  const payload: ResultsPayload = { type: 'results', id: questionId, counts, ...(right !== undefined && { correctIndex: right }) };
  const results = JSON.stringify(payload);
  validateMetadata(results);
  return { question: question.payload, results };
}
