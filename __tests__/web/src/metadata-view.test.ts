/** @jest-environment jsdom */
// The quiz card and announcements rendered into the real page markup, including hostile cue payloads.
import { classifyCue, createMetadataView, questionKey, type MetadataView } from '../../../web/src/metadata-view';
import type { PageElements } from '../../../web/src/dom';
import { loadPage } from '../../../testing/page-fixture';

const QUIZ = {
  type: 'quiz',
  id: 'q1',
  question: 'What is the capital of Australia?',
  answers: ['Sydney', 'Melbourne', 'Canberra', 'Perth'],
  correctIndex: 2,
};

let page: PageElements;
let view: MetadataView;
let warn: jest.SpyInstance;

beforeEach(() => {
  page = loadPage();
  view = createMetadataView({ quiz: page.quiz, announcement: page.announcement });
  // Ignored cues are reported on the console; keep the test output readable and check the calls instead.
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => warn.mockRestore());

const answerButtons = (): HTMLButtonElement[] => [...page.quiz.querySelectorAll<HTMLButtonElement>('button.answer')];
const resultText = (): string | null | undefined => page.quiz.querySelector('.quiz-result')?.textContent;
const tagsIn = (root: Element): string[] => [...new Set([...root.querySelectorAll('*')].map((node) => node.localName))].sort();

describe('quiz', () => {
  it('renders the question and one real button per answer', () => {
    view.show(JSON.stringify(QUIZ));

    expect(page.quiz.querySelector('h2')?.textContent).toBe(QUIZ.question);
    expect(answerButtons().map((b) => b.textContent)).toEqual(QUIZ.answers);
    expect(answerButtons().every((b) => b.type === 'button' && b.tabIndex === 0)).toBe(true);
    expect(page.quiz.querySelector('[role="group"]')?.getAttribute('aria-labelledby')).toBe(page.quiz.querySelector('h2')?.id);
  });

  it('marks a right answer as correct', () => {
    view.show(JSON.stringify(QUIZ));
    answerButtons()[2].click();

    expect(resultText()).toBe('Correct!');
    expect(answerButtons()[2].classList.contains('answer--correct')).toBe(true);
    expect(page.quiz.querySelectorAll('.answer--wrong')).toHaveLength(0);
  });

  it('marks a wrong answer and shows the right one', () => {
    view.show(JSON.stringify(QUIZ));
    answerButtons()[0].click();

    expect(resultText()).toBe('Not quite — the answer is Canberra.');
    expect(answerButtons()[0].classList.contains('answer--wrong')).toBe(true);
    expect(answerButtons()[2].classList.contains('answer--correct')).toBe(true);
  });

  it('accepts only the first choice for a question', () => {
    view.show(JSON.stringify(QUIZ));
    answerButtons()[0].click();
    answerButtons()[2].click();

    expect(resultText()).toBe('Not quite — the answer is Canberra.');
    expect(page.quiz.querySelectorAll('.answer--chosen')).toHaveLength(1);
    expect(answerButtons().every((b) => b.getAttribute('aria-disabled') === 'true')).toBe(true);
  });

  it('keeps keyboard focus on the chosen answer after answering', () => {
    view.show(JSON.stringify(QUIZ));
    answerButtons()[1].focus();
    // A keyboard "Enter" or "Space" on a <button> is a click.
    answerButtons()[1].click();

    expect(document.activeElement).toBe(answerButtons()[1]);
  });

  it('keeps the card and its focus when the same question is sent again', () => {
    view.show(JSON.stringify(QUIZ));
    const card = page.quiz.firstElementChild;
    answerButtons()[3].focus();

    view.show(JSON.stringify(QUIZ));

    expect(page.quiz.firstElementChild).toBe(card);
    expect(document.activeElement).toBe(answerButtons()[3]);
  });

  it('shows the answered state when an answered question comes back after another one', () => {
    view.show(JSON.stringify(QUIZ));
    answerButtons()[2].click();
    view.show(JSON.stringify({ ...QUIZ, id: 'q2', question: 'Second?' }));
    expect(resultText()).toBe('');

    view.show(JSON.stringify(QUIZ));

    expect(resultText()).toBe('Correct!');
    answerButtons()[0].click();
    expect(resultText()).toBe('Correct!');
  });

  it('treats a question without id as the same question when its text repeats', () => {
    const { id: _id, ...withoutId } = QUIZ;
    view.show(JSON.stringify(withoutId));
    answerButtons()[1].click();
    view.show(JSON.stringify({ ...withoutId, question: 'Another?' }));
    view.show(JSON.stringify(withoutId));

    expect(resultText()).toBe('Not quite — the answer is Canberra.');
  });

  it('keys questions by id when there is one and by text otherwise', () => {
    expect(questionKey({ type: 'quiz', id: 'a', question: 'Q?', answers: ['x', 'y'], correctIndex: 0 })).toBe('id:a');
    expect(questionKey({ type: 'quiz', question: 'Q?', answers: ['x', 'y'], correctIndex: 0 })).toBe('question:Q?');
  });
});

describe('announcements', () => {
  it('renders an announcement without replacing the open question', () => {
    view.show(JSON.stringify(QUIZ));
    view.show(JSON.stringify({ type: 'announcement', text: 'Welcome to the show!' }));

    expect(page.announcement.hidden).toBe(false);
    expect(page.announcement.textContent).toBe('Welcome to the show!');
    expect(page.quiz.querySelector('h2')?.textContent).toBe(QUIZ.question);
  });

  it('shows a plain-text (non-JSON) cue as an announcement', () => {
    view.show('Back in five minutes');

    expect(page.announcement.textContent).toBe('Back in five minutes');
  });
});

describe('hostile and broken payloads', () => {
  const originalTags = (): string[] => tagsIn(document.body);
  let baseline: string[];

  beforeEach(() => {
    baseline = originalTags();
    delete (window as unknown as Record<string, unknown>).__xss;
  });

  const expectNoInjectedMarkup = (expectedNewTags: string[]): void => {
    expect(originalTags()).toEqual([...new Set([...baseline, ...expectedNewTags])].sort());
    expect(document.body.querySelectorAll('script, img, iframe, svg, object, embed')).toHaveLength(0);
    expect((window as unknown as Record<string, unknown>).__xss).toBeUndefined();
  };

  it('shows a <script> question as text', () => {
    const question = '<script>window.__xss=1</script>';
    view.show(JSON.stringify({ ...QUIZ, question }));

    expect(page.quiz.querySelector('h2')?.textContent).toBe(question);
    expectNoInjectedMarkup(['article', 'button', 'div', 'h2']);
  });

  it('shows an <img onerror> answer as text', () => {
    const answer = '<img src=x onerror="window.__xss=1">';
    view.show(JSON.stringify({ ...QUIZ, answers: [answer, 'b'], correctIndex: 1 }));
    answerButtons()[0].click();

    expect(answerButtons()[0].textContent).toBe(answer);
    expectNoInjectedMarkup(['article', 'button', 'div', 'h2']);
  });

  it('shows markup in an announcement as text', () => {
    const text = '<img src=x onerror="window.__xss=1"><b>bold</b>';
    view.show(JSON.stringify({ type: 'announcement', text }));

    expect(page.announcement.textContent).toBe(text);
    expectNoInjectedMarkup([]);
  });

  it('ignores JSON that breaks the schema: unknown type, a non-string text, bad answers', () => {
    for (const payload of [
      { type: '<script>window.__xss=1</script>', text: 'x' },
      { type: 'announcement', text: { html: '<img src=x onerror=1>' } },
      { type: 'quiz', question: 'Q?', answers: ['only one'], correctIndex: 0 },
      { type: 'quiz', question: 'Q?', answers: ['a', 'b'], correctIndex: 7 },
    ]) {
      expect(view.show(JSON.stringify(payload)).kind).toBe('ignored');
    }

    expect(page.quiz.querySelector('.placeholder')).not.toBeNull();
    expect(page.announcement.hidden).toBe(true);
    expect(warn).toHaveBeenCalledTimes(4);
    expectNoInjectedMarkup([]);
  });

  it('shows invalid JSON as plain text and never as markup', () => {
    const text = '{"type":"quiz","question":"<script>window.__xss=1</script>"';
    expect(view.show(text).kind).toBe('text');

    expect(page.announcement.textContent).toBe(text);
    expectNoInjectedMarkup([]);
  });

  it('survives 1 KB of nonsense and ignores anything larger than IVS can carry', () => {
    const nonsense = Array.from({ length: 1024 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 94))).join('');
    expect(view.show(nonsense).kind).toBe('text');
    expect(page.announcement.textContent).toBe(nonsense.trim());

    expect(view.show(`${nonsense}!`).kind).toBe('ignored');
    expectNoInjectedMarkup([]);
  });

  it('ignores cue text that is not a string', () => {
    for (const text of [undefined, null, 42, { type: 'announcement', text: 'x' }]) {
      expect(view.show(text).kind).toBe('ignored');
    }
    expect(page.announcement.hidden).toBe(true);
  });

  it('ignores empty and whitespace-only cues', () => {
    expect(classifyCue('   ').kind).toBe('ignored');
    expect(classifyCue('').kind).toBe('ignored');
  });
});

