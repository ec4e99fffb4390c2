// Pure MPEG-2 transport stream primitives for the local channel: packet fields, PAT/PMT sections, the
// MPEG-2 CRC32, PTS coding and packetising a PES. Only what timed-metadata injection needs; no I/O.

export const TS_PACKET_SIZE = 188;
export const SYNC_BYTE = 0x47;
export const PAT_PID = 0x0000;
const PAYLOAD_BYTES = TS_PACKET_SIZE - 4;
const MAX_PES_PACKET_LENGTH = 0xffff;
const PTS_MODULO = 2 ** 33;
const TWO_POW_30 = 2 ** 30;

export class InvalidTransportStream extends Error {
  override name = 'InvalidTransportStream';
}

export interface PmtStream {
  readonly streamType: number;
  readonly pid: number;
  readonly descriptors: Buffer;
}

export interface Pmt {
  readonly programNumber: number;
  readonly version: number;
  readonly pcrPid: number;
  readonly programInfo: Buffer;
  readonly streams: readonly PmtStream[];
}

/** Checks the buffer is whole 188-byte packets that each start with the sync byte. */
export function assertPackets(segment: Buffer): void {
  if (segment.length === 0 || segment.length % TS_PACKET_SIZE !== 0) {
    throw new InvalidTransportStream(`segment is ${segment.length} bytes; allowed: a non-zero multiple of ${TS_PACKET_SIZE}`);
  }
  for (let offset = 0; offset < segment.length; offset += TS_PACKET_SIZE) {
    if (segment[offset] !== SYNC_BYTE) {
      throw new InvalidTransportStream(`packet at byte ${offset} starts with 0x${segment[offset].toString(16)}; allowed: sync byte 0x47`);
    }
  }
}

export function packetAt(segment: Buffer, index: number): Buffer {
  return segment.subarray(index * TS_PACKET_SIZE, (index + 1) * TS_PACKET_SIZE);
}

export function packetPid(packet: Buffer): number {
  return ((packet[1] & 0x1f) << 8) | packet[2];
}

export function payloadUnitStart(packet: Buffer): boolean {
  return (packet[1] & 0x40) !== 0;
}

/** Offset of the payload inside the packet, or -1 when the packet carries none. */
export function payloadOffset(packet: Buffer): number {
  const adaptationFieldControl = (packet[3] >> 4) & 0x03;
  if (adaptationFieldControl === 0x01) return 4;
  if (adaptationFieldControl === 0x03) {
    const offset = 5 + packet[4];
    return offset < TS_PACKET_SIZE ? offset : -1;
  }
  return -1;
}

/** The PSI section starting in this packet (after the pointer field), up to and including its CRC. */
export function sectionIn(packet: Buffer): Buffer {
  const start = payloadOffset(packet);
  if (start < 0 || !payloadUnitStart(packet)) throw new InvalidTransportStream(`PID ${packetPid(packet)} packet starts no section`);
  const sectionStart = start + 1 + packet[start];
  const sectionLength = ((packet[sectionStart + 1] & 0x0f) << 8) | packet[sectionStart + 2];
  const end = sectionStart + 3 + sectionLength;
  if (end > TS_PACKET_SIZE) throw new InvalidTransportStream(`PID ${packetPid(packet)} section spans several packets; allowed: one packet`);
  return packet.subarray(sectionStart, end);
}

/** CRC-32/MPEG-2 (polynomial 0x04C11DB7, initial 0xFFFFFFFF, no reflection, no final XOR), as PSI sections use. */
export function crc32Mpeg2(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte << 24;
    for (let bit = 0; bit < 8; bit += 1) {
      crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
    }
  }
  return crc >>> 0;
}

/** The PMT PID of the first program the PAT section lists. */
export function pmtPidFromPat(pat: Buffer): number {
  const programsEnd = pat.length - 4;
  for (let offset = 8; offset + 4 <= programsEnd; offset += 4) {
    const programNumber = pat.readUInt16BE(offset);
    if (programNumber !== 0) return pat.readUInt16BE(offset + 2) & 0x1fff;
  }
  throw new InvalidTransportStream('PAT lists no program');
}

export function parsePmt(section: Buffer): Pmt {
  if (section[0] !== 0x02) throw new InvalidTransportStream(`PMT table_id is 0x${section[0].toString(16)}; allowed: 0x2`);
  const programInfoLength = section.readUInt16BE(10) & 0x0fff;
  const streams: PmtStream[] = [];
  const end = section.length - 4;
  for (let offset = 12 + programInfoLength; offset + 5 <= end; ) {
    const esInfoLength = section.readUInt16BE(offset + 3) & 0x0fff;
    streams.push({
      streamType: section[offset],
      pid: section.readUInt16BE(offset + 1) & 0x1fff,
      descriptors: section.subarray(offset + 5, offset + 5 + esInfoLength),
    });
    offset += 5 + esInfoLength;
  }
  return {
    programNumber: section.readUInt16BE(3),
    version: (section[5] >> 1) & 0x1f,
    pcrPid: section.readUInt16BE(8) & 0x1fff,
    programInfo: section.subarray(12, 12 + programInfoLength),
    streams,
  };
}

