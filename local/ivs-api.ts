// A local stand-in for the IVS API (REST-JSON, as @aws-sdk/client-ivs speaks it) for the local channel: PutMetadata,
// so the function, the host CLI and `npm start` send timed metadata with the real SDK and no AWS account, and
// ListStreamKeys / GetStreamKey, so `npm run stream-key -- --local` reads the local stream key the same way.
// A request is judged on its headers (signature, declared length) before its body is read, a body past the limit
// ends the connection, and nothing is kept of a request once it is answered.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost } from '../core/local-preview';
import { metadataByteLength, MAX_METADATA_BYTES } from '../core/payload';

export interface IvsApiOptions {
  /** The only channel that exists; any other ARN gets ResourceNotFoundException (404). */
  readonly channelArn: string;
  /** The channel's one stream key: its ARN and its value (ListStreamKeys, GetStreamKey). */
  readonly streamKey: { readonly arn: string; readonly value: string };
  /** Whether the channel is broadcasting; false gets ChannelNotBroadcasting (404) from PutMetadata. */
  readonly isLive: () => boolean;
  /** Called with each accepted payload string. */
  readonly onMetadata: (metadata: string) => void;
  /** PutMetadata requests per second per channel beyond which ThrottlingException (429) is returned, like IVS. @default 5 */
  readonly maxRequestsPerSecond?: number;
  /** Clock in milliseconds, injected so tests can drive the rate limit. @default Date.now */
  readonly now?: () => number;
  /** Test hook: called with each request whose body was read. Nothing is kept otherwise. @default none */
  readonly onRequest?: (request: IvsApiRequest) => void;
}

/** A request as the stand-in read it, for the onRequest test hook. */
export interface IvsApiRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface IvsApi {
  /** Handles POST of the IVS operations it knows; returns false (without responding) for any other route. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export const DEFAULT_MAX_REQUESTS_PER_SECOND = 5;
/** The pattern IVS documents for a channel ARN. */
const CHANNEL_ARN_PATTERN = /^arn:aws:[is]vs:[a-z0-9-]+:[0-9]+:channel\/[a-zA-Z0-9-]+$/;
/** Far above any valid request (1 KB payload + ARN): a declared or actual body beyond it is never read into memory. */
export const MAX_BODY_BYTES = 64 * 1024;

type IvsErrorType =
  | 'AccessDeniedException'
  | 'ValidationException'
  | 'ThrottlingException'
  | 'ResourceNotFoundException'
  | 'ChannelNotBroadcasting';

const STATUS_BY_ERROR: Readonly<Record<IvsErrorType, number>> = {
  AccessDeniedException: 403,
  ValidationException: 400,
  ThrottlingException: 429,
  ResourceNotFoundException: 404,
  ChannelNotBroadcasting: 404,
};

interface Rejection {
  readonly type: IvsErrorType;
  readonly message: string;
  /** Answer, then close the connection instead of reading what the client still sends. */
  readonly close?: boolean;
}

type Answer = { readonly status: number; readonly body?: unknown } | Rejection;
type Operation = (input: Record<string, unknown>) => Answer;

export function createIvsApi(options: IvsApiOptions): IvsApi {
  const limiter = slidingWindowLimiter(options.maxRequestsPerSecond ?? DEFAULT_MAX_REQUESTS_PER_SECOND, options.now ?? Date.now);
  const operations: ReadonlyMap<string, Operation> = new Map([
    ['/PutMetadata', (input) => putMetadata(input, options, limiter)],
    ['/ListStreamKeys', (input) => listStreamKeys(input, options)],
    ['/GetStreamKey', (input) => getStreamKey(input, options)],
  ]);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '/').split('?')[0];
    const operation = operations.get(path);
    if (req.method !== 'POST' || operation === undefined) return false;
    // Authentication and the declared size first, as IVS does: a refused request's body is never read.
    const refused = checkHeaders(req);
    if (refused) return send(req, res, refused);
    const body = await readBody(req);
    // Past the limit without a declared length: the connection is gone, there is no one to answer.
    if (body === undefined) return true;
    options.onRequest?.({ method: req.method, path, headers: { ...req.headers }, body });
    const input = parseJsonObject(body);
    return send(req, res, typeof input === 'string' ? { type: 'ValidationException', message: input } : operation(input));
  }

  return { handle };
}

/** What can be refused from the headers alone: a missing signature, or a declared body over the limit. */
function checkHeaders(req: IncomingMessage): Rejection | undefined {
  const authorization = req.headers.authorization;
  if (typeof authorization !== 'string' || !authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    return { type: 'AccessDeniedException', message: 'Request is missing a SigV4 Authorization header', close: true };
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && !(/^\d+$/.test(declared) && Number(declared) <= MAX_BODY_BYTES)) {
    return { type: 'ValidationException', message: `Request body exceeds ${MAX_BODY_BYTES} bytes`, close: true };
  }
  return undefined;
}

/** Checks in the order IVS does: input, rate, then the channel's existence and state. */
function putMetadata(input: Record<string, unknown>, options: IvsApiOptions, limiter: () => boolean): Answer {
  const fields = putMetadataFields(input);
  if (typeof fields === 'string') return { type: 'ValidationException', message: fields };
  if (!limiter()) return { type: 'ThrottlingException', message: 'Request rate exceeded for PutMetadata on this channel' };
  if (fields.channelArn !== options.channelArn) return channelNotFound(fields.channelArn);
  if (!options.isLive()) return { type: 'ChannelNotBroadcasting', message: 'Channel is not broadcasting' };
  options.onMetadata(fields.metadata);
  return { status: 204 };
}

