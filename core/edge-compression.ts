// Which responses a CloudFront edge compresses on the way to a viewer ("Serve compressed files", CloudFront Developer
// Guide), as rules the local preview imitates and the benchmark counts on: a page served by `npm start` travels as it
// would from the CDN.

/** The content types CloudFront compresses (its documented list; `application/wasm` is not in it). */
export const EDGE_COMPRESSED_TYPES: ReadonlySet<string> = new Set([
  'application/dash+xml', 'application/eot', 'application/font', 'application/font-sfnt', 'application/javascript',
  'application/json', 'application/opentype', 'application/otf', 'application/pkcs7-mime', 'application/protobuf',
  'application/rss+xml', 'application/truetype', 'application/ttf', 'application/vnd.apple.mpegurl',
  'application/vnd.ms-fontobject', 'application/xhtml+xml', 'application/xml', 'application/x-font-opentype',
  'application/x-font-truetype', 'application/x-font-ttf', 'application/x-httpd-cgi', 'application/x-javascript',
  'application/x-mpegurl', 'application/x-opentype', 'application/x-otf', 'application/x-perl', 'application/x-ttf',
  'font/eot', 'font/opentype', 'font/otf', 'font/ttf', 'image/svg+xml', 'text/css', 'text/csv', 'text/html',
  'text/javascript', 'text/js', 'text/plain', 'text/richtext', 'text/tab-separated-values', 'text/xml',
  'text/x-component', 'text/x-java-source', 'text/x-script', 'vnd.apple.mpegurl',
]);
/** Smaller objects are not worth compressing; larger ones are sent as they are. */
export const EDGE_COMPRESSION_MIN_BYTES = 1_000;
export const EDGE_COMPRESSION_MAX_BYTES = 10_000_000;

export type EdgeEncoding = 'br' | 'gzip';

/**
 * The encoding an edge answers with, or undefined when it sends the object as it is: an object of a listed type and
 * size, not already encoded, to a viewer that accepts br (preferred, which browsers offer over HTTPS only) or gzip.
 */
export function edgeEncoding(response: { readonly contentType: string; readonly bytes: number; readonly contentEncoding?: string }, acceptEncoding: string): EdgeEncoding | undefined {
  const type = response.contentType.split(';')[0].trim().toLowerCase();
  if (response.contentEncoding !== undefined || !EDGE_COMPRESSED_TYPES.has(type)) return undefined;
  if (response.bytes < EDGE_COMPRESSION_MIN_BYTES || response.bytes > EDGE_COMPRESSION_MAX_BYTES) return undefined;
  const accepted = new Set(acceptEncoding.split(',').map((part) => part.split(';')[0].trim().toLowerCase()));
  if (accepted.has('br')) return 'br';
  return accepted.has('gzip') ? 'gzip' : undefined;
}
