// Entry point of the page: finds the elements and wires the player to the status and metadata views.
import { currentQuestionUrl, showCurrentQuestionOnPlay } from './late-joiner';
import { findPageElements } from './dom';
import { createMetadataView } from './metadata-view';
import { createAnswerClient, viewerIdFrom } from './answer-client';
import { startStreamPlayer } from './player';
import { renderMuteButton, renderStatus } from './status-view';

const page = findPageElements(document);
// The site lives at the root of its origin; any other path is answered with this page (and a 404), whose files and
// live objects must still be found: URLs from the root, not from the page's path.
const siteRoot = new URL('/', document.baseURI).href;
const sendAnswer = createAnswerClient({
  siteRoot,
  fetch: (url, init) => fetch(url, init),
  sha256Hex: async (text) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))].map((b) => b.toString(16).padStart(2, '0')).join(''),
  viewerId: viewerIdFrom(storage(), (bytes) => crypto.getRandomValues(bytes)),
});
const metadata = createMetadataView({ quiz: page.quiz, announcement: page.announcement }, { sendAnswer });
const assetUrl = (fileName: string): string => new URL(fileName, siteRoot).href;
const catchUp = showCurrentQuestionOnPlay({
  url: currentQuestionUrl(siteRoot),
  fetch: (url, init) => fetch(url, init),
  show: (text) => metadata.show(text),
});

const player = startStreamPlayer({
  playbackUrl: __PLAYBACK_URL__,
  video: page.video,
  wasmWorkerUrl: assetUrl(__IVS_WASM_WORKER__),
  wasmBinaryUrl: assetUrl(__IVS_WASM_BINARY__),
  onStatus: (status) => {
    renderStatus(page.status, status);
    void catchUp(status);
  },
  onMetadata: (text) => metadata.show(text),
  onMutedChange: (muted) => renderMuteButton(page.unmute, muted),
});

if (player === null) page.unmute.hidden = true;
else page.unmute.addEventListener('click', () => player.toggleMuted());

/** localStorage, or none where the browser refuses it (the viewer id then lasts for this visit). */
function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
