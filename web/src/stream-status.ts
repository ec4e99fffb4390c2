// What the viewer is told about the stream, decided from the IVS player's states and errors, and when to
// try again: the player never retries by itself (a playlist 404 before the broadcast leaves it Idle).
// Pure, so the reconnect rules are tested without a player or timers.
import type { PlayerState } from 'amazon-ivs-player';

export type StreamStatus =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'offline' }
  | { readonly kind: 'buffering' }
  | { readonly kind: 'playing' }
  | { readonly kind: 'busy' }
  /** The browser refused to autoplay even muted video (e.g. power saving); the viewer must start it. */
  | { readonly kind: 'blocked' }
  | { readonly kind: 'reconnecting' }
  | { readonly kind: 'unsupported' };

/** The `PlayerState` values as plain strings ('Idle', 'Playing', ...), so tests need not load the player. */
export type PlayerStateName = `${PlayerState}`;

/** The fields of the player's ERROR payload that decide what happens next. */
export interface PlayerErrorInfo {
  readonly type: string;
  readonly code: number;
  readonly source: string;
}

export type PlayerSignal =
  | { readonly type: 'state'; readonly state: PlayerStateName }
  | { readonly type: 'error'; readonly error: PlayerErrorInfo }
  | { readonly type: 'playback-blocked' };

export interface StreamModel {
  readonly status: StreamStatus;
  /** Consecutive failed loads since the stream last played; drives the backoff. */
  readonly failures: number;
}

export interface Step {
  readonly model: StreamModel;
  /** Milliseconds until `load()` should be called again, or null when no retry is needed. */
  readonly retryAfterMs: number | null;
}

export interface BackoffPolicy {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** Upper bound of any delay, so a viewer waiting for the show picks it up soon after it starts. */
  readonly maxMs: number;
}

// Capped at 5 s: a waiting viewer sees the show at most ~5 s after it starts, and a 404 for the playlist from
// IVS's CDN costs next to nothing, even for thousands of waiting viewers (the jitter spreads them out).
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 5000 };

export const INITIAL_MODEL: StreamModel = { status: { kind: 'connecting' }, failures: 0 };

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so thousands of viewers
 * waiting for the same broadcast do not reload the playlist in lockstep.
 */
export function retryDelayMs(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, failures));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Applies one player event to the model and says whether (and when) to load the stream again. */
export function step(model: StreamModel, signal: PlayerSignal, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): Step {
  if (signal.type === 'error') return retry(model, statusForError(signal.error), policy, random);
  if (signal.type === 'playback-blocked') return { model: { ...model, status: { kind: 'blocked' } }, retryAfterMs: null };
  switch (signal.state) {
    case 'Playing':
      return { model: { status: { kind: 'playing' }, failures: 0 }, retryAfterMs: null };
    case 'Buffering':
      return { model: { ...model, status: { kind: 'buffering' } }, retryAfterMs: null };
    case 'Ended':
      // A broadcast that ends goes back to "offline" and waits for the next one.
      return retry(model, { kind: 'offline' }, policy, random);
    case 'Idle':
    case 'Ready':
      // Idle follows an error, Ready follows a blocked autoplay: keep telling the viewer why.
      if (isWaiting(model.status) || model.status.kind === 'blocked') return { model, retryAfterMs: null };
      return { model: { ...model, status: { kind: 'connecting' } }, retryAfterMs: null };
  }
}

function retry(model: StreamModel, status: StreamStatus, policy: BackoffPolicy, random: () => number): Step {
  return { model: { status, failures: model.failures + 1 }, retryAfterMs: retryDelayMs(model.failures, policy, random) };
}

/** 404 means the channel is not live (yet, or any more); 429 is the concurrent-viewer quota. */
function statusForError(error: PlayerErrorInfo): StreamStatus {
  if (error.code === 404) return { kind: 'offline' };
  if (error.code === 429) return { kind: 'busy' };
  return { kind: 'reconnecting' };
}

function isWaiting(status: StreamStatus): boolean {
  return status.kind === 'offline' || status.kind === 'busy' || status.kind === 'reconnecting';
}
