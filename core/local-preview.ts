// Names, addresses and credentials of the local stand-in for IVS, shared by `npm start`, the function it invokes, the
// host CLI's `--local` mode and the end-to-end tests, so they can never disagree.

/** The ARN the local channel answers to (account 000000000000 is never a real AWS account). */
export const LOCAL_CHANNEL_ARN = 'arn:aws:ivs:us-east-1:000000000000:channel/local';
export const LOCAL_REGION = 'us-east-1';
/** The preview serves the page, the HLS playlist and the IVS PutMetadata API on one port. */
export const DEFAULT_PREVIEW_PORT = 8080;
export const DEFAULT_RTMP_PORT = 1935;
export const LOCAL_STREAM_KEY = 'sk_local_preview';
/** Path of the channel's playlist on the preview server (the page's playback URL); its segments sit beside it. */
export const LOCAL_PLAYLIST_PATH = '/hls/index.m3u8';
/** Where the preview's Content-Security-Policy asks browsers to report violations (the CDN's policy asks for none). */
export const LOCAL_CSP_REPORT_PATH = '/__csp-reports';
/**
 * Credentials the local endpoints accept: they check that a request is SigV4-signed, not by whom. Never a real
 * account's (AKIA + zeros is no key AWS issues).
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'AKIALOCALPREVIEW0000', secretAccessKey: 'local-preview-secret' } as const;

export function localEndpoint(port: number = DEFAULT_PREVIEW_PORT): string {
  return `http://127.0.0.1:${port}`;
}

/** The preview's answer table (dynalite on 127.0.0.1, reached through the preview's port like the IVS API). */
export const LOCAL_ANSWERS_TABLE = 'ivs-live-local--answers';

/** The local channel's one stream key (`npm run stream-key -- --local` reads it from the preview's IVS stand-in). */
export const LOCAL_STREAM_KEY_ARN = 'arn:aws:ivs:us-east-1:000000000000:stream-key/local';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether a request's Host header names this machine's loopback interface (with any port). The preview answers only
 * those: a page on another site that points its own name at 127.0.0.1 (DNS rebinding) sends its own name as Host.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(host.toLowerCase());
  return match !== null && LOOPBACK_HOSTS.has(match[1]);
}