function listStreamKeys(input: Record<string, unknown>, options: IvsApiOptions): Answer {
  const { channelArn } = input;
  if (typeof channelArn !== 'string' || !CHANNEL_ARN_PATTERN.test(channelArn)) return { type: 'ValidationException', message: 'channelArn is not a channel ARN' };
  if (channelArn !== options.channelArn) return channelNotFound(channelArn);
  return { status: 200, body: { streamKeys: [{ arn: options.streamKey.arn, channelArn, tags: {} }] } };
}

function getStreamKey(input: Record<string, unknown>, options: IvsApiOptions): Answer {
  const { arn } = input;
  if (typeof arn !== 'string') return { type: 'ValidationException', message: 'arn is required' };
  if (arn !== options.streamKey.arn) return { type: 'ResourceNotFoundException', message: 'Stream key not found' };
  return { status: 200, body: { streamKey: { arn, value: options.streamKey.value, channelArn: options.channelArn, tags: {} } } };
}

function channelNotFound(channelArn: string): Rejection {
  // The caller's value, cut: a 64 KB ARN is not echoed back.
  return { type: 'ResourceNotFoundException', message: `Channel ${channelArn.slice(0, 200)} not found` };
}

/** The PutMetadata fields, or a ValidationException message naming what is wrong. */
function putMetadataFields(input: Record<string, unknown>): { channelArn: string; metadata: string } | string {
  const { channelArn, metadata } = input;
  if (typeof channelArn !== 'string') return 'channelArn is required';
  if (!CHANNEL_ARN_PATTERN.test(channelArn)) return `channelArn ${JSON.stringify(channelArn.slice(0, 200))} is not a channel ARN`;
  if (typeof metadata !== 'string' || metadata.length === 0) return 'metadata is required';
  const size = metadataByteLength(metadata);
  if (size > MAX_METADATA_BYTES) return `metadata is ${size} bytes; the maximum is ${MAX_METADATA_BYTES} bytes`;
  return { channelArn, metadata };
}

function parseJsonObject(body: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'Request body is not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'Request body must be a JSON object';
  return value as Record<string, unknown>;
}

/** Allows at most `limit` requests in any rolling second; returns false for a request beyond it. */
function slidingWindowLimiter(limit: number, now: () => number): () => boolean {
  const accepted: number[] = [];
  return () => {
    const time = now();
    while (accepted.length > 0 && time - accepted[0] >= 1000) accepted.shift();
    if (accepted.length >= limit) return false;
    accepted.push(time);
    return true;
  };
}

/**
 * Success: the status and the JSON body, if any. IVS errors: status code, `x-amzn-ErrorType` naming the shape, JSON
 * body with `exceptionMessage`. A rejection that comes before the body is read closes the connection once answered.
 */
function send(req: IncomingMessage, res: ServerResponse, answer: Answer): true {
  const headers: Record<string, string | number> = { 'x-amzn-requestid': crypto.randomUUID() };
  let status: number;
  let body: string | undefined;
  if ('type' in answer) {
    status = STATUS_BY_ERROR[answer.type];
    body = JSON.stringify({ exceptionMessage: answer.message });
    headers['x-amzn-errortype'] = answer.type;
    if (answer.close) headers.connection = 'close';
  } else {
    status = answer.status;
    body = answer.body === undefined ? undefined : JSON.stringify(answer.body);
  }
  if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.writeHead(status, headers).end(body, () => {
    // Whatever the client still sends of a refused body is not read: the connection ends here.
    if ('type' in answer && answer.close) req.socket.destroy();
  });
  return true;
}

/**
 * The body as UTF-8, or undefined once it passes MAX_BODY_BYTES: the connection is then dropped at once, so what the
 * client still sends is never read.
 */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.removeAllListeners('data');
      req.socket.destroy();
      resolve(undefined);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

export interface IvsApiServer {
  /** Base URL, e.g. http://127.0.0.1:40123 (use as AWS_ENDPOINT_URL_IVS). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves only the IVS API on 127.0.0.1 (port 0 = ephemeral), to loopback Host names only; other routes get 404.
 * For tests and benches (`npm start` serves the same API on the preview's one port).
 */
export interface IvsApiServerOptions extends IvsApiOptions {
  /** @default an ephemeral port */
  readonly port?: number;
  /** Other stand-ins on the same port, asked after the IVS API (the preview's answer API). @default none */
  readonly alsoServe?: readonly Pick<IvsApi, 'handle'>[];
}

export async function startIvsApiServer(options: IvsApiServerOptions): Promise<IvsApiServer> {
  const api = createIvsApi(options);
  const handlers = [api, ...(options.alsoServe ?? [])];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    for (const handler of handlers) if (await handler.handle(req, res)) return true;
    return false;
  };
  const server = createServer((req, res) => {
    if (!isLoopbackHost(req.headers.host)) {
      res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' }).end('Host not allowed');
      return;
    }
    handle(req, res).then(
      (handled) => {
        if (!handled) res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      },
      () => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal error');
        else res.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
