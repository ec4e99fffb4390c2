// The preview's stand-in for the CDN in front of the site bucket: an object is answered as CloudFront answers it, with
// the bucket's headers (content type, Cache-Control, stored encoding, an ETag for revalidation), the site's security
// headers, compression as an edge compresses, and a missing key answered by the page itself with a 404.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { edgeEncoding, type EdgeEncoding } from '../core/edge-compression';
import { cacheControlFor, contentTypeFor, NOT_FOUND_PAGE_KEY, NOT_FOUND_STATUS, storedEncodingFor } from '../core/site-objects';

/** Reads an object of the bucket; undefined when the bucket has no such key. */
export type ReadObject = (key: string) => Promise<Buffer | undefined>;

export interface SiteEdge {
  /** Answers a GET or HEAD for `key` (no leading slash), or the not-found page when the bucket has no such key. */
  answer(req: IncomingMessage, res: ServerResponse, key: string, read: ReadObject): Promise<void>;
}

/** Compressed copies an edge keeps, as CloudFront caches them; a few suffice for the page's files. */
const MAX_COMPRESSED_COPIES = 32;

/** `headers`: the security header fields every answer carries (core/security-headers.ts). */
export function createSiteEdge(headers: Readonly<Record<string, string>>): SiteEdge {
  const compressed = new Map<string, Buffer>();
  const compress = (etag: string, body: Buffer, encoding: EdgeEncoding): Buffer => {
    const id = `${etag}:${encoding}`;
    let copy = compressed.get(id);
    if (copy === undefined) {
      copy = encoding === 'br' ? brotliCompressSync(body) : gzipSync(body);
      if (compressed.size >= MAX_COMPRESSED_COPIES) compressed.clear();
      compressed.set(id, copy);
    }
    return copy;
  };

  const send = (req: IncomingMessage, res: ServerResponse, status: number, key: string, body: Buffer): void => {
    // S3's ETag of a single-part upload is the MD5 of its bytes.
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    const contentType = contentTypeFor(key);
    const stored = storedEncodingFor(key);
    const encoding = edgeEncoding({ contentType, bytes: body.length, contentEncoding: stored }, String(req.headers['accept-encoding'] ?? ''));
    const fields: Record<string, string | number> = {
      ...headers,
      'content-type': contentType,
      'cache-control': cacheControlFor(key),
      // An edge that compresses weakens the ETag: the bytes differ, the content does not.
      etag: encoding === undefined ? etag : `W/${etag}`,
      ...(stored === undefined ? {} : { 'content-encoding': stored }),
      ...(encoding === undefined ? {} : { 'content-encoding': encoding, vary: 'Accept-Encoding' }),
    };
    const ifNoneMatch = String(req.headers['if-none-match'] ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (status === 200 && ifNoneMatch.includes(etag)) {
      res.writeHead(304, fields);
      return void res.end();
    }
    const payload = encoding === undefined ? body : compress(etag, body, encoding);
    res.writeHead(status, { ...fields, 'content-length': payload.length });
    res.end(req.method === 'HEAD' ? undefined : payload);
  };

  return {
    async answer(req, res, key, read) {
      const body = await read(key);
      if (body !== undefined) return send(req, res, 200, key, body);
      // The bucket answers 403 (the edge may not list it) or 404; the edge answers both with the page and a 404.
      const page = await read(NOT_FOUND_PAGE_KEY);
      if (page !== undefined) return send(req, res, NOT_FOUND_STATUS, NOT_FOUND_PAGE_KEY, page);
      res.writeHead(NOT_FOUND_STATUS, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : `no ${key}`);
    },
  };
}
