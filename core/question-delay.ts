// FIRST_QUESTION_DELAY_SECONDS: how long the function waits after Stream Start before the first question. One rule
// for synth, the function's environment and `npm start`: whole seconds, so a value accepted anywhere is accepted everywhere.

/** Longest allowed delay; the stack sizes the Lambda timeout from it. */
export const MAX_FIRST_QUESTION_DELAY_SECONDS = 600;
/** What is allowed, for error messages. */
export const QUESTION_DELAY_RULE = `a whole number of seconds from 0 to ${MAX_FIRST_QUESTION_DELAY_SECONDS}`;

/** The delay in seconds, or undefined when `raw` breaks the rule (the caller names its variable or flag). */
export function parseQuestionDelay(raw: string): number | undefined {
  if (!/^\d+$/.test(raw)) return undefined;
  const seconds = Number(raw);
  return seconds <= MAX_FIRST_QUESTION_DELAY_SECONDS ? seconds : undefined;
}
