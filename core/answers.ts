// Audience answers: the rules the page, the answer function, the host CLI and the local preview share: the API's path
// and body, the status and reason each outcome is answered with, a question's answer window, how a question's answers
// are spread over partitions, and how long a reveal waits for answers still in flight. Pure, so the page bundles it.
import { isQuestionId, MAX_ANSWERS, QUESTION_ID_RULE } from './payload';
import { isRecord } from './records';

/** Where the page sends answers, on the site's own origin (the CDN routes `api/*` to the answer function). */
export const ANSWERS_API_PATH = '/api/answers';
/** The CDN's path pattern for the answer function (CloudFront patterns have no leading slash). */
export const API_PATH_PATTERN = 'api/*';
/** A real answer is about 100 bytes; anything past this is refused before it is parsed. */
export const MAX_ANSWER_BODY_BYTES = 512;
export const ANSWER_CONTENT_TYPE = 'application/json';

/** The random id a page keeps for its viewer (the page makes 22 base64url characters). */
export const VIEWER_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export interface AnswerRequest {
  readonly questionId: string;
  readonly viewerId: string;
  /** Index into the question's answers. */
  readonly choice: number;
}

export type AnswerOutcome =
  /** First answer of this viewer to this question: counted. */
  | 'recorded'
  /** The same answer again (a retry, a double click, a reload): counted once, already. */
  | 'duplicate'
  /** The viewer answered this question with another choice before; the first answer stands. */
  | 'already-answered'
  /** The question's answer window is over (revealed, closed by the host, or timed out). */
  | 'closed'
  /** Not the question being asked now (another question is current, or no show is live). */
  | 'unknown-question'
  /** A choice the question does not have. */
  | 'invalid-choice'
  | 'malformed'
  | 'too-large'
  | 'unknown-path'
  | 'method-not-allowed'
  | 'unsupported-media-type'
  /** The answer store could not be reached or throttled the write: the same request may be sent again. */
  | 'unavailable';

/**
 * The HTTP status of each outcome. Never 403 or 404: the CDN answers those with the site's page (its custom error
 * responses apply to the whole distribution), so the page would get HTML instead of a reason.
 */
export const ANSWER_STATUS: Readonly<Record<AnswerOutcome, number>> = {
  recorded: 201,
  duplicate: 200,
  'already-answered': 409,
  closed: 409,
  'unknown-question': 409,
  'invalid-choice': 400,
  malformed: 400,
  'too-large': 413,
  'unknown-path': 400,
  'method-not-allowed': 405,
  'unsupported-media-type': 415,
  unavailable: 503,
};

const MESSAGES: Readonly<Record<AnswerOutcome, string>> = {
  recorded: 'Your answer is in.',
  duplicate: 'Your answer was already in; it counts once.',
  'already-answered': 'You already answered this question; your first answer stands.',
  closed: 'Answers to this question are closed.',
  'unknown-question': 'This is not the question being asked now.',
  'invalid-choice': 'That is not one of the question\'s answers.',
  malformed: 'The answer is not valid.',
  'too-large': `The request body is over ${MAX_ANSWER_BODY_BYTES} bytes.`,
  'unknown-path': `Answers go to ${ANSWERS_API_PATH}.`,
  'method-not-allowed': 'Send answers with POST.',
  'unsupported-media-type': `Send answers as ${ANSWER_CONTENT_TYPE}.`,
  unavailable: 'The answer could not be stored just now; send it again.',
};

/** What the answer API returns, as JSON, with ANSWER_STATUS[outcome]. */
export interface AnswerReply {
  readonly outcome: AnswerOutcome;
  readonly message: string;
  /** The choice on record for this viewer (recorded, duplicate, already-answered). */
  readonly choice?: number;
}

export function answerReply(outcome: AnswerOutcome, details: { readonly message?: string; readonly choice?: number } = {}): { status: number; body: AnswerReply } {
  return {
    status: ANSWER_STATUS[outcome],
    body: { outcome, message: details.message ?? MESSAGES[outcome], ...(details.choice !== undefined && { choice: details.choice }) },
  };
}

/** Whether the store holds this answer (the viewer's request needs no repeat). */
export function isAccepted(outcome: AnswerOutcome): boolean {
  return outcome === 'recorded' || outcome === 'duplicate';
}

/** Statuses after which the page sends the same request again: the write is idempotent, so a repeat never counts twice. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export type AnswerRequestResult =
  | { readonly ok: true; readonly request: AnswerRequest }
  | { readonly ok: false; readonly outcome: 'malformed' | 'too-large'; readonly message: string };

const REQUEST_FIELDS = ['questionId', 'viewerId', 'choice'];

/** Checks an answer body (never throws): size first, then JSON, then each field, all problems named. */
export function parseAnswerRequest(text: string): AnswerRequestResult {
  if (new TextEncoder().encode(text).length > MAX_ANSWER_BODY_BYTES) return { ok: false, outcome: 'too-large', message: MESSAGES['too-large'] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return malformed(['the body is not JSON']);
  }
  if (!isRecord(value)) return malformed(['the body must be a JSON object']);
  const problems = Object.keys(value).filter((key) => !REQUEST_FIELDS.includes(key)).map((key) => `unknown field "${key.slice(0, 40)}"`);
  const { questionId, viewerId, choice } = value;
  if (!isQuestionId(questionId)) problems.push(`"questionId" must be ${QUESTION_ID_RULE}`);
  if (typeof viewerId !== 'string' || !VIEWER_ID_PATTERN.test(viewerId)) problems.push('"viewerId" must be 16 to 64 letters, digits, "_" or "-"');
  if (!Number.isInteger(choice) || (choice as number) < 0 || (choice as number) >= MAX_ANSWERS) {
    problems.push(`"choice" must be an integer from 0 to ${MAX_ANSWERS - 1}`);
  }
  if (problems.length > 0) return malformed(problems);
  return { ok: true, request: { questionId: questionId as string, viewerId: viewerId as string, choice: choice as number } };
}

