// EventBridge "IVS Stream State Change" -> open the question for answers (DynamoDB), keep it for late joiners (S3) and
// send it (PutMetadata) on Stream Start, forget both on Stream End: parse -> act -> log -> return or throw.
// Built by a factory so tests inject the clients, the sleep and the clock.
import { deleteCurrentQuestion, putCurrentQuestion, type CurrentQuestionClient } from '../../aws/current-question-object';
import type { FunctionConfig } from './env';
import { errorMessage } from '../../aws/errors';
import { putMetadataWithRetry, PutMetadataFailed, type PutMetadataDependencies } from '../../aws/put-metadata';
import { DEFAULT_ANSWER_WINDOW_SECONDS } from '../../core/answers';
import { parseMetadata } from '../../core/payload';
import { decideStreamEvent, type IvsStreamStateChangeEvent } from '../../core/stream-events';
import { forgetCurrentQuestion, openQuestion, type QuestionStoreClient } from '../../aws/question-store';

/** What happened to the event: the question sent (Start), the show ended (End), ignored, or PutMetadata failed. */
export type HandlerOutcome = 'sent' | 'ended' | 'ignored' | 'failed';
/** What happened to live/current.json in the site bucket; 'skipped' when SITE_BUCKET is unset or the event ignored. */
export type CurrentQuestionOutcome = 'written' | 'deleted' | 'skipped' | 'failed';
/**
 * What happened in the answer table (logged only when the function has one): the question opened for answers (or
 * kept, when this stream had opened it already: a repeated event), the show's current question forgotten on Stream
 * End, nothing to do (an announcement, a quiz without an id), or a failure.
 */
export type AnswersOutcome = 'opened' | 'kept' | 'closed' | 'skipped' | 'failed';

/** The one log object written per event (Lambda's JSON log format carries it as is). */
export interface HandlerLogEntry {
  readonly eventId: string | undefined;
  readonly channel: string | undefined;
  readonly outcome: HandlerOutcome;
  readonly currentQuestion: CurrentQuestionOutcome;
  readonly attempts: number;
  readonly reason?: string;
  readonly delaySeconds?: number;
  readonly answers?: AnswersOutcome;
}

export interface HandlerDependencies extends Omit<PutMetadataDependencies, 'onRetry'> {
  readonly config: FunctionConfig;
  /** S3 client for the current-question object; used only when `config.siteBucket` is set. */
  readonly s3?: CurrentQuestionClient;
  /** DynamoDB client for the answer table; used only when `config.answersTable` is set. */
  readonly dynamodb?: QuestionStoreClient;
  /** @default one JSON line on the console (error level when either part failed, info otherwise) */
  readonly log?: (entry: HandlerLogEntry) => void;
}

export type PutMetadataHandler = (event: IvsStreamStateChangeEvent) => Promise<HandlerLogEntry>;

type S3Step = { readonly result: CurrentQuestionOutcome; readonly error?: unknown };
type AnswersStep = { readonly answers?: AnswersOutcome; readonly error?: unknown };

