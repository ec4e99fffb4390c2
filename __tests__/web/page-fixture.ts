// Loads web/index.html into the jsdom document of a test, so the views are tested inside the real page markup.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextEncoder } from 'node:util';
import { findPageElements, type PageElements } from '../../web/src/dom';

const TEMPLATE = readFileSync(path.join(__dirname, '..', '..', 'web', 'index.html'), 'utf8');

export function loadPage(): PageElements {
  // jest's jsdom environment lacks TextEncoder, which every browser has and the payload module uses.
  globalThis.TextEncoder ??= TextEncoder as typeof globalThis.TextEncoder;
  const parsed = new DOMParser().parseFromString(TEMPLATE, 'text/html');
  document.replaceChild(document.adoptNode(parsed.documentElement), document.documentElement);
  return findPageElements(document);
}
