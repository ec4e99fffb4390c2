// The one configuration of every AWS client we build (IVS, S3): single attempt, bounded timeouts, and no endpoint
// unless asked, so the SDK honours AWS_ENDPOINT_URL_<SERVICE> / AWS_ENDPOINT_URL (tests, the local preview).
import type { IvsClientConfig } from '@aws-sdk/client-ivs';
import { CONNECTION_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from './retry-policy';

export interface AwsClientOptions {
  /** @default the SDK's region chain (AWS_REGION in Lambda) */
  readonly region?: string;
  /** @default the SDK's endpoint resolution (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then the AWS endpoint) */
  readonly endpoint?: string;
  /** @default the SDK's credential chain */
  readonly credentials?: IvsClientConfig['credentials'];
}

export function singleAttemptClientConfig(options: AwsClientOptions) {
  return {
    // Only keys that were given: an `endpoint: undefined` key would still count as an override in some SDK paths.
    ...(options.region !== undefined && { region: options.region }),
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
    ...(options.credentials !== undefined && { credentials: options.credentials }),
    // Our retry policy (retry-policy.ts) is the only one, so attempts are counted and bounded once.
    maxAttempts: 1,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  };
}
