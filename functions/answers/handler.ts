// A viewer's answer, from the function URL behind the CDN (`POST /api/answers`): check the request -> is the question
// current and open -> store it once -> answer JSON with a status and a reason. Every refusal has its own status and
// reason and changes no count; none is 403 or 404, which the CDN would answer with the page.
// Built by a factory so tests inject the client and the clock.
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import {
  ANSWER_CONTENT_TYPE,
  ANSWERS_API_PATH,
  answerReply,
  answerWindowDecision,
  CURRENT_QUESTION_CACHE_MS,
  MAX_ANSWER_BODY_BYTES,
  parseAnswerRequest,
  type AnswerOutcome,
  type CurrentQuestion,
} from '../../core/answers';
import { storeAnswer, type AnswerStoreClient } from '../../aws/answer-store';
import { errorMessage, errorName } from '../../aws/errors';
import { readCurrentQuestion, type QuestionStoreClient } from '../../aws/question-store';
import type { AnswerFunctionConfig } from './env';

/** The one log object written per failed request (refusals are answered, not logged: they cost nothing to repeat). */
export interface AnswerLogEntry {
  readonly outcome: 'unavailable';
  readonly questionId?: string;
  readonly error: string;
  readonly reason: string;
}

export interface AnswerHandlerDependencies {
  readonly config: AnswerFunctionConfig;
  readonly client: AnswerStoreClient & Pick<QuestionStoreClient, 'send'>;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default one JSON line on the console at error level */
  readonly log?: (entry: AnswerLogEntry) => void;
}

/** What a function URL answers: always a status, headers and a JSON body (never the bare-string form). */
export type AnswerResult = APIGatewayProxyStructuredResultV2 & { readonly statusCode: number; readonly body: string };
export type AnswerHandler = (event: LambdaFunctionURLEvent) => Promise<AnswerResult>;

export function createAnswerHandler(dependencies: AnswerHandlerDependencies): AnswerHandler {
  const { config, client, now = Date.now, log = (entry) => console.error(JSON.stringify(entry)) } = dependencies;
  // Every answer reads the same one item: each instance reuses its read for a moment (the reveal waits that out).
  let cached: { readonly at: number; readonly current: CurrentQuestion | undefined } | undefined;
  const currentQuestion = async (): Promise<CurrentQuestion | undefined> => {
    if (cached !== undefined && now() - cached.at < CURRENT_QUESTION_CACHE_MS) return cached.current;
    const at = now();
    const current = await readCurrentQuestion(client, config.table);
    cached = { at, current };
    return current;
  };

  return async (event) => {
    const refused = checkRequest(event);
    if (refused !== undefined) return refused;
    const parsed = parseAnswerRequest(bodyText(event));
    if (!parsed.ok) return reply(parsed.outcome, { message: parsed.message });
    const { request } = parsed;
    try {
      const current = await currentQuestion();
      const decision = answerWindowDecision(current, request.questionId, request.choice, now());
      if (decision !== 'open' || current === undefined) return reply(decision === 'open' ? 'unknown-question' : decision);
      const stored = await storeAnswer(client, config.table, current, request, now());
      return reply(stored.outcome, { choice: stored.choice });
    } catch (error: unknown) {
      log({ outcome: 'unavailable', questionId: request.questionId, error: errorName(error), reason: errorMessage(error) });
      return reply('unavailable', {}, { 'retry-after': '1' });
    }
  };
}

/** What can be refused before the body is read: the method, the path, the content type, the declared size. */
function checkRequest(event: LambdaFunctionURLEvent): AnswerResult | undefined {
  if (event.requestContext?.http?.method !== 'POST') return reply('method-not-allowed', {}, { allow: 'POST' });
  if (event.rawPath !== ANSWERS_API_PATH) return reply('unknown-path');
  const contentType = header(event, 'content-type') ?? '';
  if (contentType.split(';')[0].trim().toLowerCase() !== ANSWER_CONTENT_TYPE) return reply('unsupported-media-type');
  const declared = Number(header(event, 'content-length') ?? '0');
  // base64 makes a body a third longer: a body whose encoding alone is too long is too large whatever it decodes to.
  const encoded = (event.body ?? '').length;
  if (declared > MAX_ANSWER_BODY_BYTES || encoded > Math.ceil(MAX_ANSWER_BODY_BYTES / 3) * 4 + 4) return reply('too-large');
  return undefined;
}

/** The body as text: a function URL base64-encodes bodies it does not take for text. */
function bodyText(event: LambdaFunctionURLEvent): string {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

function header(event: LambdaFunctionURLEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function reply(outcome: AnswerOutcome, details: Parameters<typeof answerReply>[1] = {}, headers: Record<string, string> = {}): AnswerResult {
  const { status, body } = answerReply(outcome, details);
  return {
    statusCode: status,
    headers: { 'content-type': `${ANSWER_CONTENT_TYPE}; charset=utf-8`, 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}
