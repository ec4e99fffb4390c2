// Where the show's current timed-metadata payload is kept for late joiners: timed metadata is one-shot, so a
// viewer who opens the page after a question was sent reads it from this object in the site bucket instead.
// Shared by the function (writes it on Stream Start, deletes it on Stream End), the host CLI, the stack (IAM on
// exactly this key), publish:web (never deletes it), the local preview (serves it) and the page (reads it).

/** Object key in the site bucket, and path under the website's root. */
export const CURRENT_METADATA_KEY = 'live/current.json';
/** Viewers must never get a stale question from a cache. */
export const CURRENT_METADATA_CACHE_CONTROL = 'no-cache';
export const CURRENT_METADATA_CONTENT_TYPE = 'application/json; charset=utf-8';
