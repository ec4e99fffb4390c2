// Renders the stream status pill and the mute button: words for the viewer, a data attribute for the colour.
import type { StreamStatus } from './stream-status';

const LABELS: Readonly<Record<StreamStatus['kind'], string>> = {
  connecting: 'Connecting…',
  offline: 'Offline — waiting for the stream',
  buffering: 'Buffering…',
  playing: 'Live',
  busy: 'Too many viewers right now — retrying',
  blocked: 'Autoplay was blocked — press Unmute to start',
  reconnecting: 'Connection lost — reconnecting',
  unsupported: 'This browser cannot play the stream (it needs WebAssembly and Media Source Extensions)',
};

export function statusLabel(status: StreamStatus): string {
  return LABELS[status.kind];
}

/** Writes the status; the element is an aria-live region, so screen readers hear each change once. */
export function renderStatus(element: HTMLElement, status: StreamStatus): void {
  const label = statusLabel(status);
  if (element.textContent !== label) element.textContent = label;
  element.dataset.status = status.kind;
}

export function renderMuteButton(button: HTMLButtonElement, muted: boolean): void {
  button.textContent = muted ? 'Unmute' : 'Mute';
}
