// EventBridge "IVS Stream State Change" -> PutMetadata: parse -> act -> log -> return or throw.
// Built by a factory so tests inject the client, the sleep and the clock.
import type { FunctionConfig } from '../shared/env';
import { errorMessage, putMetadataWithRetry, PutMetadataFailed, type PutMetadataDependencies } from '../shared/put-metadata';
import { decideStreamEvent, type IvsStreamStateChangeEvent } from '../shared/stream-event';

export type HandlerOutcome = 'sent' | 'ignored' | 'failed';

/** The one log object written per event (Lambda's JSON log format carries it as is). */
export interface HandlerLogEntry {
  readonly eventId: string | undefined;
  readonly channel: string | undefined;
  readonly outcome: HandlerOutcome;
  readonly attempts: number;
  readonly reason?: string;
  readonly delaySeconds?: number;
}

export interface HandlerDependencies extends Omit<PutMetadataDependencies, 'onRetry'> {
  readonly config: FunctionConfig;
  /** @default one JSON line on the console (info for sent/ignored, error for failed) */
  readonly log?: (entry: HandlerLogEntry) => void;
}

export type PutMetadataHandler = (event: IvsStreamStateChangeEvent) => Promise<HandlerLogEntry>;

export function createHandler(dependencies: HandlerDependencies): PutMetadataHandler {
  const { config, log = logToConsole } = dependencies;
  return async (event) => {
    const decision = decideStreamEvent(event, config.channelArn);
    if (!decision.act) {
      return record(log, { eventId: decision.eventId, channel: decision.channelArn, outcome: 'ignored', attempts: 0, reason: decision.reason });
    }
    const base = { eventId: decision.eventId, channel: decision.channelArn, delaySeconds: config.firstQuestionDelaySeconds };
    if (config.firstQuestionDelaySeconds > 0) await dependencies.sleep(config.firstQuestionDelaySeconds * 1000);
    try {
      const { attempts } = await putMetadataWithRetry(config.channelArn, config.metadata, dependencies);
      return record(log, { ...base, outcome: 'sent', attempts });
    } catch (error: unknown) {
      const attempts = error instanceof PutMetadataFailed ? error.attempts : 0;
      const reason = error instanceof Error ? error.message : errorMessage(error);
      record(log, { ...base, outcome: 'failed', attempts, reason });
      // Rethrown so the async invocation retries and, in the end, reaches the failure destination.
      throw error;
    }
  };
}

function record(log: (entry: HandlerLogEntry) => void, entry: HandlerLogEntry): HandlerLogEntry {
  log(entry);
  return entry;
}

function logToConsole(entry: HandlerLogEntry): void {
  const line = JSON.stringify(entry);
  if (entry.outcome === 'failed') console.error(line);
  else console.info(line);
}
