// Turns timed-metadata cues into the quiz card and the announcement line. Every piece of cue data reaches
// the page through textContent only, so a hostile payload is shown as text or ignored, never run.
import { MAX_METADATA_BYTES, metadataByteLength, parseMetadata, type QuizPayload } from '../../core/payload';

export type Cue =
  | { readonly kind: 'quiz'; readonly quiz: QuizPayload }
  | { readonly kind: 'announcement'; readonly text: string }
  /** Not JSON at all: a broadcaster's plain-text message, shown as it is. */
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'ignored'; readonly problems: readonly string[] };

export interface MetadataRegions {
  /** Holds the current quiz card. */
  readonly quiz: HTMLElement;
  /** Holds the latest announcement, so an announcement never replaces an open question. */
  readonly announcement: HTMLElement;
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
    if (payload.type === 'results') return { kind: 'ignored', problems: ['results are not shown yet'] };
    return payload.type === 'quiz' ? { kind: 'quiz', quiz: payload } : { kind: 'announcement', text: payload.text };
  }
  if (isPlainText(text)) return { kind: 'text', text: text.trim() };
  return { kind: 'ignored', problems: result.problems };
}

/** "Once per question": the same id (or question text when there is no id) is the same question. */
export function questionKey(quiz: QuizPayload): string {
  return quiz.id !== undefined ? `id:${quiz.id}` : `question:${quiz.question}`;
}

export function createMetadataView(regions: MetadataRegions): MetadataView {
  const chosen = new Map<string, number>();
  let shownKey: string | null = null;

  const showQuiz = (quiz: QuizPayload): void => {
    const key = questionKey(quiz);
    // A re-sent question (for late joiners) must not reset the card or move a keyboard user's focus.
    if (key === shownKey) return;
    shownKey = key;
    const card = renderQuiz(regions.quiz.ownerDocument, quiz, chosen.get(key), (index) => {
      if (chosen.has(key)) return;
      chosen.set(key, index);
      markAnswered(card, quiz, index);
    });
    regions.quiz.replaceChildren(card);
  };

  return {
    show(text) {
      const cue = classifyCue(text);
      if (cue.kind === 'quiz') showQuiz(cue.quiz);
      else if (cue.kind === 'announcement' || cue.kind === 'text') renderAnnouncement(regions.announcement, cue.text);
      else console.warn('ivs-live: ignored a timed-metadata cue:', cue.problems.join('; '));
      return cue;
    },
  };
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
  card.append(element(doc, 'p', 'eyebrow', 'Quiz'), question, answers, result);
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
    else if (index === chosenIndex) button.classList.add('answer--wrong');
    if (index === chosenIndex) button.classList.add('answer--chosen');
  });
  const result = card.querySelector('.quiz-result');
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
