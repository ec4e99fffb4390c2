// The site's security headers, built once from a few inputs: the CDN's response headers policy (stacks/) and the local
// preview (local/) send exactly these values, so a Content-Security-Policy mistake shows up on `npm start`.

/**
 * Amazon IVS's hosts: every playback URL (`https://<id>.<region>.playback.live-video.net/…`) and the player's own
 * configuration and telemetry hosts. A CSP `*.` matches subdomains at any depth.
 */
export const IVS_ORIGINS: readonly string[] = ['https://*.live-video.net'];

/** Two years: browsers keep to HTTPS for the site that long after a visit. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;
/** Full URLs stay on the site; other HTTPS sites see only its origin. */
export const REFERRER_POLICY = 'strict-origin-when-cross-origin';
/** Nothing the page does not use: it plays video (autoplay, fullscreen, picture-in-picture) and nothing else. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=(self)',
  'camera=()',
  'display-capture=()',
  'encrypted-media=()',
  'fullscreen=(self)',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'picture-in-picture=(self)',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'usb=()',
  'xr-spatial-tracking=()',
].join(', ');

export interface SecurityHeaderOptions {
  /** Sites allowed to show the page in a frame (https origins); empty: no site may. */
  readonly embedOrigins: readonly string[];
  /** Origins the player streams from besides the site itself. @default IVS_ORIGINS */
  readonly playbackOrigins?: readonly string[];
  /** Where browsers report violations (the preview's collector). @default none: production collects no reports */
  readonly reportUri?: string;
}

/** The headers as a CloudFront response headers policy describes them; securityHeaderFields() gives what is sent. */
export interface SecurityHeaders {
  readonly contentSecurityPolicy: string;
  readonly strictTransportSecurity: { readonly maxAgeSeconds: number; readonly includeSubdomains: boolean; readonly preload: boolean };
  readonly contentTypeOptions: 'nosniff';
  readonly referrerPolicy: typeof REFERRER_POLICY;
  /** `DENY` when no site may embed the page, for browsers without `frame-ancestors`; X-Frame-Options cannot list sites. */
  readonly frameOptions?: 'DENY';
  readonly permissionsPolicy: string;
}

export function securityHeaders(options: SecurityHeaderOptions): SecurityHeaders {
  return {
    contentSecurityPolicy: contentSecurityPolicy(options),
    strictTransportSecurity: { maxAgeSeconds: HSTS_MAX_AGE_SECONDS, includeSubdomains: false, preload: false },
    contentTypeOptions: 'nosniff',
    referrerPolicy: REFERRER_POLICY,
    ...(options.embedOrigins.length === 0 ? { frameOptions: 'DENY' as const } : {}),
    permissionsPolicy: PERMISSIONS_POLICY,
  };
}

/**
 * The smallest policy under which amazon-ivs-player plays with no violation (measured in Chromium): everything not
 * listed is refused. The worker obeys the policy sent with its own script, so every response must carry it.
 */
export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const playback = options.playbackOrigins ?? IVS_ORIGINS;
  const ancestors = options.embedOrigins.length === 0 ? ["'none'"] : options.embedOrigins;
  return [
    "default-src 'none'",
    // The bundle and the player's worker script are the site's own files; its wasm needs 'wasm-unsafe-eval'.
    "script-src 'self' 'wasm-unsafe-eval'",
    // A same-origin worker URL: the player only builds a blob: worker for a worker on another origin.
    "worker-src 'self'",
    // The video element plays a MediaSource object URL.
    'media-src blob:',
    // 'self': the wasm and live/current.json; the playback origins: playlists and segments (fetched by the worker).
    `connect-src ${["'self'", ...playback].join(' ')}`,
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors.join(' ')}`,
    ...(options.reportUri === undefined ? [] : [`report-uri ${options.reportUri}`]),
  ].join('; ');
}

/** The header fields as a browser receives them (lowercase names), in the form CloudFront writes them. */
export function securityHeaderFields(headers: SecurityHeaders): Readonly<Record<string, string>> {
  const hsts = headers.strictTransportSecurity;
  return {
    'content-security-policy': headers.contentSecurityPolicy,
    'strict-transport-security': [`max-age=${hsts.maxAgeSeconds}`, ...(hsts.includeSubdomains ? ['includeSubDomains'] : []), ...(hsts.preload ? ['preload'] : [])].join('; '),
    'x-content-type-options': headers.contentTypeOptions,
    'referrer-policy': headers.referrerPolicy,
    ...(headers.frameOptions === undefined ? {} : { 'x-frame-options': headers.frameOptions }),
    'permissions-policy': headers.permissionsPolicy,
  };
}