export function createHandler(dependencies: HandlerDependencies): PutMetadataHandler {
  const { config, log = logToConsole } = dependencies;
  const s3Step = async (action: 'write' | 'delete'): Promise<S3Step> => {
    if (config.siteBucket === undefined) return { result: 'skipped' };
    if (dependencies.s3 === undefined) throw new Error('SITE_BUCKET is set but no S3 client was given to createHandler');
    try {
      if (action === 'write') await putCurrentQuestion(dependencies.s3, config.siteBucket, config.metadata);
      else await deleteCurrentQuestion(dependencies.s3, config.siteBucket);
      return { result: action === 'write' ? 'written' : 'deleted' };
    } catch (error: unknown) {
      // Kept, not thrown: on Start the question still goes out with PutMetadata before the invocation fails.
      return { result: 'failed', error };
    }
  };

  const answersStep = async (action: 'open' | 'close', round: string): Promise<AnswersStep> => {
    if (config.answersTable === undefined) return {};
    if (dependencies.dynamodb === undefined) throw new Error('ANSWERS_TABLE is set but no DynamoDB client was given to createHandler');
    try {
      if (action === 'close') {
        await forgetCurrentQuestion(dependencies.dynamodb, config.answersTable);
        return { answers: 'closed' };
      }
      const parsed = parseMetadata(config.metadata);
      if (!parsed.ok || parsed.payload.type !== 'quiz' || parsed.payload.id === undefined) return { answers: 'skipped' };
      const quiz = parsed.payload;
      const { openedNow } = await openQuestion(dependencies.dynamodb, config.answersTable, {
        questionId: quiz.id as string,
        round,
        payload: config.metadata,
        answerCount: quiz.answers.length,
        ...(quiz.correctIndex !== undefined && { correctIndex: quiz.correctIndex }),
        windowSeconds: DEFAULT_ANSWER_WINDOW_SECONDS,
        now: (dependencies.now ?? Date.now)(),
      });
      return { answers: openedNow ? 'opened' : 'kept' };
    } catch (error: unknown) {
      // Kept, not thrown: the question still goes out; the retried event opens it (the same round: the same stream).
      return { answers: 'failed', error };
    }
  };

  return async (event) => {
    const decision = decideStreamEvent(event, config.channelArn);
    if (!decision.act) {
      return record(log, { eventId: decision.eventId, channel: decision.channelArn, outcome: 'ignored', currentQuestion: 'skipped', attempts: 0, reason: decision.reason });
    }
    const base = { eventId: decision.eventId, channel: decision.channelArn };
    // One round per stream: a repeated or retried event of the same stream keeps the question and its answers.
    const round = decision.streamId ?? decision.eventId;
    if (decision.action === 'end') {
      const s3 = await s3Step('delete');
      const answers = await answersStep('close', round);
      if (s3.result === 'skipped' && answers.answers === undefined) {
        return record(log, { ...base, outcome: 'ignored', currentQuestion: 'skipped', attempts: 0, reason: 'Stream End and no SITE_BUCKET: no current question to delete' });
      }
      return finish(log, { ...base, outcome: 'ended', currentQuestion: s3.result, attempts: 0, ...withAnswers(answers) }, [s3.error, answers.error]);
    }

    if (config.firstQuestionDelaySeconds > 0) await dependencies.sleep(config.firstQuestionDelaySeconds * 1000);
    const started = { ...base, delaySeconds: config.firstQuestionDelaySeconds };
    // Opened before anyone can see it, and written before PutMetadata: late joiners get the question even while
    // PutMetadata is still being retried.
    const answers = await answersStep('open', round);
    const s3 = await s3Step('write');
    const sent = await putMetadataWithRetry(config.channelArn, config.metadata, dependencies).then(
      ({ attempts }) => ({ outcome: 'sent' as const, attempts, error: undefined }),
      (error: unknown) => ({ outcome: 'failed' as const, attempts: error instanceof PutMetadataFailed ? error.attempts : 0, error }),
    );
    return finish(log, { ...started, outcome: sent.outcome, currentQuestion: s3.result, attempts: sent.attempts, ...withAnswers(answers) }, [sent.error, s3.error, answers.error]);
  };
}

function withAnswers(step: AnswersStep): Pick<HandlerLogEntry, 'answers'> {
  return step.answers === undefined ? {} : { answers: step.answers };
}

/**
 * Logs the entry (with every failure's message as its reason) and returns it, or throws the first failure, so the
 * async invocation is retried and, in the end, reaches the failure destination.
 */
function finish(log: (entry: HandlerLogEntry) => void, entry: HandlerLogEntry, errors: readonly unknown[]): HandlerLogEntry {
  const failures = errors.filter((error) => error !== undefined);
  if (failures.length === 0) return record(log, entry);
  record(log, { ...entry, reason: failures.map((error) => (error instanceof Error ? error.message : errorMessage(error))).join('; ') });
  throw failures[0];
}

function record(log: (entry: HandlerLogEntry) => void, entry: HandlerLogEntry): HandlerLogEntry {
  log(entry);
  return entry;
}

function logToConsole(entry: HandlerLogEntry): void {
  const line = JSON.stringify(entry);
  if (isFailure(entry)) console.error(line);
  else console.info(line);
}

/** An entry whose invocation throws: PutMetadata or the current-question object failed. */
function isFailure(entry: HandlerLogEntry): boolean {
  return entry.outcome === 'failed' || entry.currentQuestion === 'failed' || entry.answers === 'failed';
}
