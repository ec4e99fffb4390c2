// An independent AWS Signature Version 4 check (from the published algorithm, not the SDK's signer), so tests can
// prove a recorded request carries the signature AWS would verify.
import { createHash, createHmac } from 'node:crypto';
import type { IvsApiRequest } from '../local/ivs-api';

const sha256 = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

export interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

export function parseAuthorization(header: unknown): ParsedAuthorization {
  const match = typeof header === 'string' ? AUTHORIZATION.exec(header) : null;
  if (!match) throw new Error(`not a SigV4 Authorization header: ${String(header)}`);
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** The signature AWS would compute for this request with this secret key (query-less POST, as PutMetadata is). */
export function expectedSignature(request: IvsApiRequest, secretAccessKey: string): string {
  const auth = parseAuthorization(request.headers.authorization);
  const header = (name: string): string => {
    const value = request.headers[name];
    return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ');
  };
  const canonicalRequest = [
    request.method,
    request.path,
    '',
    ...auth.signedHeaders.map((name) => `${name}:${header(name)}`),
    '',
    auth.signedHeaders.join(';'),
    sha256(request.body),
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', header('x-amz-date'), scope, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, auth.date), auth.region), auth.service), 'aws4_request');
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}
