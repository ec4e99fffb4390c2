/** @jest-environment jsdom */
// Element lookups against web/index.html: the template and the code must agree on ids.
import { findPageElements, MissingElement } from '../../../web/src/dom';
import { loadPage } from '../../../testing/page-fixture';

it('finds every element the page needs in index.html', () => {
  const page = loadPage();

  expect(page.video.localName).toBe('video');
  expect(page.unmute.localName).toBe('button');
  expect([page.status.id, page.quiz.id, page.announcement.id]).toEqual(['status', 'quiz', 'announcement']);
});

it('names the missing id and what was found instead', () => {
  loadPage();
  document.getElementById('video')?.remove();
  expect(() => findPageElements(document)).toThrow(MissingElement);
  expect(() => findPageElements(document)).toThrow('index.html must contain an element <video> with id="video"; found nothing');

  loadPage();
  const impostor = document.createElement('div');
  impostor.id = 'unmute';
  document.getElementById('unmute')?.replaceWith(impostor);
  expect(() => findPageElements(document)).toThrow('<button> with id="unmute"; found <div>');
});
