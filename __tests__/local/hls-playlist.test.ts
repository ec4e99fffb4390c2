// Tests reading ffmpeg's live playlist and rendering the one the preview serves.
import { parseMediaPlaylist, renderMediaPlaylist } from '../../local/hls-playlist';

const NAME = /^b1-abc-\d+\.ts$/;
const FFMPEG_PLAYLIST = [
  '#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-TARGETDURATION:2', '#EXT-X-MEDIA-SEQUENCE:7', '#EXT-X-INDEPENDENT-SEGMENTS',
  '#EXTINF:2.000000,', 'b1-abc-7.ts', '#EXTINF:2.000000,', 'b1-abc-8.ts', '#EXTINF:1.966667,', 'b1-abc-9.ts', '',
].join('\n');

describe('parseMediaPlaylist', () => {
  it('reads the sequence number and the segments of a live playlist', () => {
    expect(parseMediaPlaylist(FFMPEG_PLAYLIST, NAME)).toEqual({
      targetDuration: 2,
      mediaSequence: 7,
      ended: false,
      segments: [
        { uri: 'b1-abc-7.ts', duration: 2 },
        { uri: 'b1-abc-8.ts', duration: 2 },
        { uri: 'b1-abc-9.ts', duration: 1.966667 },
      ],
    });
  });

  it('keeps only complete entries of a playlist caught half-written', () => {
    const cut = FFMPEG_PLAYLIST.slice(0, FFMPEG_PLAYLIST.indexOf('b1-abc-9.ts') + 'b1-abc-9'.length);
    expect(parseMediaPlaylist(cut, NAME)?.segments.map((s) => s.uri)).toEqual(['b1-abc-7.ts', 'b1-abc-8.ts']);
  });

  it('ignores segments of another broadcast', () => {
    expect(parseMediaPlaylist(FFMPEG_PLAYLIST.replace('b1-abc-8', 'b0-old-8'), NAME)?.segments.map((s) => s.uri)).toEqual(['b1-abc-7.ts', 'b1-abc-9.ts']);
  });

  it('reports the end of the broadcast', () => {
    expect(parseMediaPlaylist(`${FFMPEG_PLAYLIST}#EXT-X-ENDLIST\n`, NAME)?.ended).toBe(true);
  });

  it('rejects text that is not a playlist', () => {
    expect(parseMediaPlaylist('', NAME)).toBeUndefined();
    expect(parseMediaPlaylist('<html>', NAME)).toBeUndefined();
  });
});

describe('renderMediaPlaylist', () => {
  it('writes a live playlist without an end tag', () => {
    const text = renderMediaPlaylist({ mediaSequence: 7, segments: [{ uri: 'b1-abc-7.ts', duration: 2 }, { uri: 'b1-abc-8.ts', duration: 1.966667 }] });
    expect(text).toBe('#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:7\n#EXTINF:2.000,\nb1-abc-7.ts\n#EXTINF:1.967,\nb1-abc-8.ts\n');
  });

  it('round-trips through the parser', () => {
    const parsed = parseMediaPlaylist(FFMPEG_PLAYLIST, NAME);
    expect(parseMediaPlaylist(renderMediaPlaylist(parsed!), NAME)?.segments.map((s) => s.uri)).toEqual(parsed?.segments.map((s) => s.uri));
  });
});
