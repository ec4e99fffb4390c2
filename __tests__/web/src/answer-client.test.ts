// The page's answer client: the request CloudFront can sign (body hash), retries only where a repeat is safe and
// useful, every reply read as data, and the viewer id kept across reloads.
import { createHash } from 'node:crypto';
import { createAnswerClient, viewerIdFrom, type PostAnswer } from '../../../web/src/answer-client';

const VIEWER = 'viewer-0123456789abcdef';
const sha256Hex = async (text: string): Promise<string> => createHash('sha256').update(text).digest('hex');
const reply = (status: number, body: unknown) => ({ status, text: async () => (typeof body === 'string' ? body : JSON.stringify(body)) });

function client(answers: (ReturnType<typeof reply> | Error)[], sent: Parameters<PostAnswer>[] = [], slept: number[] = []) {
  const queue = [...answers];
  return createAnswerClient({
    siteRoot: 'https://live.example.com/',
    fetch: async (url, init) => {
      sent.push([url, init]);
      const next = queue.shift();
      if (next === undefined || next instanceof Error) throw next ?? new Error('no reply');
      return next;
    },
    sha256Hex,
    viewerId: VIEWER,
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
}

describe('the answer client', () => {
  it('posts JSON to /api/answers on the site root with the body\'s SHA-256, as CloudFront needs to sign it', async () => {
    const sent: Parameters<PostAnswer>[] = [];
    const result = await client([reply(201, { outcome: 'recorded', message: 'Your answer is in.' })], sent)('q1', 2);
    expect(result).toEqual({ outcome: 'recorded', message: 'Your answer is in.' });
    const [[url, init]] = sent;
    expect(url).toBe('https://live.example.com/api/answers');
    expect(JSON.parse(init.body)).toEqual({ questionId: 'q1', viewerId: VIEWER, choice: 2 });
    expect(init.headers).toEqual({ 'content-type': 'application/json', 'x-amz-content-sha256': createHash('sha256').update(init.body).digest('hex') });
  });

  it('sends the same request again after a 503 or a network error, and stops at the first real answer', async () => {
    const sent: Parameters<PostAnswer>[] = [];
    const slept: number[] = [];
    const result = await client([reply(503, { outcome: 'unavailable', message: 'again' }), new Error('offline'), reply(200, { outcome: 'duplicate', message: 'counted once' })], sent, slept)('q1', 0);
    expect(result.outcome).toBe('duplicate');
    expect(slept).toEqual([500, 1000]);
    expect(new Set(sent.map(([, init]) => init.body)).size).toBe(1);
  });

  it('does not repeat a refusal, and shows its reason', async () => {
    const sent: Parameters<PostAnswer>[] = [];
    expect(await client([reply(409, { outcome: 'closed', message: 'Answers to this question are closed.' })], sent)('q1', 0)).toEqual({ outcome: 'closed', message: 'Answers to this question are closed.' });
    expect(sent).toHaveLength(1);
  });

  it('gives up after four tries, and reads a page that is not the API as "could not be sent"', async () => {
    expect(await client([new Error('a'), new Error('b'), new Error('c'), new Error('d')])('q1', 0)).toEqual({ outcome: 'unreachable', message: 'Your answer could not be sent.' });
    expect(await client([reply(400, '<!doctype html><title>Live</title>')])('q1', 0)).toEqual({ outcome: 'unreachable', message: 'Your answer could not be sent (HTTP 400).' });
  });
});

describe('the viewer id', () => {
  const memory = (): Pick<Storage, 'getItem' | 'setItem'> & { items: Map<string, string> } => {
    const items = new Map<string, string>();
    return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
  };
  const random = (bytes: Uint8Array): Uint8Array => bytes.map((_, i) => i * 17 + 250);

  it('is 22 base64url characters, made once and kept', () => {
    const storage = memory();
    const id = viewerIdFrom(storage, random);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(viewerIdFrom(storage, () => new Uint8Array(16))).toBe(id);
  });

  it('replaces a kept value that is not an id, and still works where storage throws', () => {
    const storage = memory();
    storage.items.set('ivs-live:viewer-id', '<script>');
    expect(viewerIdFrom(storage, random)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(viewerIdFrom(refusing, random)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
