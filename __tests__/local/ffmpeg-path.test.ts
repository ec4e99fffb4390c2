// Tests where the preview finds ffmpeg: FFMPEG_PATH, then the npm-installed binary, then PATH.
import { delimiter } from 'node:path';
import { FfmpegNotFound, resolveFfmpegPath } from '../../local/ffmpeg-path';

const exists = (present: readonly string[]) => (path: string) => present.includes(path);

describe('resolveFfmpegPath', () => {
  it('prefers FFMPEG_PATH', () => {
    expect(resolveFfmpegPath({ env: { FFMPEG_PATH: '/opt/ffmpeg' }, exists: exists(['/opt/ffmpeg', '/npm/ffmpeg']), bundled: () => '/npm/ffmpeg' })).toBe('/opt/ffmpeg');
  });

  it('names FFMPEG_PATH when it points at nothing', () => {
    expect(() => resolveFfmpegPath({ env: { FFMPEG_PATH: '/nope' }, exists: exists([]), bundled: () => undefined })).toThrow('FFMPEG_PATH is "/nope", which does not exist');
  });

  it('uses the binary @ffmpeg-installer/ffmpeg installed for this platform', () => {
    expect(resolveFfmpegPath({ env: { PATH: '/usr/bin' }, exists: exists(['/npm/ffmpeg', '/usr/bin/ffmpeg']), bundled: () => '/npm/ffmpeg' })).toBe('/npm/ffmpeg');
  });

  it('falls back to ffmpeg on PATH', () => {
    const env = { PATH: ['/a', '/usr/local/bin'].join(delimiter) };
    expect(resolveFfmpegPath({ env, exists: exists(['/usr/local/bin/ffmpeg']), bundled: () => undefined })).toBe('/usr/local/bin/ffmpeg');
  });

  it('says how to get ffmpeg when there is none', () => {
    expect(() => resolveFfmpegPath({ env: { PATH: '/a' }, exists: exists([]), bundled: () => undefined })).toThrow(FfmpegNotFound);
    expect(() => resolveFfmpegPath({ env: {}, exists: exists([]), bundled: () => undefined })).toThrow(/npm ci/);
  });

  it('finds the real binary here', () => {
    expect(resolveFfmpegPath()).toMatch(/ffmpeg$/);
  });
});
