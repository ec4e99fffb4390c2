// Builds the IVS client once per process. No endpoint is set unless asked, so the SDK honours
// AWS_ENDPOINT_URL_IVS / AWS_ENDPOINT_URL (how tests and the local preview point it at 127.0.0.1).
import { IvsClient } from '@aws-sdk/client-ivs';
import { singleAttemptClientConfig, type AwsClientOptions } from './client-config';

export type IvsClientOptions = AwsClientOptions;

export function createIvsClient(options: IvsClientOptions = {}): IvsClient {
  return new IvsClient(singleAttemptClientConfig(options));
}
