// The status and reconnect rules of the page, fed with the events and error payloads the IVS player emits.
import { DEFAULT_BACKOFF, INITIAL_MODEL, retryDelayMs, step, type PlayerSignal, type StreamModel } from '../../../web/src/stream-status';

const NOT_LIVE_YET: PlayerSignal = { type: 'error', error: { type: 'ErrorNotAvailable', code: 404, source: 'MasterPlaylist' } };
const STREAM_GONE: PlayerSignal = { type: 'error', error: { type: 'ErrorNetwork', code: 404, source: 'MediaPlaylist' } };
const state = (name: 'Idle' | 'Ready' | 'Buffering' | 'Playing' | 'Ended'): PlayerSignal => ({ type: 'state', state: name });
const half = (): number => 0.5;

function run(signals: readonly PlayerSignal[], model: StreamModel = INITIAL_MODEL): { model: StreamModel; retries: (number | null)[] } {
  const retries: (number | null)[] = [];
  for (const signal of signals) {
    const next = step(model, signal, DEFAULT_BACKOFF, half);
    model = next.model;
    retries.push(next.retryAfterMs);
  }
  return { model, retries };
}

describe('status', () => {
  it('says offline and schedules a reload when the playlist is 404 before the broadcast', () => {
    const { model, retries } = run([NOT_LIVE_YET]);

    expect(model.status.kind).toBe('offline');
    expect(retries[0]).toBeGreaterThan(0);
  });

  it('keeps saying offline while the player sits in Idle after the error', () => {
    expect(run([NOT_LIVE_YET, state('Idle'), state('Ready')]).model.status.kind).toBe('offline');
  });

  it('goes from offline to buffering to live when the broadcast starts', () => {
    const { model, retries } = run([NOT_LIVE_YET, state('Ready'), state('Buffering'), state('Playing')]);

    expect(model).toEqual({ status: { kind: 'playing' }, failures: 0 });
    expect(retries.slice(1)).toEqual([null, null, null]);
  });

  it('goes back to offline and retries when the broadcast ends', () => {
    const ended = run([state('Playing'), state('Ended')]);
    const died = run([state('Playing'), state('Buffering'), state('Idle'), STREAM_GONE]);

    expect(ended.model.status.kind).toBe('offline');
    expect(ended.retries.at(-1)).not.toBeNull();
    expect(died.model.status.kind).toBe('offline');
    expect(died.retries.at(-1)).not.toBeNull();
  });

  it('reports the viewer limit and other failures differently from offline', () => {
    expect(run([{ type: 'error', error: { type: 'ErrorNotAvailable', code: 429, source: 'MasterPlaylist' } }]).model.status.kind).toBe('busy');
    expect(run([{ type: 'error', error: { type: 'ErrorNetworkIO', code: 0, source: 'Segment' } }]).model.status.kind).toBe('reconnecting');
  });

  it('asks the viewer to start playback when autoplay is blocked, until it plays', () => {
    const blocked = run([state('Ready'), { type: 'playback-blocked' }, state('Ready')]);
    expect(blocked.model.status.kind).toBe('blocked');
    expect(blocked.retries).toEqual([null, null, null]);

    expect(run([state('Playing')], blocked.model).model.status.kind).toBe('playing');
  });

  it('says connecting while the first load is under way', () => {
    expect(run([state('Idle'), state('Ready')]).model.status.kind).toBe('connecting');
  });
});

describe('backoff', () => {
  it('doubles the delay after each failed load up to the ceiling', () => {
    const { retries } = run(Array.from({ length: 7 }, () => NOT_LIVE_YET));

    expect(retries).toEqual([750, 1500, 3000, 3750, 3750, 3750, 3750]);
  });

  it('starts again from the shortest delay after the stream has played', () => {
    const { retries } = run([NOT_LIVE_YET, NOT_LIVE_YET, NOT_LIVE_YET, state('Playing'), state('Ended')]);

    expect(retries.at(-1)).toBe(750);
  });

  it('spreads delays between half and all of the current step', () => {
    expect(retryDelayMs(0, DEFAULT_BACKOFF, () => 0)).toBe(500);
    expect(retryDelayMs(0, DEFAULT_BACKOFF, () => 1)).toBe(1000);
    expect(retryDelayMs(10, { initialMs: 100, maxMs: 2000 }, () => 1)).toBe(2000);
  });
});
