/** @jest-environment jsdom */
// The status pill and mute button inside the real page markup.
import { renderMuteButton, renderStatus, statusLabel } from '../../../web/src/status-view';
import { loadPage } from '../../../testing/page-fixture';

it('writes the offline status as words and as a data attribute for the colour', () => {
  const page = loadPage();
  renderStatus(page.status, { kind: 'offline' });

  expect(page.status.textContent).toBe('Offline — waiting for the stream');
  expect(page.status.dataset.status).toBe('offline');
  expect(page.status.getAttribute('aria-live')).toBe('polite');
});

it('gives every status its own label', () => {
  const kinds = ['connecting', 'offline', 'buffering', 'playing', 'busy', 'blocked', 'reconnecting', 'unsupported'] as const;
  const labels = kinds.map((kind) => statusLabel({ kind }));

  expect(new Set(labels).size).toBe(kinds.length);
  expect(labels.every((label) => label.length > 0)).toBe(true);
});

it('labels the mute button with the action it performs', () => {
  const page = loadPage();
  renderMuteButton(page.unmute, true);
  expect(page.unmute.textContent).toBe('Unmute');
  renderMuteButton(page.unmute, false);
  expect(page.unmute.textContent).toBe('Mute');
});