/** Serialises a PMT section (current, section 0 of 0) with its CRC. */
export function buildPmtSection(pmt: Pmt): Buffer {
  const streamEntries = pmt.streams.map((stream) => {
    const entry = Buffer.alloc(5);
    entry[0] = stream.streamType;
    entry.writeUInt16BE(0xe000 | stream.pid, 1);
    entry.writeUInt16BE(0xf000 | stream.descriptors.length, 3);
    return Buffer.concat([entry, stream.descriptors]);
  });
  const head = Buffer.alloc(12);
  head[0] = 0x02;
  const sectionLength = 9 + pmt.programInfo.length + streamEntries.reduce((sum, entry) => sum + entry.length, 0) + 4;
  head.writeUInt16BE(0xb000 | sectionLength, 1); // section_syntax_indicator 1, '0', reserved '11'
  head.writeUInt16BE(pmt.programNumber, 3);
  head[5] = 0xc1 | ((pmt.version & 0x1f) << 1); // reserved '11', version, current_next_indicator 1
  head[6] = 0;
  head[7] = 0;
  head.writeUInt16BE(0xe000 | pmt.pcrPid, 8);
  head.writeUInt16BE(0xf000 | pmt.programInfo.length, 10);
  const body = Buffer.concat([head, pmt.programInfo, ...streamEntries]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32Mpeg2(body));
  return Buffer.concat([body, crc]);
}

/** Replaces the section of a PSI packet, keeping its header (PID, continuity counter) and stuffing with 0xFF. */
export function withSection(packet: Buffer, section: Buffer): Buffer {
  const start = payloadOffset(packet);
  if (start + 1 + section.length > TS_PACKET_SIZE) {
    throw new InvalidTransportStream(`section of ${section.length} bytes does not fit one packet`);
  }
  const out = Buffer.alloc(TS_PACKET_SIZE, 0xff);
  packet.copy(out, 0, 0, start);
  out[start] = 0; // pointer_field
  section.copy(out, start + 1);
  return out;
}

/** The PTS of the PES that starts in this packet, or undefined when it has none. */
export function pesPts(packet: Buffer): number | undefined {
  const start = payloadOffset(packet);
  if (start < 0 || !payloadUnitStart(packet) || start + 14 > TS_PACKET_SIZE) return undefined;
  if (packet[start] !== 0 || packet[start + 1] !== 0 || packet[start + 2] !== 1) return undefined;
  if ((packet[start + 7] & 0x80) === 0) return undefined;
  return decodePts(packet.subarray(start + 9, start + 14));
}

export function decodePts(bytes: Buffer): number {
  const high = (bytes[0] >> 1) & 0x07;
  const low = (bytes[1] << 22) | ((bytes[2] >> 1) << 15) | (bytes[3] << 7) | (bytes[4] >> 1);
  return high * TWO_POW_30 + low;
}

/** The 5-byte PTS field with the '0010' prefix (PTS only) and marker bits. */
export function encodePts(pts: number): Buffer {
  const value = ((Math.floor(pts) % PTS_MODULO) + PTS_MODULO) % PTS_MODULO;
  const high = Math.floor(value / TWO_POW_30);
  const low = value % TWO_POW_30;
  return Buffer.from([0x21 | (high << 1), (low >> 22) & 0xff, ((low >> 14) & 0xfe) | 1, (low >> 7) & 0xff, ((low << 1) & 0xfe) | 1]);
}

export interface PesOptions {
  readonly pid: number;
  readonly streamId: number;
  readonly pts: number;
  readonly payload: Buffer;
  readonly dataAlignment: boolean;
  /** Continuity counter of the first packet; each later packet adds one (mod 16). */
  readonly continuityCounter: number;
}

/** A PES with a PTS, split into TS packets; the last one is padded with adaptation-field stuffing. */
export function packetisePes(options: PesOptions): { readonly packets: Buffer; readonly nextContinuityCounter: number } {
  const pesLength = 3 + 5 + options.payload.length;
  if (pesLength > MAX_PES_PACKET_LENGTH) throw new InvalidTransportStream(`PES payload of ${options.payload.length} bytes is too large`);
  const header = Buffer.from([0, 0, 1, options.streamId, pesLength >> 8, pesLength & 0xff, options.dataAlignment ? 0x84 : 0x80, 0x80, 5]);
  const pes = Buffer.concat([header, encodePts(options.pts), options.payload]);
  const packets: Buffer[] = [];
  let counter = options.continuityCounter & 0x0f;
  for (let offset = 0; offset < pes.length; offset += PAYLOAD_BYTES) {
    const chunk = pes.subarray(offset, offset + PAYLOAD_BYTES);
    packets.push(tsPacket(options.pid, offset === 0, counter, chunk));
    counter = (counter + 1) & 0x0f;
  }
  return { packets: Buffer.concat(packets), nextContinuityCounter: counter };
}

function tsPacket(pid: number, unitStart: boolean, counter: number, chunk: Buffer): Buffer {
  const packet = Buffer.alloc(TS_PACKET_SIZE, 0xff);
  packet[0] = SYNC_BYTE;
  packet[1] = (unitStart ? 0x40 : 0) | ((pid >> 8) & 0x1f);
  packet[2] = pid & 0xff;
  if (chunk.length === PAYLOAD_BYTES) {
    packet[3] = 0x10 | counter;
    chunk.copy(packet, 4);
    return packet;
  }
  const adaptationLength = PAYLOAD_BYTES - 1 - chunk.length;
  packet[3] = 0x30 | counter;
  packet[4] = adaptationLength;
  if (adaptationLength > 0) packet[5] = 0x00; // no adaptation flags; the rest stays 0xFF stuffing
  chunk.copy(packet, 5 + adaptationLength);
  return packet;
}
