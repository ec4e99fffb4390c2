// End-to-end: the audience's answers in the preview of `npm start`, in Debian's Chromium. Two viewers (separate
// browser profiles, so separate viewer ids) answer a question that keeps its answer secret; the host reveals with the
// real CLI (`npm run send-metadata -- --local --reveal`); both pages show the split, their own answer and their score,
// a viewer who arrives afterwards sees the results too, and an answer after the reveal is refused with its reason.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { loadShowConfig } from '../../config/show-config';
import { startPreview, type Preview } from '../../local/preview';
import { hermeticContext, launchBrowser, statusIs } from '../../testing/browser';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');
const QUIZ = { type: 'quiz', id: 'capital', question: 'What is the capital of Australia?', answers: ['Sydney', 'Canberra', 'Perth'] };
const previewLog: string[] = [];
const pageErrors: string[] = [];

let preview: Preview;
let browser: Browser;

async function viewer(): Promise<Page> {
  const context = await hermeticContext(browser);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(preview.url);
  return page;
}

async function textOf(page: Page, selector: string, expected: string): Promise<void> {
  await page.waitForFunction(([s, e]) => document.querySelector(s)?.textContent === e, [selector, expected] as const, { timeout: 30_000, polling: 100 });
}

/** An answer sent from the page as its script would, with the viewer id the page keeps (or `viewerId`). */
function postAnswer(page: Page, answer: { readonly choice: number; readonly viewerId?: string }): Promise<{ status: number; body: unknown }> {
  return page.evaluate(async ({ choice, viewerId }) => {
    const body = JSON.stringify({ questionId: 'capital', viewerId: viewerId ?? localStorage.getItem('ivs-live:viewer-id') ?? 'a-viewer-never-seen-before', choice });
    const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const response = await fetch('/api/answers', { method: 'POST', headers: { 'content-type': 'application/json', 'x-amz-content-sha256': digest }, body });
    return { status: response.status, body: (await response.json()) as unknown };
  }, answer);
}

const shares = (page: Page): Promise<string[]> => page.$$eval('#quiz .result', (rows) => rows.map((r) => `${r.querySelector('.result-label')?.textContent}: ${r.querySelector('.result-share')?.textContent} ${r.querySelector('.result-mark')?.textContent ?? ''}`.trim()));

beforeAll(async () => {
  preview = await startPreview({
    port: 0,
    repeatQuestionSeconds: 0,
    show: loadShowConfig({ METADATA_JSON: JSON.stringify(QUIZ), FIRST_QUESTION_DELAY_SECONDS: '0' }),
    log: (line) => previewLog.push(line),
  });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await preview?.stop();
  if (pageErrors.length > 0) console.log(`preview log:\n${previewLog.join('\n')}`);
});

describe('audience answers in the preview', () => {
  let first: Page;
  let second: Page;

  it('counts each viewer\'s answer once, on a question whose answer stays secret', async () => {
    [first, second] = await Promise.all([viewer(), viewer()]);
    for (const page of [first, second]) {
      await statusIs(page, 'playing');
      await textOf(page, '#quiz .quiz-question', QUIZ.question);
    }
    await first.click('#quiz button.answer >> nth=1');
    await second.click('#quiz button.answer >> nth=0');
    // A change of mind: the card takes the first choice only (the store would refuse another one, too).
    await second.click('#quiz button.answer >> nth=1', { force: true });
    for (const page of [first, second]) await textOf(page, '#quiz .quiz-sent', 'Your answer is in.');
    expect(await first.$$('#quiz .answer--correct, #quiz .answer--wrong')).toHaveLength(0);
    // The same viewer (the id this page keeps) answering again, past the card: refused, and not counted (the reveal says so).
    expect(await postAnswer(first, { choice: 0 })).toEqual({ status: 409, body: { outcome: 'already-answered', message: 'You already answered this question; your first answer stands.', choice: 1 } });
    expect(await postAnswer(first, { choice: 1 })).toEqual({ status: 200, body: { outcome: 'duplicate', message: 'Your answer was already in; it counts once.', choice: 1 } });
  });

  it('reveals on every screen when the host runs --reveal: the split, the right answer, each viewer\'s own and score', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'send-metadata', '--', '--local', '--port', String(preview.port), '--reveal', 'capital', '--correct', '2'], {
      cwd: ROOT,
      env: { ...process.env, PREVIEW_PORT: undefined },
    });
    expect(stdout).toContain('sending results of "capital" [1 | *1* | 0]');
    for (const page of [first, second]) await textOf(page, '#quiz .results-total', '2 answers');
    expect(await shares(first)).toEqual(['Sydney: 50% (1)', 'Canberra: 50% (1) right answer, your answer', 'Perth: 0% (0)']);
    expect(await shares(second)).toEqual(['Sydney: 50% (1) your answer', 'Canberra: 50% (1) right answer', 'Perth: 0% (0)']);
    await textOf(first, '#quiz .score', 'Your score: 1 of 1');
    await textOf(second, '#quiz .score', 'Your score: 0 of 1');
  });

  it('shows the results to a viewer who arrives after the reveal, and refuses a late answer with its reason', async () => {
    const late = await viewer();
    await statusIs(late, 'playing');
    await textOf(late, '#quiz .results-total', '2 answers');
    await textOf(late, '#quiz .quiz-question', QUIZ.question);
    expect(await postAnswer(late, { choice: 1 })).toEqual({ status: 409, body: { outcome: 'closed', message: 'Answers to this question are closed.' } });
    expect(preview.cspViolations()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
