// The IVS stream-state events: their names, their shape, and the decision the function takes on whatever EventBridge
// delivers (Stream Start and Stream End on our channel, a reason for everything else). Pure, shared by the function,
// the stack's event pattern and the local preview's stand-in for EventBridge.
import { clip, describeValue as describe, isRecord } from './records';

/** The `detail` of an EventBridge "IVS Stream State Change" event. */
export interface IvsStreamStateChangeDetail {
  readonly event_name: string;
  readonly channel_name?: string;
  readonly stream_id?: string;
}

export const STREAM_STATE_CHANGE = 'IVS Stream State Change';
/** EventBridge's `source` of every IVS event. */
export const IVS_EVENT_SOURCE = 'aws.ivs';

/** The EventBridge envelope of an "IVS Stream State Change" event, as delivered to the function. */
export interface IvsStreamStateChangeEvent {
  readonly version: string;
  readonly id: string;
  readonly 'detail-type': typeof STREAM_STATE_CHANGE;
  readonly source: typeof IVS_EVENT_SOURCE;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: IvsStreamStateChangeDetail;
}
export const STREAM_START = 'Stream Start';
export const STREAM_END = 'Stream End';

/** 'start': keep the current question for late joiners and send it; 'end': forget it (the show is over). */
export type StreamAction = 'start' | 'end';

// A Map, not an object literal: an event_name such as "constructor" must not find a prototype member.
const ACTIONS: ReadonlyMap<unknown, StreamAction> = new Map([[STREAM_START, 'start'], [STREAM_END, 'end']]);

export type StreamEventDecision =
  | { readonly act: true; readonly action: StreamAction; readonly eventId: string; readonly channelArn: string; readonly streamId?: string }
  | { readonly act: false; readonly eventId?: string; readonly channelArn?: string; readonly reason: string };

/**
 * Decides what to do for an event (start, end, or ignore with a reason); never throws, whatever the shape of `event`.
 * Only IVS's own events count (`source` is set by EventBridge and cannot be claimed by another sender), and the values
 * of an event it ignores are cut short before they reach a log line.
 */
export function decideStreamEvent(event: unknown, channelArn: string): StreamEventDecision {
  if (!isRecord(event)) return { act: false, reason: `event is ${describe(event)}, not an object` };
  const eventId = typeof event.id === 'string' ? clip(event.id) : undefined;
  const ignore = (reason: string, channel?: string): StreamEventDecision => ({ act: false, eventId, channelArn: channel === undefined ? undefined : clip(channel), reason });
  if (event.source !== IVS_EVENT_SOURCE) return ignore(`source is ${describe(event.source)}, not "${IVS_EVENT_SOURCE}"`);
  if (event['detail-type'] !== STREAM_STATE_CHANGE) {
    return ignore(`detail-type is ${describe(event['detail-type'])}, not "${STREAM_STATE_CHANGE}"`);
  }
  const resources = Array.isArray(event.resources) ? event.resources.filter((r): r is string => typeof r === 'string') : [];
  if (resources.length === 0) return ignore('event has no channel ARN in resources');
  if (!resources.includes(channelArn)) return ignore('event is for another channel', resources[0]);
  const detail = isRecord(event.detail) ? event.detail : undefined;
  if (detail === undefined) return ignore('event has no detail object', channelArn);
  const action = ACTIONS.get(detail.event_name);
  if (action === undefined) {
    return ignore(`detail.event_name is ${describe(detail.event_name)}, not "${STREAM_START}" or "${STREAM_END}"`, channelArn);
  }
  const streamId = typeof detail.stream_id === 'string' && detail.stream_id !== '' ? clip(detail.stream_id) : undefined;
  return { act: true, action, eventId: eventId ?? 'unknown', channelArn, ...(streamId !== undefined && { streamId }) };
}
