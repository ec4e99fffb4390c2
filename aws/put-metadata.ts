// The one PutMetadata call, with the retry policy, shared by the function and the host CLI.
// Client, sleep, random and clock are injected so tests drive time and errors.
import { PutMetadataCommand } from '@aws-sdk/client-ivs';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, isRetryable, type RetryPolicy } from '../core/retry-policy';
import { errorMessage, errorName } from './errors';

/** The part of IvsClient this module uses (an IvsClient, or a fake in tests). */
export interface PutMetadataClient {
  send(command: PutMetadataCommand): Promise<unknown>;
}

export interface PutMetadataDependencies {
  readonly client: PutMetadataClient;
  readonly sleep: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default DEFAULT_RETRY_POLICY */
  readonly policy?: RetryPolicy;
  /** Told before each wait, so the CLI can print progress. */
  readonly onRetry?: (retry: { readonly attempt: number; readonly errorName: string; readonly delayMs: number }) => void;
}

export interface PutMetadataResult {
  readonly attempts: number;
}

export class PutMetadataFailed extends Error {
  override name = 'PutMetadataFailed';
  constructor(
    readonly attempts: number,
    readonly errorName: string,
    readonly retryable: boolean,
    options: { cause: unknown },
  ) {
    super(`PutMetadata failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${errorName}: ${errorMessage(options.cause)}`, options);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `metadata` to the channel, retrying what is worth retrying; throws PutMetadataFailed at the end. */
export async function putMetadataWithRetry(
  channelArn: string,
  metadata: string,
  dependencies: PutMetadataDependencies,
): Promise<PutMetadataResult> {
  const { client, policy = DEFAULT_RETRY_POLICY, random = Math.random, now = Date.now } = dependencies;
  const start = now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.send(new PutMetadataCommand({ channelArn, metadata }));
      return { attempts: attempt };
    } catch (error: unknown) {
      const retryable = isRetryable(error);
      const delayMs = backoffDelayMs(attempt, policy, random);
      const outOfBudget = attempt >= policy.maxAttempts || now() - start + delayMs > policy.maxTotalMs;
      if (!retryable || outOfBudget) throw new PutMetadataFailed(attempt, errorName(error), retryable, { cause: error });
      dependencies.onRetry?.({ attempt, errorName: errorName(error), delayMs });
      await dependencies.sleep(delayMs);
    }
  }
}
