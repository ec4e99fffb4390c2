// A tiny S3 stand-in on 127.0.0.1 for the real AWS SDK (path-style): PutObject, DeleteObject, ListObjectsV2 (paged)
// and DeleteObjects, with switches to refuse a key, so S3 adapters are tested through real HTTP and XML.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';

export interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly cacheControl: string | undefined;
  readonly contentEncoding?: string;
}

export interface FakeS3 {
  readonly objects: Map<string, StoredObject>;
  /** Request log, e.g. "PUT index.html", "LIST", "DELETE a.js,b.js" (DeleteObjects), "DELETE-ONE live/current.json". */
  readonly requests: string[];
  /** Keys whose PUT answers 403 AccessDenied. */
  readonly denyPut: Set<string>;
  /** Keys that DeleteObjects reports as failed, and whose DeleteObject answers 403 AccessDenied. */
  readonly denyDelete: Set<string>;
  /** http://127.0.0.1:<port>, for AWS_ENDPOINT_URL_S3 (an IP endpoint makes the SDK use path-style URLs). */
  readonly url: string;
  client(): S3Client;
  close(): Promise<void>;
}

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const xml = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unescape = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export async function startFakeS3(bucket: string, pageSize = 2): Promise<FakeS3> {
  const objects = new Map<string, StoredObject>();
  const requests: string[] = [];
  const denyPut = new Set<string>();
  const denyDelete = new Set<string>();

  const handle = (req: IncomingMessage, body: Buffer, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, bucketName, ...keyParts] = url.pathname.split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const send = (status: number, text = ''): void => void res.writeHead(status, { 'content-type': 'application/xml' }).end(text);
    if (bucketName !== bucket) return send(404, xml(`<Error><Code>NoSuchBucket</Code><Message>${escape(bucketName)}</Message></Error>`));

    if (req.method === 'PUT' && key !== '') {
      requests.push(`PUT ${key}`);
      if (denyPut.has(key)) return send(403, xml('<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>'));
      objects.set(key, { body, contentType: req.headers['content-type'], cacheControl: req.headers['cache-control'], contentEncoding: req.headers['content-encoding'] });
      res.setHeader('etag', '"fake"');
      return send(200);
    }
    if (req.method === 'DELETE' && key !== '') {
      requests.push(`DELETE-ONE ${key}`);
      if (denyDelete.has(key)) return send(403, xml('<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>'));
      // As S3 does: 204 whether or not the key existed.
      objects.delete(key);
      return send(204);
    }
    if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
      requests.push('LIST');
      const keys = [...objects.keys()].sort();
      const start = Number(url.searchParams.get('continuation-token') ?? '0');
      const page = keys.slice(start, start + pageSize);
      const truncated = start + pageSize < keys.length;
      const contents = page.map((k) => `<Contents><Key>${escape(k)}</Key><Size>${objects.get(k)?.body.length}</Size></Contents>`).join('');
      const next = truncated ? `<NextContinuationToken>${start + pageSize}</NextContinuationToken>` : '';
      return send(200, xml(`<ListBucketResult xmlns="${NS}"><Name>${bucket}</Name><KeyCount>${page.length}</KeyCount><MaxKeys>${pageSize}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`));
    }
    if (req.method === 'POST' && url.searchParams.has('delete')) {
      const keys = [...body.toString('utf8').matchAll(/<Key>(.*?)<\/Key>/g)].map((m) => unescape(m[1]));
      requests.push(`DELETE ${keys.join(',')}`);
      const errors = keys.filter((k) => denyDelete.has(k));
      for (const k of keys) if (!denyDelete.has(k)) objects.delete(k);
      const errorXml = errors.map((k) => `<Error><Key>${escape(k)}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`).join('');
      return send(200, xml(`<DeleteResult xmlns="${NS}">${errorXml}</DeleteResult>`));
    }
    requests.push(`UNEXPECTED ${req.method} ${req.url}`);
    return send(400, xml('<Error><Code>NotImplemented</Code><Message>not in the fake</Message></Error>'));
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const url = `http://127.0.0.1:${port}`;
  return {
    objects,
    requests,
    denyPut,
    denyDelete,
    url,
    client: () =>
      new S3Client({
        endpoint: url,
        forcePathStyle: true,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
        maxAttempts: 1,
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
