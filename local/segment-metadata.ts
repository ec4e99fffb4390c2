// Decides which timed metadata goes into each new segment of the local channel: every payload PutMetadata
// accepted since the previous segment, in order, as IVS does; optionally the last quiz again for late joiners.
import { parseMetadata } from '../core/payload';
import { buildId3Txxx } from './id3';
import { injectTimedMetadata } from './mpegts-metadata';

export interface SegmentMetadataOptions {
  /**
   * Put the last quiz question back into the stream this often (ms) while nothing new is queued, so a viewer who
   * opens the page after it was sent still gets it (the page recognises a repeat by its id). 0 = never, like IVS.
   * @default 0
   */
  readonly repeatQuizEveryMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface PreparedSegment {
  readonly bytes: Buffer;
  /** The payloads this segment carries, in order. */
  readonly metadata: readonly string[];
  /** True when the segment carries only a repeat of the last quiz. */
  readonly repeat: boolean;
}

export class SegmentMetadata {
  private queue: string[] = [];
  private continuityCounter = 0;
  private lastQuiz: { readonly text: string; injectedAt: number } | undefined;
  private readonly repeatEveryMs: number;
  private readonly now: () => number;

  constructor(options: SegmentMetadataOptions = {}) {
    this.repeatEveryMs = options.repeatQuizEveryMs ?? 0;
    this.now = options.now ?? Date.now;
  }

  /** Queues a payload for the next segment (PutMetadata accepted it). */
  enqueue(text: string): void {
    this.queue.push(text);
  }

  get pending(): readonly string[] {
    return this.queue;
  }

  /** Injects what is due into a segment; throws (keeping the queue) when the bytes are not a transport stream. */
  prepare(segment: Buffer): PreparedSegment {
    const repeat = this.queue.length === 0 && this.repeatDue();
    const metadata = repeat && this.lastQuiz ? [this.lastQuiz.text] : this.queue;
    const result = injectTimedMetadata(segment, metadata.map((text) => buildId3Txxx(text)), this.continuityCounter);
    this.continuityCounter = result.nextContinuityCounter;
    this.queue = [];
    for (const text of metadata) this.remember(text);
    return { bytes: result.segment, metadata, repeat };
  }

  /** A new broadcast: nothing queued, no question to repeat, counters from zero. */
  reset(): void {
    this.queue = [];
    this.lastQuiz = undefined;
    this.continuityCounter = 0;
  }

  private repeatDue(): boolean {
    return this.repeatEveryMs > 0 && this.lastQuiz !== undefined && this.now() - this.lastQuiz.injectedAt >= this.repeatEveryMs;
  }

  private remember(text: string): void {
    const parsed = parseMetadata(text);
    if (parsed.ok && parsed.payload.type === 'quiz') this.lastQuiz = { text, injectedAt: this.now() };
  }
}
