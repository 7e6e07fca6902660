// A failed model call, as a provider reports it to the call layer.

export class ModelCallError extends Error {
  override readonly name = 'ModelCallError';

  constructor(
    message: string,
    /** Whether trying again may succeed (429, 5xx, timeouts, connection resets). */
    readonly retryable: boolean,
    /** The server's Retry-After, in milliseconds, when it sent one. */
    readonly retryAfterMs: number | null = null,
    /** The HTTP status, when there was a response. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}
