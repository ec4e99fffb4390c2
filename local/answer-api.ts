// The preview's answer routes, on its one port: `POST /api/answers` runs the answer function's own handler (as the
// CDN forwards a viewer's answer to its function URL, body hash checked as CloudFront's signing needs it), and the
// DynamoDB API of the local answer table (dynalite) for the host CLI's --reveal, so `npm run send-metadata -- --local`
// needs one endpoint like the IVS API it already uses.
import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../core/local-preview';
import { API_PATH_PATTERN, MAX_ANSWER_BODY_BYTES } from '../core/answers';
import { createDynamoDbClient } from '../aws/clients';
import { createAnswerHandler } from '../functions/answers/handler';
import type { LocalAnswerTable } from './answer-table';

/** DynamoDB's JSON protocol names each operation in this header; nothing else the preview answers sends it. */
const DYNAMODB_TARGET_PREFIX = 'DynamoDB_20120810.';
/** A DynamoDB request from the host CLI is a few hundred bytes; a reveal's Query answer is larger, but that flows back. */
const MAX_DYNAMODB_BODY_BYTES = 64 * 1024;

/** What the CDN routes to the answer function (`api/*`): every path below it, as the function answers unknown ones. */
const API_PREFIX = `/${API_PATH_PATTERN.replace(/\*$/, '')}`;

export interface LocalAnswerApi {
  /** Answers the routes it knows (true), or leaves the request to the next handler (false). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Releases the handler's DynamoDB client. */
  close(): void;
}

export function createLocalAnswerApi(table: LocalAnswerTable): LocalAnswerApi {
  const client = createDynamoDbClient({ endpoint: table.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const handler = createAnswerHandler({ config: { table: table.tableName }, client });
  const target = new URL(table.endpoint);

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readCapped(req, MAX_ANSWER_BODY_BYTES);
    // CloudFront signs a POST for the function URL with the hash the page sends; a missing or wrong one fails there.
    if (body !== undefined && req.headers['x-amz-content-sha256'] !== sha256Hex(body)) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('x-amz-content-sha256 must be the SHA-256 of the body, as the CDN needs it to sign the request');
      return;
    }
    const result = await handler(functionUrlEvent(req, body));
    res.writeHead(result.statusCode, result.headers as Record<string, string>).end(result.body);
  }

  async function proxyToTable(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The local endpoint checks that a request is signed, like the IVS stand-in, not by whom.
    if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
      res.writeHead(403, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ __type: 'MissingAuthenticationTokenException', message: 'unsigned request' }));
      return;
    }
    const body = await readCapped(req, MAX_DYNAMODB_BODY_BYTES);
    if (body === undefined) {
      res.writeHead(413, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ __type: 'ValidationException', message: 'request too large' }));
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const forward = httpRequest(
        { host: target.hostname, port: target.port, method: 'POST', path: '/', headers: { ...req.headers, host: target.host, 'content-length': String(body.length) } },
        (upstream) => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res).on('finish', resolve);
        },
      );
      forward.on('error', reject);
      forward.end(body);
    });
  }

  return {
    async handle(req, res) {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (path.startsWith(API_PREFIX)) {
        await answer(req, res);
        return true;
      }
      const operation = req.headers['x-amz-target'];
      if (req.method === 'POST' && path === '/' && typeof operation === 'string' && operation.startsWith(DYNAMODB_TARGET_PREFIX)) {
        await proxyToTable(req, res);
        return true;
      }
      return false;
    },
    close: () => client.destroy(),
  };
}

/** The event a function URL gives the handler for this request; a body over the cap is left out (the declared length says). */
function functionUrlEvent(req: IncomingMessage, body: Buffer | undefined): LambdaFunctionURLEvent {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : (value ?? '')]));
  if (body === undefined) headers['content-length'] = String(MAX_ANSWER_BODY_BYTES + 1);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    body: body === undefined ? '' : body.toString('utf8'),
    isBase64Encoded: false,
    requestContext: { http: { method: req.method ?? 'GET', path: url.pathname } },
  } as unknown as LambdaFunctionURLEvent;
}

/** The body, or undefined once it passes `limit` bytes (the rest is not read: the connection closes after the answer). */
function readCapped(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length'] ?? '0') > limit) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sha256Hex(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}