function malformed(problems: readonly string[]): AnswerRequestResult {
  return { ok: false, outcome: 'malformed', message: `${MESSAGES.malformed} ${problems.join('; ')}.` };
}

// ---------------------------------------------------------------------------------------------------------------
// The answer window
// ---------------------------------------------------------------------------------------------------------------

/** How long a question takes answers unless the host says otherwise or reveals it earlier. */
export const DEFAULT_ANSWER_WINDOW_SECONDS = 300;
export const MIN_ANSWER_WINDOW_SECONDS = 5;
export const MAX_ANSWER_WINDOW_SECONDS = 3600;
export const ANSWER_WINDOW_RULE = `a whole number of seconds from ${MIN_ANSWER_WINDOW_SECONDS} to ${MAX_ANSWER_WINDOW_SECONDS}`;

export function parseAnswerWindow(raw: string): number | undefined {
  const seconds = Number(raw);
  return /^\d+$/.test(raw.trim()) && seconds >= MIN_ANSWER_WINDOW_SECONDS && seconds <= MAX_ANSWER_WINDOW_SECONDS ? seconds : undefined;
}

/** The question being asked now, as the answer function reads it (one small item, cached briefly per instance). */
export interface CurrentQuestion {
  readonly questionId: string;
  /** Which opening of the question (a question id can be asked again in a later show): its answers are kept apart. */
  readonly round: string;
  readonly answerCount: number;
  /** Epoch milliseconds after which answers are refused. */
  readonly closesAt: number;
  /** How many partition keys the question's answers are spread over. */
  readonly shards: number;
}

export type WindowDecision = 'open' | 'closed' | 'unknown-question' | 'invalid-choice';

/** Whether an answer to `questionId` with `choice` may be stored now. */
export function answerWindowDecision(current: CurrentQuestion | undefined, questionId: string, choice: number, now: number): WindowDecision {
  if (current === undefined || current.questionId !== questionId) return 'unknown-question';
  if (now >= current.closesAt) return 'closed';
  if (choice >= current.answerCount) return 'invalid-choice';
  return 'open';
}

/** The answer function's timeout: it bounds how late an answer that saw the question open can still land. */
export const ANSWER_FUNCTION_TIMEOUT_SECONDS = 3;
/** How long one function instance reuses its read of the current question (the one key every answer reads). */
export const CURRENT_QUESTION_CACHE_MS = 1000;
/**
 * How long a reveal waits after closing a question before it counts: an answer whose function saw the question open
 * (at most one cache period before the close) is stored within the function's timeout, so none is left out.
 */
export const REVEAL_GRACE_MS = ANSWER_FUNCTION_TIMEOUT_SECONDS * 1000 + CURRENT_QUESTION_CACHE_MS + 1000;

/** Milliseconds a reveal still waits for a question closed at `closedAt`. */
export function revealWaitMs(closedAt: number, now: number): number {
  return Math.max(0, closedAt + REVEAL_GRACE_MS - now);
}

// ---------------------------------------------------------------------------------------------------------------
// Partitions, limits, expiry
// ---------------------------------------------------------------------------------------------------------------

/**
 * Partition keys one question's answers are spread over. DynamoDB takes about 1,000 writes/s per partition: eight
 * keys let one hot question take about 8,000 answers/s before partitions throttle (the table's cap is lower).
 */
export const ANSWER_SHARDS = 8;
/** A cost ceiling on the table (on-demand `max_write_request_units`): writes past it are throttled, never billed. */
export const ANSWER_TABLE_MAX_WRITES_PER_SECOND = 1000;
/** Answer and question items expire (DynamoDB TTL, free) this long after they are written. */
export const ANSWER_ITEM_TTL_SECONDS = 7 * 24 * 3600;

/** The shard of a viewer's answer: FNV-1a of the viewer id, so the same viewer always maps to the same item. */
export function shardOf(viewerId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < viewerId.length; i += 1) {
    hash ^= viewerId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/** Percentages of `counts` as whole numbers that add up to 100 (largest remainder), all 0 when nobody answered. */
export function percentages(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total === 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c * 100) / total);
  const floors = exact.map(Math.floor);
  let missing = 100 - floors.reduce((sum, p) => sum + p, 0);
  const order = exact.map((e, i) => ({ i, rest: e - floors[i] })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    floors[i] += 1;
    missing -= 1;
  }
  return floors;
}

/** DynamoDB's rule for a table name (ANSWERS_TABLE of the functions, --table of the host CLI). */
export const TABLE_NAME_RULE = 'a DynamoDB table name: 3 to 255 letters, digits, "_", "." or "-"';

export function isTableName(name: string): boolean {
  return /^[A-Za-z0-9_.-]{3,255}$/.test(name);
}

/**
 * The answer table's layout, as the stack declares it, the local preview creates it and IAM scopes it: its keys, its
 * TTL attribute, and the partition-key prefix of each kind of item (`dynamodb:LeadingKeys` in the functions' policies).
 */
export const ANSWER_TABLE_LAYOUT = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  /** `Q#<question id>`: a question, its secret right answer and, after the reveal, its counts. */
  questionKeyPrefix: 'Q#',
  /** The one item naming the question being asked now. */
  currentKey: 'CURRENT',
  /** `A#<question id>#<round>#<shard>`: answers. */
  answerKeyPrefix: 'A#',
  /** Every attribute an answer item has: the answer function may write no other. */
  answerAttributes: ['pk', 'sk', 'c', 'at', 'expiresAt'],
} as const;
