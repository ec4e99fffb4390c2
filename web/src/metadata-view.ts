// Turns timed-metadata cues into the quiz card and the announcement line. Every piece of cue data reaches
// the page through textContent only, so a hostile payload is shown as text or ignored, never run.
import { percentages } from '../../core/answers';
import { MAX_METADATA_BYTES, metadataByteLength, parseMetadata, type QuizPayload, type ResultsPayload } from '../../core/payload';
import type { AnswerSent } from './answer-client';

export type Cue =
  | { readonly kind: 'quiz'; readonly quiz: QuizPayload }
  | { readonly kind: 'announcement'; readonly text: string }
  | { readonly kind: 'results'; readonly results: ResultsPayload }
  /** Not JSON at all: a broadcaster's plain-text message, shown as it is. */
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'ignored'; readonly problems: readonly string[] };

export interface MetadataRegions {
  /** Holds the current quiz card. */
  readonly quiz: HTMLElement;
  /** Holds the latest announcement, so an announcement never replaces an open question. */
  readonly announcement: HTMLElement;
}

export interface MetadataViewOptions {
  /** Sends the viewer's choice for a question with an id (the audience's answers); none: the card answers locally only. */
  readonly sendAnswer?: (questionId: string, choice: number) => Promise<AnswerSent>;
}

export interface MetadataView {
  /** Shows one cue's text (typed unknown: whatever the stream carries is untrusted) and says what it was. */
  show(text: unknown): Cue;
}

/** Decides what a cue is; JSON that breaks the schema is ignored rather than half-rendered. */
export function classifyCue(text: unknown): Cue {
  if (typeof text !== 'string') return { kind: 'ignored', problems: [`cue text is ${typeof text}, not a string`] };
  const result = parseMetadata(text);
  if (result.ok) {
    const payload = result.payload;
    if (payload.type === 'results') return { kind: 'results', results: payload };
    return payload.type === 'quiz' ? { kind: 'quiz', quiz: payload } : { kind: 'announcement', text: payload.text };
  }
  if (isPlainText(text)) return { kind: 'text', text: text.trim() };
  return { kind: 'ignored', problems: result.problems };
}

/** "Once per question": the same id (or question text when there is no id) is the same question. */
export function questionKey(quiz: QuizPayload): string {
  return quiz.id !== undefined ? `id:${quiz.id}` : `question:${quiz.question}`;
}

export function createMetadataView(regions: MetadataRegions, options: MetadataViewOptions = {}): MetadataView {
  const chosen = new Map<string, number>();
  const quizzes = new Map<string, QuizPayload>();
  /** Revealed questions: whether this viewer's answer was right (undefined: not answered, or no right answer). */
  const revealed = new Map<string, boolean | undefined>();
  let shownKey: string | null = null;

  const showQuiz = (quiz: QuizPayload): void => {
    const key = questionKey(quiz);
    // A re-sent question (for late joiners) must not reset the card or move a keyboard user's focus.
    if (key === shownKey) return;
    shownKey = key;
    quizzes.set(key, quiz);
    const card = renderQuiz(regions.quiz.ownerDocument, quiz, chosen.get(key), (index) => {
      if (chosen.has(key)) return;
      chosen.set(key, index);
      markAnswered(card, quiz, index);
      if (quiz.id !== undefined && options.sendAnswer !== undefined) void sendAndSay(card, options.sendAnswer, quiz.id, index);
    });
    regions.quiz.replaceChildren(card);
  };

  const showResults = (results: ResultsPayload): void => {
    const key = `id:${results.id}`;
    // Results again (a late joiner's read after the cue, a re-send): the card stays as it is.
    if (shownKey === `results:${key}`) return;
    shownKey = `results:${key}`;
    const quiz = quizzes.get(key);
    const choice = chosen.get(key);
    if (!revealed.has(key)) revealed.set(key, results.correctIndex === undefined || choice === undefined ? undefined : choice === results.correctIndex);
    regions.quiz.replaceChildren(renderResults(regions.quiz.ownerDocument, results, quiz, choice, score(revealed)));
  };

  return {
    show(text) {
      const cue = classifyCue(text);
      if (cue.kind === 'quiz') showQuiz(cue.quiz);
      else if (cue.kind === 'results') showResults(cue.results);
      else if (cue.kind === 'announcement' || cue.kind === 'text') renderAnnouncement(regions.announcement, cue.text);
      else console.warn('ivs-live: ignored a timed-metadata cue:', cue.problems.join('; '));
      return cue;
    },
  };
}

/** Sends the choice and says what became of it under the card (the API's own words, shown as text). */
async function sendAndSay(card: HTMLElement, send: NonNullable<MetadataViewOptions['sendAnswer']>, questionId: string, choice: number): Promise<void> {
  const status = card.querySelector('.quiz-sent');
  if (status === null) return;
  status.textContent = 'Sending your answer…';
  const sent = await send(questionId, choice);
  status.textContent = sent.message;
  status.className = `quiz-sent quiz-sent--${sent.outcome === 'recorded' || sent.outcome === 'duplicate' ? 'in' : 'refused'}`;
  card.dataset.answer = sent.outcome;
}

