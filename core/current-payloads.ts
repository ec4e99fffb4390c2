// What the late-joiner object (live/current.json) holds: the show's current payload, or, once the host revealed a
// question, that question followed by its results, so a viewer who arrives after the reveal sees both. Each payload is
// one timed-metadata payload (1 KB at most); the object is one of them as sent, or a JSON array of the two.
import { parseMetadata, type MetadataPayload } from './payload';

/** The payloads the object holds, each as the JSON text IVS carried. */
export type CurrentPayloads = readonly string[];

export type CurrentPayloadsResult = { readonly ok: true; readonly payloads: CurrentPayloads } | { readonly ok: false; readonly problems: readonly string[] };

/** A question and its results: the most the object holds. */
const MAX_PAYLOADS = 2;

/** Reads the object: one payload, or an array of up to two; every payload is checked with the one schema. Never throws. */
export function parseCurrentPayloads(text: string): CurrentPayloadsResult {
  if (!text.trimStart().startsWith('[')) {
    const single = parseMetadata(text);
    return single.ok ? { ok: true, payloads: [text] } : single;
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['is not valid JSON'] };
  }
  if (!Array.isArray(values) || values.length === 0 || values.length > MAX_PAYLOADS) {
    return { ok: false, problems: [`must be one payload or an array of 1 to ${MAX_PAYLOADS}`] };
  }
  const texts = values.map((value) => JSON.stringify(value));
  const problems = texts.flatMap((payload, i) => {
    const result = parseMetadata(payload);
    return result.ok ? [] : result.problems.map((problem) => `payload ${i + 1} ${problem}`);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, payloads: texts };
}

/** The object's text for these payloads: a lone payload byte for byte as sent, a question and its results as an array. */
export function currentPayloadsText(payloads: CurrentPayloads): string {
  return payloads.length === 1 ? payloads[0] : `[${payloads.join(',')}]`;
}

/**
 * What the object holds after `next` was sent: results join the question they reveal (when that question is what the
 * object holds); anything else replaces what was there.
 */
export function currentPayloadsAfter(previous: CurrentPayloads, next: string): CurrentPayloads {
  const payload = parse(next);
  if (payload?.type !== 'results') return [next];
  const question = previous.find((text) => {
    const earlier = parse(text);
    return earlier?.type === 'quiz' && earlier.id === payload.id;
  });
  return question === undefined ? [next] : [question, next];
}

function parse(text: string): MetadataPayload | undefined {
  const result = parseMetadata(text);
  return result.ok ? result.payload : undefined;
}