describe('the audience\'s answers on the card', () => {
  const SECRET = { type: 'quiz', id: 'q2', question: 'Best <b>city</b>?', answers: ['Sydney', '<img src=x onerror=alert(1)>', 'Perth'] };
  const RESULTS = { type: 'results', id: 'q2', counts: [1, 3, 0], correctIndex: 1 };
  let sent: [string, number][];
  let answered: MetadataView;

  beforeEach(() => {
    sent = [];
    answered = createMetadataView(
      { quiz: page.quiz, announcement: page.announcement },
      {
        sendAnswer: async (questionId, choice) => {
          sent.push([questionId, choice]);
          return { outcome: 'recorded', message: 'Your answer is in.' };
        },
      },
    );
  });

  const rows = (): { label: string; share: string; bar: number; classes: string[] }[] =>
    [...page.quiz.querySelectorAll('li.result')].map((row) => ({
      label: row.querySelector('.result-label')?.textContent ?? '',
      share: row.querySelector('.result-share')?.textContent ?? '',
      bar: (row.querySelector('progress') as HTMLProgressElement).value,
      classes: [...row.classList].filter((c) => c !== 'result'),
    }));

  it('sends the choice for a question with an id once, and shows what the API said', async () => {
    answered.show(JSON.stringify(SECRET));
    answerButtons()[2].click();
    answerButtons()[0].click();
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toEqual([['q2', 2]]);
    expect(page.quiz.querySelector('.quiz-sent')?.textContent).toBe('Your answer is in.');
  });

  it('says nothing right or wrong for a question that keeps its answer secret', () => {
    answered.show(JSON.stringify(SECRET));
    answerButtons()[0].click();
    expect(resultText()).toBe('');
    expect(page.quiz.querySelectorAll('.answer--correct, .answer--wrong')).toHaveLength(0);
  });

  it('does not send a question without an id (nothing could count it)', () => {
    const { id: _id, ...withoutId } = SECRET;
    answered.show(JSON.stringify(withoutId));
    answerButtons()[1].click();
    expect(sent).toEqual([]);
  });

  it('shows the results as bars with whole percentages, the right answer and the viewer\'s own marked, and the score', () => {
    answered.show(JSON.stringify(SECRET));
    answerButtons()[1].click();
    expect(answered.show(JSON.stringify(RESULTS)).kind).toBe('results');
    expect(rows()).toEqual([
      { label: 'Sydney', share: '25% (1)', bar: 25, classes: [] },
      { label: '<img src=x onerror=alert(1)>', share: '75% (3)', bar: 75, classes: ['result--correct', 'result--chosen'] },
      { label: 'Perth', share: '0% (0)', bar: 0, classes: [] },
    ]);
    expect(page.quiz.querySelector('.quiz-question')?.textContent).toBe('Best <b>city</b>?');
    expect(page.quiz.querySelector('.results-total')?.textContent).toBe('4 answers');
    expect(page.quiz.querySelector('.score')?.textContent).toBe('Your score: 1 of 1');
    expect(tagsIn(page.quiz)).toEqual(['article', 'h2', 'li', 'ol', 'p', 'progress', 'span']);
  });

  it('keeps the score over the show: a wrong answer, and a question not answered, which does not count', () => {
    answered.show(JSON.stringify(SECRET));
    answerButtons()[0].click();
    answered.show(JSON.stringify(RESULTS));
    answered.show(JSON.stringify({ ...SECRET, id: 'q3' }));
    answered.show(JSON.stringify({ ...RESULTS, id: 'q3' }));
    expect(page.quiz.querySelector('.score')?.textContent).toBe('Your score: 0 of 1');
    answered.show(JSON.stringify({ ...SECRET, id: 'q4' }));
    answerButtons()[1].click();
    answered.show(JSON.stringify({ ...RESULTS, id: 'q4' }));
    answered.show(JSON.stringify({ ...RESULTS, id: 'q4' }));
    expect(page.quiz.querySelector('.score')?.textContent).toBe('Your score: 1 of 2');
  });

  it('shows results for a question this page never saw, with numbered answers and no score', () => {
    answered.show(JSON.stringify({ type: 'results', id: 'q9', counts: [0, 0] }));
    expect(rows().map((r) => [r.label, r.share])).toEqual([['Answer 1', '0% (0)'], ['Answer 2', '0% (0)']]);
    expect(page.quiz.querySelector('.quiz-question')?.textContent).toBe('The audience answered');
    expect(page.quiz.querySelector('.score')).toBeNull();
  });

  it('ignores results that break the schema', () => {
    for (const bad of [{ ...RESULTS, counts: [1] }, { ...RESULTS, counts: [1, -2] }, { ...RESULTS, correctIndex: 5 }, { ...RESULTS, extra: '<b>' }]) {
      expect(answered.show(JSON.stringify(bad)).kind).toBe('ignored');
    }
    expect(page.quiz.querySelector('.results-card')).toBeNull();
  });
});
