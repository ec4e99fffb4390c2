// Catches up a viewer who joins after a question was sent: timed metadata is one-shot, so while the show is live the
// site keeps its current payload at live/current.json, and the page reads it each time the stream starts playing.
import { CURRENT_QUESTION_KEY } from '../../core/site-objects';
import { parseCurrentPayloads } from '../../core/current-payloads';
import type { StreamStatus } from './stream-status';

/** The part of `fetch` used here, injected so tests need no network. */
export type FetchText = (url: string, init: { readonly cache: RequestCache }) => Promise<Pick<Response, 'ok' | 'status' | 'text'>>;

export interface LateJoinerOptions {
  /** Absolute URL of live/current.json (see currentQuestionUrl). */
  readonly url: string;
  readonly fetch: FetchText;
  /** Receives each valid payload's text in order (a question, then its results): the same path as a TEXT_METADATA_CUE. */
  readonly show: (text: string) => void;
  /** Why nothing was shown. Never an error: no current payload is the normal state between questions. @default console.debug */
  readonly log?: (message: string) => void;
}

/** The object's URL on the site whose root is `siteRoot` (the page may be shown at any path, as the not-found page). */
export function currentQuestionUrl(siteRoot: string): string {
  return new URL(`/${CURRENT_QUESTION_KEY}`, siteRoot).href;
}

/**
 * The payload texts (one, or a question and its results), or null when there is none to show: not live or nothing
 * sent (the site answers 404 with its page's HTML), a body that is not valid payloads, or a network error. Never rejects.
 */
export async function readCurrentQuestion(url: string, fetchText: FetchText, log: (message: string) => void): Promise<readonly string[] | null> {
  let text: string;
  try {
    const response = await fetchText(url, { cache: 'no-store' });
    if (!response.ok) return skip(log, `HTTP ${response.status}`);
    text = await response.text();
  } catch (error: unknown) {
    return skip(log, error instanceof Error ? error.message : String(error));
  }
  // Checked before showing: the metadata view shows non-JSON text as a message, and an HTML page is not one.
  const parsed = parseCurrentPayloads(text);
  return parsed.ok ? parsed.payloads : skip(log, parsed.problems.join('; '));
}

/** A status listener that reads and shows the current payload on entering `playing` (a start or a restart). */
export function showCurrentQuestionOnPlay(options: LateJoinerOptions): (status: StreamStatus) => Promise<void> {
  const log = options.log ?? ((message: string) => console.debug(message));
  let playing = false;
  return async (status) => {
    const entered = status.kind === 'playing' && !playing;
    playing = status.kind === 'playing';
    if (!entered) return;
    const payloads = await readCurrentQuestion(options.url, options.fetch, log);
    for (const text of payloads ?? []) options.show(text);
  };
}

function skip(log: (message: string) => void, reason: string): null {
  log(`ivs-live: no current question for late joiners (${reason})`);
  return null;
}
