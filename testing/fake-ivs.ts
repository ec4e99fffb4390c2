// Test doubles for the PutMetadata call: a client that plays a script of outcomes, and a clock moved only by sleep.
import { ChannelNotBroadcasting, PutMetadataCommand, ThrottlingException } from '@aws-sdk/client-ivs';
import type { PutMetadataClient } from '../aws/put-metadata';

export const $metadata = {};
export const notBroadcasting = (): Error => new ChannelNotBroadcasting({ message: 'UnknownError', exceptionMessage: 'Channel is not broadcasting', $metadata });
export const throttled = (): Error => new ThrottlingException({ message: 'UnknownError', exceptionMessage: 'Rate exceeded', $metadata });

/** Each send takes the next outcome: an Error is thrown, 'ok' succeeds; past the end, the last outcome repeats. */
export function scriptedClient(outcomes: readonly (Error | 'ok')[]): PutMetadataClient & { readonly inputs: { channelArn?: string; metadata?: string }[] } {
  const inputs: { channelArn?: string; metadata?: string }[] = [];
  return {
    inputs,
    async send(command: PutMetadataCommand) {
      inputs.push(command.input);
      const outcome = outcomes[Math.min(inputs.length, outcomes.length) - 1];
      if (outcome !== 'ok') throw outcome;
      return {};
    },
  };
}

/** A clock that only moves when the code under test sleeps; records every sleep. */
export function fakeTime(): { readonly now: () => number; readonly sleep: (ms: number) => Promise<void>; readonly sleeps: number[] } {
  let time = 0;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
  };
}
