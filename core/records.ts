// Narrowing helpers for untrusted JSON (events, request bodies, payloads), shared so every layer narrows alike.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, safe rendering of an unexpected value for a log line or an error: never the whole value. */
export function describeValue(value: unknown, maxChars = 60): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > maxChars ? `${value.slice(0, maxChars)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** The longest foreign string (an event id, a channel ARN of another event) a log line carries whole. */
export const MAX_LOGGED_CHARS = 128;

/** `value`, cut to MAX_LOGGED_CHARS with an ellipsis: a sender cannot fill a log line with one field. */
export function clip(value: string, maxChars = MAX_LOGGED_CHARS): string {
  return value.length > maxChars ? `${value.slice(0, maxChars)}…` : value;
}
