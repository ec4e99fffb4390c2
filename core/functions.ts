// The Lambda functions of the project, listed once: the bundler builds each, the bootstrap stack makes each one's
// execution role for the pipeline, and the live stack deploys each. A new function is one more name here.

/** Puts the show's payload into the stream on Stream Start and keeps it for late joiners. */
export const PUT_METADATA_FUNCTION = 'put-metadata';

/** Takes the viewers' answers (a function URL behind the CDN's `/api/*`) and stores each exactly once. */
export const ANSWERS_FUNCTION = 'answers';

export const FUNCTIONS = [PUT_METADATA_FUNCTION, ANSWERS_FUNCTION] as const;

export type FunctionName = (typeof FUNCTIONS)[number];
