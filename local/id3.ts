// Builds the ID3v2.4 tag that carries one PutMetadata payload in a segment, as IVS delivers timed metadata:
// a single TXXX (user-defined text) frame, UTF-8. Pure.

/**
 * The TXXX description. The IVS player reports a TXXX frame's description as the cue's `owner`, and it documents
 * `metadata.live-video.net` as the owner of metadata sent with the PutMetadata API, so the local channel uses it.
 */
export const IVS_METADATA_OWNER = 'metadata.live-video.net';

const ID3_HEADER_BYTES = 10;
const FRAME_HEADER_BYTES = 10;
const UTF8_ENCODING = 0x03;
/** Syncsafe integers keep 7 bits per byte, so 4 bytes hold at most 2^28 - 1. */
const MAX_SYNCSAFE = 0x0fffffff;

export class Id3TooLarge extends Error {
  override name = 'Id3TooLarge';
}

/** Encodes n as a 4-byte syncsafe integer (the most significant bit of each byte is 0). */
export function syncsafe(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SYNCSAFE) {
    throw new Id3TooLarge(`syncsafe size ${n} is out of range; allowed: an integer from 0 to ${MAX_SYNCSAFE}`);
  }
  return Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
}

/** Reads a 4-byte syncsafe integer at offset. */
export function readSyncsafe(bytes: Buffer, offset: number): number {
  return ((bytes[offset] & 0x7f) << 21) | ((bytes[offset + 1] & 0x7f) << 14) | ((bytes[offset + 2] & 0x7f) << 7) | (bytes[offset + 3] & 0x7f);
}

/** An ID3v2.4 tag holding one TXXX frame: encoding byte, description, NUL, value (all UTF-8). */
export function buildId3Txxx(value: string, description: string = IVS_METADATA_OWNER): Buffer {
  const body = Buffer.concat([Buffer.from([UTF8_ENCODING]), Buffer.from(description, 'utf8'), Buffer.from([0]), Buffer.from(value, 'utf8')]);
  const frame = Buffer.concat([Buffer.from('TXXX', 'latin1'), syncsafe(body.length), Buffer.from([0, 0]), body]);
  const header = Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([0x04, 0x00, 0x00]), syncsafe(frame.length)]);
  return Buffer.concat([header, frame]);
}

export interface Id3TextFrame {
  readonly description: string;
  readonly value: string;
}

/** Reads back the TXXX frames of a tag built by buildId3Txxx (for tests and diagnostics). */
export function readId3TxxxFrames(tag: Buffer): Id3TextFrame[] {
  if (tag.toString('latin1', 0, 3) !== 'ID3' || tag[3] !== 4) throw new Error('not an ID3v2.4 tag');
  const end = ID3_HEADER_BYTES + readSyncsafe(tag, 6);
  const frames: Id3TextFrame[] = [];
  for (let offset = ID3_HEADER_BYTES; offset + FRAME_HEADER_BYTES <= end; ) {
    const id = tag.toString('latin1', offset, offset + 4);
    const size = readSyncsafe(tag, offset + 4);
    const body = tag.subarray(offset + FRAME_HEADER_BYTES, offset + FRAME_HEADER_BYTES + size);
    if (id === 'TXXX' && body[0] === UTF8_ENCODING) {
      const nul = body.indexOf(0, 1);
      frames.push({ description: body.toString('utf8', 1, nul), value: body.toString('utf8', nul + 1) });
    }
    offset += FRAME_HEADER_BYTES + size;
  }
  return frames;
}
