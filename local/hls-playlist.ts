// Reads the live playlist ffmpeg writes and renders the one the preview serves. Pure. The served playlist lists
// only segments the preview has prepared (metadata injected), so a client can never fetch one that is not ready.

export interface PlaylistSegment {
  readonly uri: string;
  readonly duration: number;
}

export interface MediaPlaylist {
  readonly targetDuration: number;
  readonly mediaSequence: number;
  readonly segments: readonly PlaylistSegment[];
  /** ffmpeg wrote #EXT-X-ENDLIST: the broadcast is over. */
  readonly ended: boolean;
}

/**
 * Parses an HLS media playlist. Tolerates a half-written file (the old ffmpeg of @ffmpeg-installer rewrites it in
 * place): only complete EXTINF + URI pairs whose URI matches `segmentName` count.
 */
export function parseMediaPlaylist(text: string, segmentName: RegExp): MediaPlaylist | undefined {
  if (!text.startsWith('#EXTM3U')) return undefined;
  // The last piece is either empty (the text ends with a newline) or a line still being written: skip it.
  const lines = text.split('\n').slice(0, -1);
  let targetDuration = 0;
  let mediaSequence = 0;
  let ended = false;
  let pendingDuration: number | undefined;
  const segments: PlaylistSegment[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('#EXT-X-TARGETDURATION:')) targetDuration = Number(line.split(':')[1]);
    else if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) mediaSequence = Number(line.split(':')[1]);
    else if (line.startsWith('#EXTINF:')) pendingDuration = Number.parseFloat(line.slice('#EXTINF:'.length));
    else if (line === '#EXT-X-ENDLIST') ended = true;
    else if (!line.startsWith('#') && line !== '' && pendingDuration !== undefined) {
      if (segmentName.test(line) && Number.isFinite(pendingDuration)) segments.push({ uri: line, duration: pendingDuration });
      pendingDuration = undefined;
    }
  }
  if (!Number.isFinite(targetDuration) || !Number.isInteger(mediaSequence)) return undefined;
  return { targetDuration, mediaSequence, segments, ended };
}

/** A live media playlist (no ENDLIST: when the broadcast ends the preview answers 404, as IVS does). */
export function renderMediaPlaylist(playlist: Pick<MediaPlaylist, 'mediaSequence' | 'segments'>): string {
  const target = Math.max(1, ...playlist.segments.map((segment) => Math.ceil(segment.duration)));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${target}`, `#EXT-X-MEDIA-SEQUENCE:${playlist.mediaSequence}`];
  for (const segment of playlist.segments) lines.push(`#EXTINF:${segment.duration.toFixed(3)},`, segment.uri);
  return `${lines.join('\n')}\n`;
}
