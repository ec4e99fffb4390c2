// The timed-metadata payload: the one schema that the stack (at synth), the function, the host CLI
// and the web page agree on. Pure and dependency-free so it bundles into Node and the browser alike.
import { isRecord } from './records';

/** IVS PutMetadata rejects payloads over 1 KB (UTF-8 bytes). */
export const MAX_METADATA_BYTES = 1024;
export const MIN_ANSWERS = 2;
export const MAX_ANSWERS = 6;
/**
 * A question id: it names the question in the answer store's keys, in the answer API and in `--reveal`, so it keeps
 * to characters that need no escaping anywhere (no `#`, the keys' separator).
 */
export const QUESTION_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const QUESTION_ID_RULE = '1 to 64 letters, digits, ".", "_" or "-"';

export interface QuizPayload {
  readonly type: 'quiz';
  /** Stable id so a re-sent question (for late joiners) is recognised as the same one. */
  readonly id?: string;
  readonly question: string;
  readonly answers: readonly string[];
  /**
   * The right answer, for instant feedback on the page. Absent: the answer stays secret (the host keeps it server-side
   * and the `results` payload reveals it), or the question has none (an opinion poll).
   */
  readonly correctIndex?: number;
}

/** The audience's split on one question, revealed by the host: counts per answer, in the question's order. */
export interface ResultsPayload {
  readonly type: 'results';
  /** The question's id. */
  readonly id: string;
  readonly counts: readonly number[];
  /** The right answer; absent for a question that has none. */
  readonly correctIndex?: number;
}

export interface AnnouncementPayload {
  readonly type: 'announcement';
  readonly text: string;
}

export type MetadataPayload = QuizPayload | AnnouncementPayload | ResultsPayload;

export type MetadataParseResult =
  | { readonly ok: true; readonly payload: MetadataPayload }
  | { readonly ok: false; readonly problems: readonly string[] };

export class InvalidMetadata extends Error {
  override name = 'InvalidMetadata';
  constructor(readonly problems: readonly string[]) {
    super(`invalid metadata: ${problems.join('; ')}`);
  }
}

const QUIZ_FIELDS = ['type', 'id', 'question', 'answers', 'correctIndex'];
const ANNOUNCEMENT_FIELDS = ['type', 'text'];
const RESULTS_FIELDS = ['type', 'id', 'counts', 'correctIndex'];
const TYPES = ['quiz', 'announcement', 'results'];

export function metadataByteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Parses and checks a payload; never throws, so the page can call it on anything a stream carries. */
export function parseMetadata(text: string): MetadataParseResult {
  const size = metadataByteLength(text);
  if (size > MAX_METADATA_BYTES) {
    return fail(`is ${size} bytes; IVS allows at most ${MAX_METADATA_BYTES} bytes (UTF-8)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('is not valid JSON');
  }
  if (!isRecord(value)) return fail('must be a JSON object');
  if (value.type === 'quiz') return checkQuiz(value);
  if (value.type === 'announcement') return checkAnnouncement(value);
  if (value.type === 'results') return checkResults(value);
  return fail(`"type" is ${JSON.stringify(value.type) ?? 'missing'}; allowed: ${TYPES.map((t) => `"${t}"`).join(', ')}`);
}

/** Like parseMetadata, but throws InvalidMetadata listing every problem (for synth and the CLI). */
export function validateMetadata(text: string): MetadataPayload {
  const result = parseMetadata(text);
  if (!result.ok) throw new InvalidMetadata(result.problems);
  return result.payload;
}

/** One line naming the payload for a terminal (the correct answer between asterisks). */
export function describePayload(payload: MetadataPayload): string {
  if (payload.type === 'announcement') return `announcement ${JSON.stringify(payload.text)}`;
  if (payload.type === 'results') {
    return `results of ${JSON.stringify(payload.id)} [${payload.counts.map((c, i) => (i === payload.correctIndex ? `*${c}*` : String(c))).join(' | ')}]`;
  }
  const secret = payload.correctIndex === undefined ? ' (no correct answer shown)' : '';
  return `quiz ${JSON.stringify(payload.question)} [${payload.answers.map((a, i) => (i === payload.correctIndex ? `*${a}*` : a)).join(' | ')}]${secret}`;
}

function checkQuiz(value: Record<string, unknown>): MetadataParseResult {
  const problems = unknownFields(value, QUIZ_FIELDS);
  const { id, question, answers, correctIndex } = value;
  if (id !== undefined && !isQuestionId(id)) problems.push(`"id" must be ${QUESTION_ID_RULE} when present`);
  if (!isNonEmptyString(question)) problems.push('"question" must be a non-empty string');
  const answerCount = Array.isArray(answers) ? answers.length : -1;
  if (!Array.isArray(answers) || answerCount < MIN_ANSWERS || answerCount > MAX_ANSWERS) {
    problems.push(`"answers" must be an array of ${MIN_ANSWERS} to ${MAX_ANSWERS} strings`);
  } else if (!answers.every(isNonEmptyString)) {
    problems.push('"answers" must contain only non-empty strings');
  }
  checkCorrectIndex(problems, correctIndex, answerCount, '"answers"');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, payload: value as unknown as QuizPayload };
}

function checkResults(value: Record<string, unknown>): MetadataParseResult {
  const problems = unknownFields(value, RESULTS_FIELDS);
  const { id, counts, correctIndex } = value;
  if (!isQuestionId(id)) problems.push(`"id" must be ${QUESTION_ID_RULE}`);
  const countCount = Array.isArray(counts) ? counts.length : -1;
  if (!Array.isArray(counts) || countCount < MIN_ANSWERS || countCount > MAX_ANSWERS) {
    problems.push(`"counts" must be an array of ${MIN_ANSWERS} to ${MAX_ANSWERS} whole numbers, one per answer`);
  } else if (!counts.every((c) => Number.isSafeInteger(c) && (c as number) >= 0)) {
    problems.push('"counts" must contain only whole numbers from 0');
  }
  checkCorrectIndex(problems, correctIndex, countCount, '"counts"');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, payload: value as unknown as ResultsPayload };
}

/** `correctIndex` is optional; when present, an index into the `length` answers (or counts). */
function checkCorrectIndex(problems: string[], correctIndex: unknown, length: number, into: string): void {
  if (correctIndex === undefined) return;
  if (!Number.isInteger(correctIndex) || (correctIndex as number) < 0 || (length > 0 && (correctIndex as number) >= length)) {
    const allowed = length > 0 ? `an integer from 0 to ${length - 1}` : `an integer index into ${into}`;
    problems.push(`"correctIndex" must be ${allowed} when present`);
  }
}

export function isQuestionId(value: unknown): value is string {
  return typeof value === 'string' && QUESTION_ID_PATTERN.test(value);
}

function checkAnnouncement(value: Record<string, unknown>): MetadataParseResult {
  const problems = unknownFields(value, ANNOUNCEMENT_FIELDS);
  if (!isNonEmptyString(value.text)) problems.push('"text" must be a non-empty string');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, payload: value as unknown as AnnouncementPayload };
}

function unknownFields(value: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => `unknown field "${key}" (allowed: ${allowed.join(', ')})`);
}

function fail(problem: string): MetadataParseResult {
  return { ok: false, problems: [problem] };
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
