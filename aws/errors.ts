// What an AWS SDK error says, for log lines and messages: its name, and the service's own explanation.

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** IVS puts its explanation in `exceptionMessage`; the SDK's `message` is then just "UnknownError". */
export function errorMessage(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { exceptionMessage, message } = error as { exceptionMessage?: unknown; message?: unknown };
  if (typeof exceptionMessage === 'string' && exceptionMessage !== '') return exceptionMessage;
  return typeof message === 'string' ? message : 'no message';
}
