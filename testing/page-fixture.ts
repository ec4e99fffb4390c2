// Loads web/index.html into the jsdom document of a test, so the views are tested inside the real page markup.
import { readFileSync } from 'node:fs';
import { TextEncoder } from 'node:util';
import { projectPath } from '../config/project-root';
import { findPageElements, type PageElements } from '../web/src/dom';

const TEMPLATE = readFileSync(projectPath('web/index.html'), 'utf8');

export function loadPage(): PageElements {
  // jest's jsdom environment lacks TextEncoder, which every browser has and the payload module uses.
  globalThis.TextEncoder ??= TextEncoder as typeof globalThis.TextEncoder;
  const parsed = new DOMParser().parseFromString(TEMPLATE, 'text/html');
  document.replaceChild(document.adoptNode(parsed.documentElement), document.documentElement);
  return findPageElements(document);
}
