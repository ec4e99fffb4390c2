// Sends a viewer's answer to the answer API on the site's own origin. The body's SHA-256 goes in x-amz-content-sha256
// because CloudFront signs a POST to a function URL (origin access control) only with the hash the viewer sends.
// A retryable failure is sent again as the same request: the store counts a viewer's answer once however often it lands.
import { ANSWER_CONTENT_TYPE, ANSWERS_API_PATH, isRetryableStatus, VIEWER_ID_PATTERN, type AnswerOutcome } from '../../core/answers';
import { isRecord } from '../../core/records';

/** The part of `fetch` used here, injected so tests need no network. */
export type PostAnswer = (url: string, init: { readonly method: 'POST'; readonly headers: Record<string, string>; readonly body: string }) => Promise<Pick<Response, 'status' | 'text'>>;

export interface AnswerClientOptions {
  /** The site's root URL (the page may be shown at any path). */
  readonly siteRoot: string;
  readonly fetch: PostAnswer;
  /** SHA-256 of the body as lowercase hex (crypto.subtle in the page). */
  readonly sha256Hex: (text: string) => Promise<string>;
  readonly viewerId: string;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What the page shows after sending: the API's outcome and message, or why it could not be sent. */
export interface AnswerSent {
  readonly outcome: AnswerOutcome | 'unreachable';
  readonly message: string;
}

/** Sends after 0.5 s, 1 s and 2 s more; a viewer's answer is worth a few seconds, not a storm of requests. */
const RETRY_DELAYS_MS = [500, 1000, 2000];

export function createAnswerClient(options: AnswerClientOptions): (questionId: string, choice: number) => Promise<AnswerSent> {
  const url = new URL(ANSWERS_API_PATH, options.siteRoot).href;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (questionId, choice) => {
    const body = JSON.stringify({ questionId, viewerId: options.viewerId, choice });
    const headers = { 'content-type': ANSWER_CONTENT_TYPE, 'x-amz-content-sha256': await options.sha256Hex(body) };
    let last: AnswerSent = { outcome: 'unreachable', message: 'Your answer could not be sent.' };
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt += 1) {
      if (attempt > 0) await sleep(RETRY_DELAYS_MS[attempt - 1]);
      let status: number;
      let text: string;
      try {
        const response = await options.fetch(url, { method: 'POST', headers, body });
        status = response.status;
        text = await response.text();
      } catch {
        continue;
      }
      last = readReply(text) ?? { outcome: 'unreachable', message: `Your answer could not be sent (HTTP ${status}).` };
      if (!isRetryableStatus(status)) return last;
    }
    return last;
  };
}

/** The API's JSON reply; undefined for anything else (the CDN's page, a proxy's error). */
function readReply(text: string): AnswerSent | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (isRecord(value) && typeof value.outcome === 'string' && typeof value.message === 'string') {
      return { outcome: value.outcome as AnswerOutcome, message: value.message };
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/** A random viewer id (22 base64url characters), kept in `storage` so a reload is the same viewer. */
export function viewerIdFrom(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined, random: (bytes: Uint8Array) => Uint8Array): string {
  const KEY = 'ivs-live:viewer-id';
  const kept = safely(() => storage?.getItem(KEY) ?? null);
  if (kept !== null && kept !== undefined && VIEWER_ID_PATTERN.test(kept)) return kept;
  const bytes = random(new Uint8Array(16));
  const id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  safely(() => storage?.setItem(KEY, id));
  return id;
}

/** Storage can throw (private mode, blocked cookies): the page then keeps its id for this visit only. */
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
