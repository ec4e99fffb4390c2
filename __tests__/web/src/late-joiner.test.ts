/** @jest-environment jsdom */
// The late joiner's catch-up: live/current.json read on entering `playing` and shown through the real metadata
// view in the real page markup, with whatever S3 may answer instead (404, 403 with the error page's HTML, junk).
import { currentQuestionUrl, showCurrentQuestionOnPlay, type FetchText } from '../../../web/src/late-joiner';
import { createMetadataView, type MetadataView } from '../../../web/src/metadata-view';
import type { PageElements } from '../../../web/src/dom';
import type { StreamStatus } from '../../../web/src/stream-status';
import { loadPage } from '../../../testing/page-fixture';

const QUIZ = JSON.stringify({ type: 'quiz', id: 'q1', question: 'What is the capital of Australia?', answers: ['Sydney', 'Canberra'], correctIndex: 1 });
const ERROR_PAGE = '<!doctype html><html><head><title>Live</title></head><body><script src="main.js"></script></body></html>';
const SITE_ROOT = 'https://live.example.com/';
const PLAYING: StreamStatus = { kind: 'playing' };

let page: PageElements;
let view: MetadataView;
let log: jest.Mock;
let requests: { url: string; cache: RequestCache }[];
let warn: jest.SpyInstance;
let error: jest.SpyInstance;

beforeEach(() => {
  page = loadPage();
  view = createMetadataView({ quiz: page.quiz, announcement: page.announcement });
  log = jest.fn();
  requests = [];
  warn = jest.spyOn(console, 'warn');
  error = jest.spyOn(console, 'error');
});

afterEach(() => {
  // Nothing here may look like a problem to a viewer who opens the console.
  expect(warn).not.toHaveBeenCalled();
  expect(error).not.toHaveBeenCalled();
  warn.mockRestore();
  error.mockRestore();
});

/** A fetch that answers every request with this status and body, and records what was asked. */
function answering(status: number, body: string): FetchText {
  return async (url, init) => {
    requests.push({ url, cache: init.cache });
    return { ok: status >= 200 && status < 300, status, text: async () => body };
  };
}

function catchUp(fetchText: FetchText): (status: StreamStatus) => Promise<void> {
  return showCurrentQuestionOnPlay({ url: currentQuestionUrl(SITE_ROOT), fetch: fetchText, show: (text) => view.show(text), log });
}

const question = (): string | null | undefined => page.quiz.querySelector('.quiz-question')?.textContent;
const answerButtons = (): HTMLButtonElement[] => [...page.quiz.querySelectorAll<HTMLButtonElement>('button.answer')];

describe('catching up a late joiner', () => {
  it('reads live/current.json from the site\'s root, uncached, and shows a valid quiz as the quiz card', async () => {
    await catchUp(answering(200, QUIZ))(PLAYING);

    expect(requests).toEqual([{ url: 'https://live.example.com/live/current.json', cache: 'no-store' }]);
    expect(currentQuestionUrl(new URL('/', 'https://live.example.com/no/such/page').href)).toBe('https://live.example.com/live/current.json');
    expect(question()).toBe('What is the capital of Australia?');
    expect(answerButtons().map((button) => button.textContent)).toEqual(['Sydney', 'Canberra']);
  });

  it('shows nothing and only logs a debug line when there is no current payload (404)', async () => {
    await catchUp(answering(404, 'Not Found'))(PLAYING);

    expect(page.quiz.querySelector('.quiz-card')).toBeNull();
    expect(page.announcement.hidden).toBe(true);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('HTTP 404'));
  });

  it('never puts the HTML of an error document into the page, even when it comes with 200', async () => {
    await catchUp(answering(200, ERROR_PAGE))(PLAYING);
    await catchUp(answering(403, ERROR_PAGE))(PLAYING);

    expect(page.quiz.querySelector('.quiz-card')).toBeNull();
    expect(page.announcement.hidden).toBe(true);
    expect(page.announcement.textContent).toBe('');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('not valid JSON'));
    expect(log).toHaveBeenCalledWith(expect.stringContaining('HTTP 403'));
  });

  it('ignores JSON that breaks the payload schema', async () => {
    await catchUp(answering(200, '{"type":"quiz","question":"Half a question"'))(PLAYING);
    await catchUp(answering(200, JSON.stringify({ type: 'quiz', question: 'No answers?', answers: [], correctIndex: 0 })))(PLAYING);

    expect(page.quiz.querySelector('.quiz-card')).toBeNull();
    expect(log).toHaveBeenCalledTimes(2);
  });

  it('logs a network error instead of throwing it', async () => {
    await expect(catchUp(async () => Promise.reject(new TypeError('Failed to fetch')))(PLAYING)).resolves.toBeUndefined();

    expect(page.quiz.querySelector('.quiz-card')).toBeNull();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('Failed to fetch'));
  });

  it('keeps the card and the answer when the same question later arrives as a timed-metadata cue', async () => {
    await catchUp(answering(200, QUIZ))(PLAYING);
    const card = page.quiz.querySelector('.quiz-card');
    answerButtons()[0].click();

    view.show(QUIZ);

    expect(page.quiz.querySelector('.quiz-card')).toBe(card);
    expect(page.quiz.querySelector('.quiz-result')?.textContent).toBe('Not quite — the answer is Canberra.');
  });

  it('keeps the card and the answer when current.json holds the question a cue already showed', async () => {
    view.show(QUIZ);
    answerButtons()[1].click();
    const card = page.quiz.querySelector('.quiz-card');

    await catchUp(answering(200, QUIZ))(PLAYING);

    expect(page.quiz.querySelector('.quiz-card')).toBe(card);
    expect(page.quiz.querySelector('.quiz-result')?.textContent).toBe('Correct!');
  });

  it('reads once each time the stream starts playing, not on every status', async () => {
    const onStatus = catchUp(answering(404, ''));
    const statuses: StreamStatus[] = [{ kind: 'connecting' }, PLAYING, PLAYING, { kind: 'buffering' }, PLAYING, { kind: 'offline' }, PLAYING];
    for (const status of statuses) await onStatus(status);

    expect(requests).toHaveLength(3);
  });
});

describe('a late joiner after the reveal', () => {
  it('gets the question and its results from one read, and sees the results', async () => {
    const page = loadPage();
    const view = createMetadataView({ quiz: page.quiz, announcement: page.announcement });
    const results = JSON.stringify({ type: 'results', id: 'q1', counts: [2, 6], correctIndex: 1 });
    const onStatus = showCurrentQuestionOnPlay({
      url: currentQuestionUrl(SITE_ROOT),
      fetch: async () => ({ ok: true, status: 200, text: async () => `[${QUIZ},${results}]` }),
      show: (text) => view.show(text),
      log: () => undefined,
    });
    await onStatus({ kind: 'playing' } as StreamStatus);
    expect([...page.quiz.querySelectorAll('.result-share')].map((n) => n.textContent)).toEqual(['25% (2)', '75% (6)']);
    expect(page.quiz.querySelector('.quiz-question')?.textContent).toBe('What is the capital of Australia?');
  });
});
