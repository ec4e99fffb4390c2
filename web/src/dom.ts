// The one place that looks elements up in index.html, so a renamed id fails loudly at start-up, not later.

export interface PageElements {
  readonly video: HTMLVideoElement;
  readonly status: HTMLElement;
  readonly unmute: HTMLButtonElement;
  readonly quiz: HTMLElement;
  readonly announcement: HTMLElement;
}

export class MissingElement extends Error {
  override name = 'MissingElement';
}

export function findPageElements(doc: Document): PageElements {
  return {
    video: find(doc, 'video', 'video'),
    status: find(doc, 'status'),
    unmute: find(doc, 'unmute', 'button'),
    quiz: find(doc, 'quiz'),
    announcement: find(doc, 'announcement'),
  };
}

function find<K extends keyof HTMLElementTagNameMap>(doc: Document, id: string, tag?: K): HTMLElementTagNameMap[K] {
  const node = doc.getElementById(id);
  if (node === null || (tag !== undefined && node.localName !== tag)) {
    const found = node === null ? 'nothing' : `<${node.localName}>`;
    throw new MissingElement(`index.html must contain an element ${tag ? `<${tag}> ` : ''}with id="${id}"; found ${found}`);
  }
  return node as HTMLElementTagNameMap[K];
}
