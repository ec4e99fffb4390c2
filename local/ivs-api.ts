// A local stand-in for the IVS PutMetadata API (REST-JSON, as @aws-sdk/client-ivs speaks it), so the function,
// the host CLI and `npm start` can send timed metadata with the real SDK and no AWS account.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metadataByteLength, MAX_METADATA_BYTES } from '../core/payload';

export interface PutMetadataEndpointOptions {
  /** The only channel that exists; PutMetadata for any other ARN gets ResourceNotFoundException (404). */
  readonly channelArn: string;
  /** Whether the channel is broadcasting; false gets ChannelNotBroadcasting (404). */
  readonly isLive: () => boolean;
  /** Called with each accepted payload string. */
  readonly onMetadata: (metadata: string) => void;
  /** Requests per second per channel beyond which ThrottlingException (429) is returned, like IVS. @default 5 */
  readonly maxRequestsPerSecond?: number;
  /** Clock in milliseconds, injected so tests can drive the rate limit. @default Date.now */
  readonly now?: () => number;
}

export interface RecordedPutMetadataRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface PutMetadataEndpoint {
  /** Handles POST /PutMetadata; returns false (without responding) for any other route so the caller can serve it. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Every PutMetadata request received, in order (accepted or not). */
  readonly requests: readonly RecordedPutMetadataRequest[];
}

export const DEFAULT_MAX_REQUESTS_PER_SECOND = 5;
/** The pattern IVS documents for a channel ARN. */
const CHANNEL_ARN_PATTERN = /^arn:aws:[is]vs:[a-z0-9-]+:[0-9]+:channel\/[a-zA-Z0-9-]+$/;
/** Far above any valid request (1 KB payload + ARN); stops a runaway client from filling memory. */
const MAX_BODY_BYTES = 64 * 1024;

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
}

export function createPutMetadataEndpoint(options: PutMetadataEndpointOptions): PutMetadataEndpoint {
  const requests: RecordedPutMetadataRequest[] = [];
  const limiter = slidingWindowLimiter(options.maxRequestsPerSecond ?? DEFAULT_MAX_REQUESTS_PER_SECOND, options.now ?? Date.now);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'POST' || path !== '/PutMetadata') return false;
    const body = await readBody(req);
    requests.push({ method: req.method, path, headers: { ...req.headers }, body: body ?? '' });
    const rejection = check(req, body, options, limiter);
    if (rejection) {
      sendError(res, rejection);
    } else {
      options.onMetadata((JSON.parse(body as string) as { metadata: string }).metadata);
      res.writeHead(204, requestIdHeader()).end();
    }
    return true;
  }

  return { handle, requests };
}

/** Checks in the order IVS does: authentication, input, rate, then the channel's existence and state. */
function check(
  req: IncomingMessage,
  body: string | undefined,
  options: PutMetadataEndpointOptions,
  limiter: () => boolean,
): Rejection | undefined {
  const authorization = req.headers.authorization;
  if (typeof authorization !== 'string' || !authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    return { type: 'AccessDeniedException', message: 'Request is missing a SigV4 Authorization header' };
  }
  const input = parseInput(body);
  if (typeof input === 'string') return { type: 'ValidationException', message: input };
  if (!limiter()) return { type: 'ThrottlingException', message: 'Request rate exceeded for PutMetadata on this channel' };
  if (input.channelArn !== options.channelArn) {
    return { type: 'ResourceNotFoundException', message: `Channel ${input.channelArn} not found` };
  }
  if (!options.isLive()) return { type: 'ChannelNotBroadcasting', message: 'Channel is not broadcasting' };
  return undefined;
}

/** Returns the request fields, or a ValidationException message naming what is wrong. */
function parseInput(body: string | undefined): { channelArn: string; metadata: string } | string {
  if (body === undefined) return `Request body exceeds ${MAX_BODY_BYTES} bytes`;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'Request body is not valid JSON';
  }
  if (typeof value !== 'object' || value === null) return 'Request body must be a JSON object';
  const { channelArn, metadata } = value as Record<string, unknown>;
  if (typeof channelArn !== 'string') return 'channelArn is required';
  if (!CHANNEL_ARN_PATTERN.test(channelArn)) return `channelArn ${JSON.stringify(channelArn)} is not a channel ARN`;
  if (typeof metadata !== 'string' || metadata.length === 0) return 'metadata is required';
  const size = metadataByteLength(metadata);
  if (size > MAX_METADATA_BYTES) return `metadata is ${size} bytes; the maximum is ${MAX_METADATA_BYTES} bytes`;
  return { channelArn, metadata };
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

/** IVS errors: status code, `x-amzn-ErrorType` naming the shape, JSON body with `exceptionMessage`. */
function sendError(res: ServerResponse, rejection: Rejection): void {
  const body = JSON.stringify({ exceptionMessage: rejection.message });
  res
    .writeHead(STATUS_BY_ERROR[rejection.type], {
      ...requestIdHeader(),
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-amzn-errortype': rejection.type,
    })
    .end(body);
}

function requestIdHeader(): Record<string, string> {
  return { 'x-amzn-requestid': crypto.randomUUID() };
}

/** The body as UTF-8, or undefined when it is larger than MAX_BODY_BYTES (the rest is drained). */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

export interface PutMetadataServer {
  /** Base URL, e.g. http://127.0.0.1:40123 (use as AWS_ENDPOINT_URL_IVS). */
  readonly url: string;
  readonly endpoint: PutMetadataEndpoint;
  close(): Promise<void>;
}

/** Serves only the PutMetadata endpoint on 127.0.0.1 (port 0 = ephemeral); other routes get 404. For tests and benches. */
export async function startPutMetadataServer(
  options: PutMetadataEndpointOptions & { readonly port?: number },
): Promise<PutMetadataServer> {
  const endpoint = createPutMetadataEndpoint(options);
  const server = createServer((req, res) => {
    endpoint.handle(req, res).then(
      (handled) => {
        if (!handled) res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(error instanceof Error ? error.message : 'Internal error');
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
    endpoint,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
