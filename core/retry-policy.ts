// When and how long to wait between PutMetadata attempts, and the Lambda timeout that leaves room for it.
// Pure and SDK-free, so the stack can size the function's timeout from the same numbers.

export interface RetryPolicy {
  /** Backoff before the second attempt (before jitter). */
  readonly baseDelayMs: number;
  /** Largest backoff between two attempts (before jitter). */
  readonly maxDelayMs: number;
  /** No retry starts once this much time has passed since the first attempt. */
  readonly maxTotalMs: number;
  /** Hard stop on attempts, whatever the clock says. */
  readonly maxAttempts: number;
}

/** A just-started stream usually broadcasts within seconds; 30 s of retries leaves the 60 s Lambda timeout room. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 250, maxDelayMs: 4_000, maxTotalMs: 30_000, maxAttempts: 20 };

/** Per-request limits for the IVS client, so one hung connection cannot eat the retry budget. */
export const CONNECTION_TIMEOUT_MS = 3_000;
export const REQUEST_TIMEOUT_MS = 5_000;

/** Errors worth waiting out: the channel is not live yet, or IVS asks us to slow down (5 TPS per channel). */
const RETRYABLE_ERROR_NAMES: ReadonlySet<string> = new Set(['ChannelNotBroadcasting', 'ThrottlingException']);

/**
 * Retry ChannelNotBroadcasting, ThrottlingException and server faults (5xx, transient by definition);
 * fail fast on everything else (AccessDenied, Validation, ResourceNotFound, network and client errors).
 */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $fault } = error as { name?: unknown; $fault?: unknown };
  return (typeof name === 'string' && RETRYABLE_ERROR_NAMES.has(name)) || $fault === 'server';
}

/**
 * Exponential backoff with "equal jitter": after the n-th failed attempt (n >= 1), wait between half and all of
 * min(maxDelayMs, baseDelayMs * 2^(n-1)). Half is fixed so waiting for a stream to go live makes steady progress;
 * the random half spreads out retries that would otherwise hit the 5 TPS limit in step.
 */
export function backoffDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  const jitter = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
}

/**
 * The Lambda timeout (seconds) that fits the first-question delay, one S3 request (the current question, a single
 * attempt), the whole PutMetadata retry budget, one last request and a margin for cold start.
 */
export function requiredTimeoutSeconds(firstQuestionDelaySeconds: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const requestMs = CONNECTION_TIMEOUT_MS + REQUEST_TIMEOUT_MS;
  const worstCaseMs = requestMs + policy.maxTotalMs + policy.maxDelayMs + requestMs;
  const coldStartMarginSeconds = 10;
  return Math.ceil(firstQuestionDelaySeconds + worstCaseMs / 1000) + coldStartMarginSeconds;
}
