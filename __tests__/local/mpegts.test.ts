// Unit tests of the transport stream primitives: CRC, PSI sections, PTS coding and PES packetising.
import {
  InvalidTransportStream,
  TS_PACKET_SIZE,
  assertPackets,
  buildPmtSection,
  crc32Mpeg2,
  decodePts,
  encodePts,
  packetAt,
  packetisePes,
  parsePmt,
  payloadOffset,
  pesPts,
  pmtPidFromPat,
  sectionIn,
} from '../../local/mpegts';

// The PAT and PMT packets (payload part) ffmpeg writes at the start of every HLS segment.
const FFMPEG_PAT = Buffer.from('4740001000' + '00b00d0001c100000001f0002ab104b2', 'hex');
const FFMPEG_PMT = Buffer.from('4750001000' + '02b0170001c10000e100f0001be100f0000fe101f0002f44b99b', 'hex');

function asPacket(bytes: Buffer): Buffer {
  return Buffer.concat([bytes, Buffer.alloc(TS_PACKET_SIZE - bytes.length, 0xff)]);
}

describe('crc32Mpeg2', () => {
  it('matches the CRC-32/MPEG-2 check value', () => {
    expect(crc32Mpeg2(Buffer.from('123456789'))).toBe(0x0376e6e7);
  });

  it('reproduces the CRC ffmpeg wrote into a real PMT', () => {
    const section = sectionIn(asPacket(FFMPEG_PMT));
    expect(crc32Mpeg2(section.subarray(0, -4))).toBe(section.readUInt32BE(section.length - 4));
  });
});

describe('PSI sections', () => {
  it('finds the PMT PID in the PAT', () => {
    expect(pmtPidFromPat(sectionIn(asPacket(FFMPEG_PAT)))).toBe(0x1000);
  });

  it('parses the program and its streams from the PMT', () => {
    const pmt = parsePmt(sectionIn(asPacket(FFMPEG_PMT)));
    expect(pmt.programNumber).toBe(1);
    expect(pmt.pcrPid).toBe(0x100);
    expect(pmt.streams.map((s) => [s.streamType, s.pid])).toEqual([
      [0x1b, 0x100],
      [0x0f, 0x101],
    ]);
  });

  it('serialises a parsed PMT back to the same bytes', () => {
    const section = sectionIn(asPacket(FFMPEG_PMT));
    expect(buildPmtSection(parsePmt(section)).equals(section)).toBe(true);
  });
});

describe('assertPackets', () => {
  it('rejects a segment that is not whole 188-byte packets', () => {
    expect(() => assertPackets(Buffer.alloc(100, 0x47))).toThrow(/100 bytes; allowed: a non-zero multiple of 188/);
  });

  it('rejects a packet without the sync byte', () => {
    const segment = Buffer.concat([asPacket(FFMPEG_PAT), Buffer.alloc(TS_PACKET_SIZE)]);
    expect(() => assertPackets(segment)).toThrow(InvalidTransportStream);
  });
});

describe('PTS', () => {
  it('round-trips 33-bit values', () => {
    for (const pts of [0, 1, 90000, 2 ** 30 + 12345, 2 ** 33 - 1]) expect(decodePts(encodePts(pts))).toBe(pts);
  });

  it('sets the PTS-only prefix and the marker bits', () => {
    const bytes = encodePts(0);
    expect([...bytes]).toEqual([0x21, 0x00, 0x01, 0x00, 0x01]);
  });
});

describe('packetisePes', () => {
  it('splits a PES over packets with incrementing continuity counters and stuffs the last one', () => {
    const payload = Buffer.alloc(400, 0xab);
    const { packets, nextContinuityCounter } = packetisePes({ pid: 0x102, streamId: 0xbd, pts: 123456, payload, dataAlignment: true, continuityCounter: 14 });
    expect(packets.length).toBe(3 * TS_PACKET_SIZE);
    const counters = [0, 1, 2].map((i) => packetAt(packets, i)[3] & 0x0f);
    expect(counters).toEqual([14, 15, 0]);
    expect(nextContinuityCounter).toBe(1);
    const first = packetAt(packets, 0);
    expect(pesPts(first)).toBe(123456);
    expect(first[4 + 6]).toBe(0x84); // data_alignment_indicator
    const carried = [0, 1, 2].map((i) => packetAt(packets, i).subarray(payloadOffset(packetAt(packets, i))));
    const pes = Buffer.concat(carried);
    expect(pes.readUInt16BE(4)).toBe(pes.length - 6);
    expect(pes.subarray(14).equals(payload)).toBe(true);
  });

  it('pads a payload that leaves exactly one spare byte with an empty adaptation field', () => {
    const { packets } = packetisePes({ pid: 0x102, streamId: 0xbd, pts: 0, payload: Buffer.alloc(184 - 14 - 1), dataAlignment: true, continuityCounter: 0 });
    expect(packets.length).toBe(TS_PACKET_SIZE);
    expect(packets[3] >> 4).toBe(0x3);
    expect(packets[4]).toBe(0);
  });
});
