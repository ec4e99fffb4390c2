// The channel's stream key, read with the caller's own credentials: ListStreamKeys for the channel, then GetStreamKey
// (CreateChannel makes exactly one key per channel). The client is injected: the host CLI's, or a fake in tests.
import { GetStreamKeyCommand, ListStreamKeysCommand } from '@aws-sdk/client-ivs';

/** The part of IvsClient this module uses. */
export interface StreamKeyClient {
  send(command: ListStreamKeysCommand): Promise<{ streamKeys?: { arn?: string }[] }>;
  send(command: GetStreamKeyCommand): Promise<{ streamKey?: { arn?: string; value?: string } }>;
}

export class StreamKeyNotFound extends Error {
  override name = 'StreamKeyNotFound';
}

export interface StreamKey {
  readonly arn: string;
  readonly value: string;
}

export async function readStreamKey(client: StreamKeyClient, channelArn: string): Promise<StreamKey> {
  const listed = await client.send(new ListStreamKeysCommand({ channelArn }));
  const arn = listed.streamKeys?.find((key) => typeof key.arn === 'string')?.arn;
  if (arn === undefined) throw new StreamKeyNotFound(`channel ${channelArn} has no stream key (IVS makes one with the channel)`);
  const { streamKey } = await client.send(new GetStreamKeyCommand({ arn }));
  if (typeof streamKey?.value !== 'string' || streamKey.value === '') throw new StreamKeyNotFound(`stream key ${arn} has no value`);
  return { arn, value: streamKey.value };
}
