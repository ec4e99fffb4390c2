// Tests which timed metadata each new segment of the local channel carries.
import { TS_PACKET_SIZE, packetAt, packetPid } from '../../local/mpegts';
import { SegmentMetadata } from '../../local/segment-metadata';
import { makeSegment } from '../../testing/segment-fixture';

let segment: Buffer;
const QUIZ = JSON.stringify({ type: 'quiz', id: 'q1', question: 'Capital of Australia?', answers: ['Sydney', 'Canberra'], correctIndex: 1 });
const ANNOUNCEMENT = JSON.stringify({ type: 'announcement', text: 'Back in 5' });

function metadataPackets(bytes: Buffer): number {
  let count = 0;
  for (let i = 0; i < bytes.length / TS_PACKET_SIZE; i += 1) if (packetPid(packetAt(bytes, i)) === 0x102) count += 1;
  return count;
}

beforeAll(async () => {
  segment = await makeSegment();
}, 60_000);

describe('SegmentMetadata', () => {
  it('puts every queued payload, in order, into the next segment and into no later one', () => {
    const metadata = new SegmentMetadata();
    metadata.enqueue(QUIZ);
    metadata.enqueue(ANNOUNCEMENT);
    const first = metadata.prepare(segment);
    expect(first.metadata).toEqual([QUIZ, ANNOUNCEMENT]);
    expect(first.bytes.includes(Buffer.from(QUIZ))).toBe(true);
    expect(first.bytes.indexOf(Buffer.from(QUIZ))).toBeLessThan(first.bytes.indexOf(Buffer.from(ANNOUNCEMENT)));
    const second = metadata.prepare(segment);
    expect(second.metadata).toEqual([]);
    expect(metadataPackets(second.bytes)).toBe(0);
    expect(second.bytes.length).toBe(segment.length);
  });

  it('repeats the last quiz for late joiners once the interval has passed, and never an announcement', () => {
    let now = 0;
    const metadata = new SegmentMetadata({ repeatQuizEveryMs: 6000, now: () => now });
    metadata.enqueue(QUIZ);
    metadata.prepare(segment);
    metadata.enqueue(ANNOUNCEMENT);
    now = 2000;
    metadata.prepare(segment);
    now = 5999;
    expect(metadata.prepare(segment).metadata).toEqual([]);
    now = 6000;
    expect(metadata.prepare(segment)).toMatchObject({ metadata: [QUIZ], repeat: true });
    now = 8000;
    expect(metadata.prepare(segment).metadata).toEqual([]);
  });

  it('never repeats when the interval is 0, as IVS never does', () => {
    let now = 0;
    const metadata = new SegmentMetadata({ now: () => now });
    metadata.enqueue(QUIZ);
    metadata.prepare(segment);
    now = 60_000;
    expect(metadata.prepare(segment).metadata).toEqual([]);
  });

  it('forgets the queue and the question to repeat when a broadcast ends', () => {
    let now = 0;
    const metadata = new SegmentMetadata({ repeatQuizEveryMs: 1000, now: () => now });
    metadata.enqueue(QUIZ);
    metadata.prepare(segment);
    metadata.enqueue(ANNOUNCEMENT);
    metadata.reset();
    now = 5000;
    expect(metadata.prepare(segment).metadata).toEqual([]);
  });

  it('keeps the queue when a segment is not a transport stream', () => {
    const metadata = new SegmentMetadata();
    metadata.enqueue(QUIZ);
    expect(() => metadata.prepare(Buffer.from('not a segment'))).toThrow(/multiple of 188/);
    expect(metadata.pending).toEqual([QUIZ]);
    expect(metadata.prepare(segment).metadata).toEqual([QUIZ]);
  });
});