/** "2 of 3": right answers among the revealed questions that had a right answer and that the viewer answered. */
function score(revealed: ReadonlyMap<string, boolean | undefined>): { readonly right: number; readonly of: number } {
  const marked = [...revealed.values()].filter((right): right is boolean => right !== undefined);
  return { right: marked.filter(Boolean).length, of: marked.length };
}

function renderResults(doc: Document, results: ResultsPayload, quiz: QuizPayload | undefined, choice: number | undefined, tally: { right: number; of: number }): HTMLElement {
  const card = element(doc, 'article', 'results-card');
  card.dataset.questionId = results.id;
  const total = results.counts.reduce((sum, c) => sum + c, 0);
  const shares = percentages(results.counts);
  const list = element(doc, 'ol', 'results');
  results.counts.forEach((count, index) => {
    const row = element(doc, 'li', 'result');
    if (index === results.correctIndex) row.classList.add('result--correct');
    if (index === choice) row.classList.add('result--chosen');
    const label = element(doc, 'span', 'result-label', quiz?.answers[index] ?? `Answer ${index + 1}`);
    const bar = element(doc, 'progress', 'result-bar');
    bar.max = 100;
    bar.value = shares[index];
    const figure = element(doc, 'span', 'result-share', `${shares[index]}% (${count})`);
    const marks = [index === results.correctIndex ? 'right answer' : '', index === choice ? 'your answer' : ''].filter(Boolean).join(', ');
    row.append(label, bar, figure);
    if (marks !== '') row.append(element(doc, 'span', 'result-mark', marks));
    list.append(row);
  });
  card.append(
    element(doc, 'p', 'eyebrow', 'Results'),
    element(doc, 'h2', 'quiz-question', quiz?.question ?? 'The audience answered'),
    list,
    element(doc, 'p', 'results-total', `${total} ${total === 1 ? 'answer' : 'answers'}`),
  );
  if (tally.of > 0) card.append(element(doc, 'p', 'score', `Your score: ${tally.right} of ${tally.of}`));
  return card;
}

function renderQuiz(doc: Document, quiz: QuizPayload, answered: number | undefined, onChoose: (index: number) => void): HTMLElement {
  const card = element(doc, 'article', 'quiz-card');
  const questionId = 'quiz-question';
  const question = element(doc, 'h2', 'quiz-question', quiz.question);
  question.id = questionId;
  const answers = element(doc, 'div', 'answers');
  answers.setAttribute('role', 'group');
  answers.setAttribute('aria-labelledby', questionId);
  quiz.answers.forEach((answer, index) => {
    const button = element(doc, 'button', 'answer', answer);
    button.type = 'button';
    button.addEventListener('click', () => onChoose(index));
    answers.append(button);
  });
  const result = element(doc, 'p', 'quiz-result');
  result.setAttribute('role', 'status');
  const sent = element(doc, 'p', 'quiz-sent');
  sent.setAttribute('aria-live', 'polite');
  card.append(element(doc, 'p', 'eyebrow', 'Quiz'), question, answers, result, sent);
  if (answered !== undefined) markAnswered(card, quiz, answered);
  return card;
}

/**
 * Shows right or wrong. Buttons get aria-disabled rather than disabled: a disabled button drops keyboard
 * focus to the page body, and the viewer should stay where they were.
 */
function markAnswered(card: HTMLElement, quiz: QuizPayload, chosenIndex: number): void {
  card.classList.add('quiz-card--answered');
  card.querySelectorAll<HTMLButtonElement>('button.answer').forEach((button, index) => {
    button.setAttribute('aria-disabled', 'true');
    if (index === quiz.correctIndex) button.classList.add('answer--correct');
    else if (index === chosenIndex && quiz.correctIndex !== undefined) button.classList.add('answer--wrong');
    if (index === chosenIndex) button.classList.add('answer--chosen');
  });
  const result = card.querySelector('.quiz-result');
  // A question that keeps its answer secret says nothing until the results arrive.
  if (result === null || quiz.correctIndex === undefined) return;
  const right = chosenIndex === quiz.correctIndex;
  result.className = `quiz-result ${right ? 'quiz-result--correct' : 'quiz-result--wrong'}`;
  result.textContent = right ? 'Correct!' : `Not quite — the answer is ${quiz.answers[quiz.correctIndex]}.`;
}

function renderAnnouncement(region: HTMLElement, text: string): void {
  region.replaceChildren(element(region.ownerDocument, 'p', 'announcement-text', text));
  region.hidden = false;
}

function element<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Text that IVS could carry and that is not JSON of any kind (JSON that failed the schema is a broken
 * payload, not a message).
 */
function isPlainText(text: string): boolean {
  if (text.trim().length === 0 || metadataByteLength(text) > MAX_METADATA_BYTES) return false;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}
