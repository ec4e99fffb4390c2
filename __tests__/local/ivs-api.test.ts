// The local IVS API stand-in, exercised with the real @aws-sdk/client-ivs: each IVS answer must surface as the SDK's
// named error class, exactly as the real service's would. And what it refuses before reading a body.
import {
  AccessDeniedException,
  ChannelNotBroadcasting,
  GetStreamKeyCommand,
  IvsClient,
  ListStreamKeysCommand,
  PutMetadataCommand,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-ivs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOCAL_STREAM_KEY, LOCAL_STREAM_KEY_ARN } from '../../core/local-preview';
import { createIvsApi, MAX_BODY_BYTES } from '../../local/ivs-api';
import { startRecordingIvsApi, type RecordingIvsApi } from '../../testing/ivs-api-recorder';

const CHANNEL = 'arn:aws:ivs:us-east-1:000000000000:channel/local';
const OTHER = 'arn:aws:ivs:us-east-1:000000000000:channel/other';
const PAYLOAD = '{"type":"announcement","text":"Hello"}';

describe('local IVS API', () => {
  let server: RecordingIvsApi;
  let live: boolean;
  let time: number;
  let received: string[];
  let client: IvsClient;

  beforeEach(async () => {
    live = true;
    time = 0;
    received = [];
    server = await startRecordingIvsApi({ channelArn: CHANNEL, isLive: () => live, onMetadata: (m) => received.push(m), now: () => time });
    client = new IvsClient({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' }, maxAttempts: 1 });
  });

  afterEach(async () => {
    client.destroy();
    await server.close();
  });

  const put = (channelArn: string, metadata: string) => client.send(new PutMetadataCommand({ channelArn, metadata }));

  it('accepts a signed PutMetadata for the live channel with 204 and hands over the payload', async () => {
    const output = await put(CHANNEL, PAYLOAD);
    expect(output.$metadata.httpStatusCode).toBe(204);
    expect(received).toEqual([PAYLOAD]);
  });

  it('records the request as the SDK sent it', async () => {
    await put(CHANNEL, PAYLOAD);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/PutMetadata' });
    expect(JSON.parse(request.body)).toEqual({ channelArn: CHANNEL, metadata: PAYLOAD });
    expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/ivs\/aws4_request, /);
  });

  it('answers ChannelNotBroadcasting (404) while the channel is not live', async () => {
    live = false;
    const failure = put(CHANNEL, PAYLOAD);
    await expect(failure).rejects.toBeInstanceOf(ChannelNotBroadcasting);
    await expect(failure).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 }, exceptionMessage: 'Channel is not broadcasting' });
    expect(received).toEqual([]);
  });

  it('answers ResourceNotFoundException (404) for another channel', async () => {
    const failure = put(OTHER, PAYLOAD);
    await expect(failure).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(failure).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 }, exceptionMessage: `Channel ${OTHER} not found` });
  });

  it('answers ValidationException (400) for a payload over 1 KB', async () => {
    const failure = put(CHANNEL, 'x'.repeat(1025));
    await expect(failure).rejects.toBeInstanceOf(ValidationException);
    await expect(failure).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 }, exceptionMessage: 'metadata is 1025 bytes; the maximum is 1024 bytes' });
  });

  it('answers ValidationException (400) for a malformed channel ARN and for empty metadata', async () => {
    await expect(put('channel/local', PAYLOAD)).rejects.toMatchObject({ name: 'ValidationException', exceptionMessage: 'channelArn "channel/local" is not a channel ARN' });
    await expect(put(CHANNEL, '')).rejects.toMatchObject({ name: 'ValidationException', exceptionMessage: 'metadata is required' });
  });

  it('answers ThrottlingException (429) beyond 5 requests in a second, and accepts again a second later', async () => {
    for (let i = 0; i < 5; i += 1) await put(CHANNEL, PAYLOAD);
    const failure = put(CHANNEL, PAYLOAD);
    await expect(failure).rejects.toBeInstanceOf(ThrottlingException);
    await expect(failure).rejects.toMatchObject({ $metadata: { httpStatusCode: 429 } });
    time = 1000;
    await expect(put(CHANNEL, PAYLOAD)).resolves.toMatchObject({ $metadata: { httpStatusCode: 204 } });
    expect(received).toHaveLength(6);
  });

  it('answers an unsigned request with AccessDeniedException (403), its error header and JSON body', async () => {
    const response = await fetch(`${server.url}/PutMetadata`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channelArn: CHANNEL, metadata: PAYLOAD }) });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(await response.json()).toEqual({ exceptionMessage: 'Request is missing a SigV4 Authorization header' });
    expect(received).toEqual([]);
  });

  it('raises AccessDeniedException in the SDK when the signature is missing', async () => {
    client.middlewareStack.add((next) => async (args) => {
      delete (args.request as { headers: Record<string, string> }).headers.authorization;
      return next(args);
    }, { step: 'finalizeRequest', priority: 'low', name: 'dropAuthorization' });
    await expect(put(CHANNEL, PAYLOAD)).rejects.toBeInstanceOf(AccessDeniedException);
  });

  it('answers ValidationException to a body that is not JSON', async () => {
    const response = await fetch(`${server.url}/PutMetadata`, { method: 'POST', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' }, body: '{' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ exceptionMessage: 'Request body is not valid JSON' });
  });

  it('lists the local channel\'s one stream key and gives its value, as IVS does', async () => {
    const listed = await client.send(new ListStreamKeysCommand({ channelArn: CHANNEL }));
    expect(listed.streamKeys).toEqual([{ arn: LOCAL_STREAM_KEY_ARN, channelArn: CHANNEL, tags: {} }]);
    const { streamKey } = await client.send(new GetStreamKeyCommand({ arn: LOCAL_STREAM_KEY_ARN }));
    expect(streamKey).toMatchObject({ arn: LOCAL_STREAM_KEY_ARN, value: LOCAL_STREAM_KEY, channelArn: CHANNEL });
  });

  it('answers ResourceNotFoundException for the keys of another channel and for another key', async () => {
    await expect(client.send(new ListStreamKeysCommand({ channelArn: OTHER }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(client.send(new GetStreamKeyCommand({ arn: `${LOCAL_STREAM_KEY_ARN}x` }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

/** Sends the headers and `sent` bytes of a body, then waits: the answer, or how the connection ended. */
function partialPost(url: string, path: string, headers: Record<string, string>, sent: Buffer, chunked = false) {
  const { port } = new URL(url);
  return new Promise<{ status?: number; body?: string; ended: 'response' | 'closed' }>((resolve) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString(), ended: 'response' }));
    });
    request.on('error', () => resolve({ ended: 'closed' }));
    if (chunked) request.setHeader('transfer-encoding', 'chunked');
    request.write(sent);
    // Never finished: a server that reads the body to its end before answering would wait here forever.
  });
}

describe('what the local IVS API refuses before reading a body', () => {
  let server: RecordingIvsApi;
  beforeEach(async () => {
    server = await startRecordingIvsApi({ channelArn: CHANNEL, isLive: () => true, onMetadata: () => undefined });
  });
  afterEach(() => server.close());

  const SIGNED = { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/ivs/aws4_request', 'content-type': 'application/json' };

  it('answers an unsigned request at once, from its headers, and closes the connection', async () => {
    const result = await partialPost(server.url, '/PutMetadata', { 'content-length': String(10 * 1024 * 1024) }, Buffer.alloc(1024, 0x20));
    expect(result).toMatchObject({ status: 403, ended: 'response' });
    expect(server.requests).toEqual([]);
  });

  it('answers a declared body over the limit at once, without reading it', async () => {
    const result = await partialPost(server.url, '/PutMetadata', { ...SIGNED, 'content-length': String(MAX_BODY_BYTES + 1) }, Buffer.alloc(1024, 0x20));
    expect(result).toMatchObject({ status: 400, ended: 'response' });
    expect(JSON.parse(result.body!)).toEqual({ exceptionMessage: `Request body exceeds ${MAX_BODY_BYTES} bytes` });
    expect(server.requests).toEqual([]);
  });

  it('drops the connection as soon as a body of undeclared length passes the limit', async () => {
    const result = await partialPost(server.url, '/PutMetadata', SIGNED, Buffer.alloc(MAX_BODY_BYTES + 4096, 0x20), true);
    expect(result).toEqual({ ended: 'closed' });
    expect(server.requests).toEqual([]);
  });
});

describe('createIvsApi', () => {
  it('keeps nothing of the requests it answers: its one member is the handler', () => {
    const api = createIvsApi({ channelArn: CHANNEL, streamKey: { arn: LOCAL_STREAM_KEY_ARN, value: LOCAL_STREAM_KEY }, isLive: () => true, onMetadata: () => undefined });
    expect(Object.keys(api)).toEqual(['handle']);
  });

  it('leaves every other route to the caller', async () => {
    const endpoint = createIvsApi({ channelArn: CHANNEL, streamKey: { arn: LOCAL_STREAM_KEY_ARN, value: LOCAL_STREAM_KEY }, isLive: () => true, onMetadata: () => undefined });
    const server = createServer((req, res) => {
      void endpoint.handle(req, res).then((handled) => {
        if (!handled) res.writeHead(418).end('caller');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const [method, path] of [['GET', '/PutMetadata'], ['POST', '/'], ['GET', '/live/index.m3u8'], ['POST', '/PutMetadata/extra'], ['GET', '/GetStreamKey']]) {
        const response = await fetch(`${base}${path}`, { method });
        expect([method, path, response.status, await response.text()]).toEqual([method, path, 418, 'caller']);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
