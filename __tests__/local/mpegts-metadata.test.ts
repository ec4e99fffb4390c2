// Tests timed-metadata injection on a real segment made by the ffmpeg the preview uses, checked by ffmpeg itself.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveFfmpegPath } from '../../local/ffmpeg-path';
import { buildId3Txxx } from '../../local/id3';
import { TS_PACKET_SIZE, crc32Mpeg2, packetAt, packetPid, parsePmt, payloadUnitStart, pesPts, sectionIn } from '../../local/mpegts';
import { METADATA_STREAM_TYPE, injectTimedMetadata } from '../../local/mpegts-metadata';
import { makeSegment } from '../../testing/segment-fixture';

const ffmpeg = resolveFfmpegPath();
let dir: string;
let segment: Buffer;

function runFfmpeg(args: readonly string[]): { status: number | null; stdout: Buffer; stderr: string } {
  const result = spawnSync(ffmpeg, ['-hide_banner', '-nostdin', ...args], { maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

function probe(bytes: Buffer): string {
  const file = join(dir, `probe-${Date.now()}-${Math.random()}.ts`);
  writeFileSync(file, bytes);
  return runFfmpeg(['-i', file]).stderr;
}

function pmtsOf(bytes: Buffer): Buffer[] {
  const sections: Buffer[] = [];
  for (let i = 0; i < bytes.length / TS_PACKET_SIZE; i += 1) {
    const packet = packetAt(bytes, i);
    if (packetPid(packet) === 0x1000 && payloadUnitStart(packet)) sections.push(sectionIn(packet));
  }
  return sections;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ivs-live-mpegts-'));
  segment = await makeSegment();
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('injectTimedMetadata', () => {
  it('makes ffmpeg see a timed_id3 data stream carrying the payload', () => {
    const payload = '{"type":"announcement","text":"Bienvenue 🎉"}';
    const { segment: injected, metadataPid } = injectTimedMetadata(segment, [buildId3Txxx(payload)], 0);
    expect(probe(injected)).toMatch(new RegExp(`\\[0x${metadataPid.toString(16)}\\]: Data: timed_id3`));
    const file = join(dir, 'with-tag.ts');
    writeFileSync(file, injected);
    const data = runFfmpeg(['-loglevel', 'error', '-i', file, '-map', '0:d', '-c', 'copy', '-f', 'data', '-']);
    expect(data.stdout.toString('utf8')).toContain(payload);
  });

  it('declares the metadata stream with Apple\'s descriptors and a valid CRC in every PMT', () => {
    const { segment: injected } = injectTimedMetadata(segment, [buildId3Txxx('x')], 0);
    const sections = pmtsOf(injected);
    expect(sections.length).toBeGreaterThan(0);
    for (const section of sections) {
      expect(crc32Mpeg2(section.subarray(0, -4))).toBe(section.readUInt32BE(section.length - 4));
      const pmt = parsePmt(section);
      expect(pmt.programInfo.includes(Buffer.from('25', 'hex'))).toBe(true);
      expect(pmt.programInfo.includes(Buffer.from('ID3 ', 'latin1'))).toBe(true);
      const metadata = pmt.streams.find((stream) => stream.streamType === METADATA_STREAM_TYPE);
      expect(metadata?.descriptors[0]).toBe(0x26);
    }
  });

  it('leaves a segment without tags as ffmpeg wrote it: no metadata stream declared that would carry no packet', () => {
    // amazon-ivs-player stops buffering at a segment whose PMT declares a stream it has no packet of, for good.
    const { segment: plain, pts, nextContinuityCounter } = injectTimedMetadata(segment, [], 5);
    expect(plain.equals(segment)).toBe(true);
    expect(pts).toBeUndefined();
    expect(nextContinuityCounter).toBe(5);
    expect(probe(plain)).not.toMatch(/timed_id3/);
    for (const section of pmtsOf(plain)) expect(parsePmt(section).streams.some((stream) => stream.streamType === METADATA_STREAM_TYPE)).toBe(false);
  });

  it('times the tag at the first video PTS of the segment', () => {
    const firstVideoPts = (() => {
      for (let i = 0; i < segment.length / TS_PACKET_SIZE; i += 1) {
        const packet = packetAt(segment, i);
        if (packetPid(packet) === 0x100 && pesPts(packet) !== undefined) return pesPts(packet);
      }
      return undefined;
    })();
    const { segment: injected, metadataPid, pts } = injectTimedMetadata(segment, [buildId3Txxx('x')], 0);
    expect(pts).toBe(firstVideoPts);
    const tagPacket = [...Array(injected.length / TS_PACKET_SIZE).keys()].map((i) => packetAt(injected, i)).find((p) => packetPid(p) === metadataPid);
    expect(tagPacket && pesPts(tagPacket)).toBe(firstVideoPts);
  });

  it('continues the metadata continuity counter from one segment to the next', () => {
    const first = injectTimedMetadata(segment, [buildId3Txxx('a'.repeat(400))], 15);
    const second = injectTimedMetadata(segment, [buildId3Txxx('b')], first.nextContinuityCounter);
    const counters = (bytes: Buffer, pid: number) =>
      [...Array(bytes.length / TS_PACKET_SIZE).keys()].map((i) => packetAt(bytes, i)).filter((p) => packetPid(p) === pid).map((p) => p[3] & 0x0f);
    expect(counters(first.segment, first.metadataPid)).toEqual([15, 0, 1]);
    expect(counters(second.segment, second.metadataPid)).toEqual([2]);
  });

  it('rejects bytes that are not a transport stream', () => {
    expect(() => injectTimedMetadata(Buffer.from('#EXTM3U\n'), [], 0)).toThrow(/allowed: a non-zero multiple of 188/);
  });
});
