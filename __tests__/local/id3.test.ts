// Unit tests of the ID3v2.4 TXXX tag that carries a PutMetadata payload.
import { IVS_METADATA_OWNER, Id3TooLarge, buildId3Txxx, readId3TxxxFrames, readSyncsafe, syncsafe } from '../../local/id3';

describe('syncsafe', () => {
  it('keeps seven bits per byte', () => {
    expect([...syncsafe(0x0fffffff)]).toEqual([0x7f, 0x7f, 0x7f, 0x7f]);
    expect([...syncsafe(200)]).toEqual([0, 0, 0x01, 0x48]);
  });

  it('reads back what it writes', () => {
    for (const n of [0, 1, 127, 128, 1024, 123456, 0x0fffffff]) expect(readSyncsafe(syncsafe(n), 0)).toBe(n);
  });

  it('rejects sizes a syncsafe integer cannot hold', () => {
    expect(() => syncsafe(0x10000000)).toThrow(Id3TooLarge);
    expect(() => syncsafe(-1)).toThrow(/from 0 to 268435455/);
  });
});

describe('buildId3Txxx', () => {
  it('writes an ID3v2.4 header whose syncsafe size covers the frame', () => {
    const tag = buildId3Txxx('hello');
    expect(tag.toString('latin1', 0, 3)).toBe('ID3');
    expect([tag[3], tag[4], tag[5]]).toEqual([4, 0, 0]);
    expect(readSyncsafe(tag, 6)).toBe(tag.length - 10);
  });

  it('writes one UTF-8 TXXX frame with the IVS metadata owner as description', () => {
    const tag = buildId3Txxx('{"q":"¿Qué? 🎉"}');
    expect(tag.toString('latin1', 10, 14)).toBe('TXXX');
    expect(tag[20]).toBe(0x03);
    expect(readId3TxxxFrames(tag)).toEqual([{ description: IVS_METADATA_OWNER, value: '{"q":"¿Qué? 🎉"}' }]);
  });

  it('uses syncsafe frame sizes so a 1 KB payload keeps every size byte below 0x80', () => {
    const tag = buildId3Txxx('x'.repeat(1024), '');
    expect(readSyncsafe(tag, 14)).toBe(1 + 1 + 1024);
    expect([...tag.subarray(14, 18)].every((byte) => byte < 0x80)).toBe(true);
    expect(readId3TxxxFrames(tag)[0].value).toHaveLength(1024);
  });
});
