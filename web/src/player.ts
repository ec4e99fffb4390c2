// Owns the Amazon IVS player: checks support, creates it with the worker and wasm served beside the bundle,
// loads the channel muted with autoplay, and loads it again with backoff until the broadcast is there.
import { create, isPlayerSupported, PlayerEventType, PlayerState, type MediaPlayer } from 'amazon-ivs-player';
import { INITIAL_MODEL, step, type PlayerSignal, type StreamModel, type StreamStatus } from './stream-status';

export interface StreamPlayerOptions {
  /** HLS playback URL of the channel. */
  readonly playbackUrl: string;
  readonly video: HTMLVideoElement;
  /** Absolute URL of amazon-ivs-wasmworker.min.js (the player runs it as a Web Worker). */
  readonly wasmWorkerUrl: string;
  /** Absolute URL of amazon-ivs-wasmworker.min.wasm. */
  readonly wasmBinaryUrl: string;
  readonly onStatus: (status: StreamStatus) => void;
  /** Receives the raw text of every timed-metadata cue. */
  readonly onMetadata: (text: string) => void;
  readonly onMutedChange: (muted: boolean) => void;
}

export interface StreamPlayer {
  /** Also starts playback when the browser blocked autoplay: the click is the user gesture it wanted. */
  toggleMuted(): void;
  /** Stops playback and any pending retry. */
  stop(): void;
}

const PLAYER_STATES: readonly PlayerState[] = [PlayerState.IDLE, PlayerState.READY, PlayerState.BUFFERING, PlayerState.PLAYING, PlayerState.ENDED];

/** Starts playback, or reports `unsupported` and returns null when the browser cannot run the player. */
export function startStreamPlayer(options: StreamPlayerOptions): StreamPlayer | null {
  if (!isPlayerSupported) {
    options.onStatus({ kind: 'unsupported' });
    return null;
  }
  const player = create({ wasmWorker: options.wasmWorkerUrl, wasmBinary: options.wasmBinaryUrl });
  player.attachHTMLVideoElement(options.video);
  // Browsers only autoplay muted video; the page offers an unmute button.
  player.setMuted(true);
  player.setAutoplay(true);

  let model: StreamModel = INITIAL_MODEL;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const load = (): void => player.load(options.playbackUrl);
  const handle = (signal: PlayerSignal): void => {
    const next = step(model, signal);
    model = next.model;
    options.onStatus(model.status);
    if (next.retryAfterMs === null) return;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(load, next.retryAfterMs);
  };

  listen(player, options, handle);
  options.onStatus(model.status);
  options.onMutedChange(player.isMuted());
  load();
  return {
    toggleMuted: () => {
      player.setMuted(!player.isMuted());
      if (player.isPaused()) player.play();
    },
    stop: () => {
      clearTimeout(retryTimer);
      player.delete();
    },
  };
}

function listen(player: MediaPlayer, options: StreamPlayerOptions, handle: (signal: PlayerSignal) => void): void {
  // STATE_CHANGED exists only at runtime, not in the type definitions: each PlayerState is also an event name.
  for (const state of PLAYER_STATES) player.addEventListener(state, () => handle({ type: 'state', state }));
  player.addEventListener(PlayerEventType.ERROR, (error) => handle({ type: 'error', error }));
  player.addEventListener(PlayerEventType.PLAYBACK_BLOCKED, () => handle({ type: 'playback-blocked' }));
  player.addEventListener(PlayerEventType.TEXT_METADATA_CUE, (cue) => options.onMetadata(cue.text));
  player.addEventListener(PlayerEventType.MUTED_CHANGED, () => options.onMutedChange(player.isMuted()));
}
