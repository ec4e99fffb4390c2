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
