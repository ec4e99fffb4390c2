// Injects ID3 timed metadata into an HLS MPEG-TS segment the way Apple's "Timed Metadata for HTTP Live
// Streaming" describes it (and the IVS player reads it): a PID declared in the PMT with stream_type 0x15 and
// the metadata descriptors, carrying one PES (stream_id 0xBD, data alignment, PTS) per ID3 tag. Pure.
import {
  PAT_PID,
  Pmt,
  InvalidTransportStream,
  assertPackets,
  buildPmtSection,
  packetAt,
  packetPid,
  packetisePes,
  parsePmt,
  payloadUnitStart,
  pesPts,
  pmtPidFromPat,
  sectionIn,
  withSection,
  TS_PACKET_SIZE,
} from './mpegts';

export const METADATA_STREAM_TYPE = 0x15;
const PRIVATE_STREAM_1 = 0xbd;
const PREFERRED_METADATA_PID = 0x0102;
const VIDEO_STREAM_TYPES = [0x1b, 0x24, 0x02];
/** Tags sharing a segment are spread 1 ms apart so the player keeps their order. */
const PTS_STEP = 90;
const ID3 = Buffer.from('ID3 ', 'latin1');

/** metadata_pointer_descriptor (tag 0x25) for the program info loop: ID3 metadata, carried in this program. */
export function metadataPointerDescriptor(programNumber: number): Buffer {
  const program = Buffer.alloc(2);
  program.writeUInt16BE(programNumber);
  // metadata_service_id 0; metadata_locator_record_flag 0, MPEG_carriage_flags 0, reserved '11111'
  return Buffer.concat([Buffer.from([0x25, 15, 0xff, 0xff]), ID3, Buffer.from([0xff]), ID3, Buffer.from([0x00, 0x1f]), program]);
}

/** metadata_descriptor (tag 0x26) for the metadata stream's ES info loop. */
export function metadataDescriptor(): Buffer {
  // metadata_service_id 0; decoder_config_flags '000', DSM-CC_flag 0, reserved '1111'
  return Buffer.concat([Buffer.from([0x26, 13, 0xff, 0xff]), ID3, Buffer.from([0xff]), ID3, Buffer.from([0x00, 0x0f])]);
}

/** The PMT with the timed-metadata stream declared (unchanged when it already is) and its PID. */
export function declareMetadataStream(pmt: Pmt): { readonly pmt: Pmt; readonly metadataPid: number } {
  const existing = pmt.streams.find((stream) => stream.streamType === METADATA_STREAM_TYPE);
  if (existing) return { pmt, metadataPid: existing.pid };
  const used = new Set([pmt.pcrPid, ...pmt.streams.map((stream) => stream.pid)]);
  let metadataPid = PREFERRED_METADATA_PID;
  while (used.has(metadataPid)) metadataPid += 1;
  return {
    metadataPid,
    pmt: {
      ...pmt,
      programInfo: Buffer.concat([pmt.programInfo, metadataPointerDescriptor(pmt.programNumber)]),
      streams: [...pmt.streams, { streamType: METADATA_STREAM_TYPE, pid: metadataPid, descriptors: metadataDescriptor() }],
    },
  };
}

export interface InjectionResult {
  readonly segment: Buffer;
  readonly metadataPid: number;
  /** Continuity counter for the metadata PID's next packet (pass it to the next segment). */
  readonly nextContinuityCounter: number;
  /** PTS given to the first tag (90 kHz), undefined when no tag was injected. */
  readonly pts?: number;
}

/**
 * When there are tags, rewrites every PMT of the segment to declare the metadata stream and inserts their PES right
 * after the first PMT, timed at the segment's first video PTS. A segment without tags is returned unchanged: a PMT
 * must declare only streams the segment carries. amazon-ivs-player stops buffering at segments whose PMT declares a
 * stream they have no packet of, and stays Buffering for good, without an error (so a viewer who opens the page
 * after the last tag left the playlist never plays, and one already watching stalls).
 */
export function injectTimedMetadata(segment: Buffer, tags: readonly Buffer[], continuityCounter: number): InjectionResult {
  assertPackets(segment);
  const packetCount = segment.length / TS_PACKET_SIZE;
  const pmtPid = findPmtPid(segment, packetCount);
  const firstPmtIndex = findIndex(packetCount, (i) => packetPid(packetAt(segment, i)) === pmtPid && payloadUnitStart(packetAt(segment, i)), 'PMT');
  const original = parsePmt(sectionIn(packetAt(segment, firstPmtIndex)));
  const { pmt, metadataPid } = declareMetadataStream(original);
  if (tags.length === 0) return { segment, metadataPid, nextContinuityCounter: continuityCounter & 0x0f };
  const section = buildPmtSection(pmt);
  const pts = firstPts(segment, packetCount, pmt);
  let counter = continuityCounter & 0x0f;
  const pesPackets = tags.map((tag, index) => {
    const pes = packetisePes({ pid: metadataPid, streamId: PRIVATE_STREAM_1, pts: pts + index * PTS_STEP, payload: tag, dataAlignment: true, continuityCounter: counter });
    counter = pes.nextContinuityCounter;
    return pes.packets;
  });
  const out: Buffer[] = [];
  for (let i = 0; i < packetCount; i += 1) {
    const packet = packetAt(segment, i);
    const isPmt = packetPid(packet) === pmtPid && payloadUnitStart(packet);
    out.push(isPmt ? withSection(packet, section) : packet);
    if (i === firstPmtIndex) out.push(...pesPackets);
  }
  return { segment: Buffer.concat(out), metadataPid, nextContinuityCounter: counter, pts };
}

function findPmtPid(segment: Buffer, packetCount: number): number {
  const patIndex = findIndex(packetCount, (i) => packetPid(packetAt(segment, i)) === PAT_PID && payloadUnitStart(packetAt(segment, i)), 'PAT');
  return pmtPidFromPat(sectionIn(packetAt(segment, patIndex)));
}

/** The first PTS of the video stream (the one the player times cues against), else of any stream. */
function firstPts(segment: Buffer, packetCount: number, pmt: Pmt): number {
  const video = pmt.streams.find((stream) => VIDEO_STREAM_TYPES.includes(stream.streamType));
  const pids = video ? [video.pid] : pmt.streams.map((stream) => stream.pid);
  for (let i = 0; i < packetCount; i += 1) {
    const packet = packetAt(segment, i);
    if (!pids.includes(packetPid(packet))) continue;
    const pts = pesPts(packet);
    if (pts !== undefined) return pts;
  }
  throw new InvalidTransportStream('segment has no PES with a PTS to time the metadata against');
}

function findIndex(count: number, predicate: (index: number) => boolean, table: string): number {
  for (let i = 0; i < count; i += 1) if (predicate(i)) return i;
  throw new InvalidTransportStream(`segment has no ${table} packet; HLS segments start with a PAT and a PMT`);
}
