// Builds the IVS client once per process. No endpoint is set unless asked, so the SDK honours
// AWS_ENDPOINT_URL_IVS / AWS_ENDPOINT_URL (how tests and the local preview point it at 127.0.0.1).
import { IvsClient, type IvsClientConfig } from '@aws-sdk/client-ivs';
import { CONNECTION_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from './retry-policy';

export interface IvsClientOptions {
  /** @default the SDK's region chain (AWS_REGION in Lambda) */
  readonly region?: string;
  /** @default the SDK's endpoint resolution (AWS_ENDPOINT_URL_IVS, AWS_ENDPOINT_URL, then the AWS endpoint) */
  readonly endpoint?: string;
  /** @default the SDK's credential chain */
  readonly credentials?: IvsClientConfig['credentials'];
}

export function createIvsClient(options: IvsClientOptions = {}): IvsClient {
  return new IvsClient({
    // Only keys that were given: an `endpoint: undefined` key would still count as an override in some SDK paths.
    ...(options.region !== undefined && { region: options.region }),
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
    ...(options.credentials !== undefined && { credentials: options.credentials }),
    // Our retry policy (functions/shared/retry-policy.ts) is the only one, so attempts are counted and bounded once.
    maxAttempts: 1,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  });
}
