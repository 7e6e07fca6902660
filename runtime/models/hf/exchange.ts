// One call's HTTP exchange, seen through the `fetch` the client is given: the
// client's errors carry the status but not the headers, so Retry-After is read
// here, and a request that never got a response is told apart from one the
// server refused.
import {
  InferenceClientError,
  InferenceClientHubApiError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
} from '@huggingface/inference';
import { ModelCallError } from '../errors.ts';

class NetworkFailure extends Error {}

export class Exchange {
  /** The last response's status and Retry-After (ms), when there was a response. */
  status: number | null = null;
  retryAfterMs: number | null = null;

  /** The `fetch` to give the client: the base one, watched. */
  readonly fetch: typeof fetch;

  constructor(private readonly baseFetch: typeof fetch = globalThis.fetch) {
    this.fetch = this.watch.bind(this);
  }

  private async watch(input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await this.baseFetch(input, init);
    } catch (error) {
      if (init?.signal?.aborted) throw init.signal.reason;
      throw new NetworkFailure(networkDetail(error));
    }
    this.status = response.status;
    if (!response.ok) this.retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    return response;
  }

  /**
   * The failure as the call layer sees it: HTTP 429, 408 and 5xx, network
   * failures and unreadable replies may pass on another try; any other 4xx,
   * a reply of the wrong shape, or a bad request will not.
   */
  failure(error: unknown, signal: AbortSignal): unknown {
    if (signal.aborted) return new ModelCallError('the call was aborted', true);
    if (error instanceof ModelCallError) return error;
    if (error instanceof NetworkFailure) return new ModelCallError(`network error: ${error.message}`, true);
    // fetch fails a body cut off mid-reply with a TypeError (`terminated`) whose cause is the socket's error.
    if (error instanceof TypeError && (error as { cause?: unknown }).cause !== undefined) {
      return new ModelCallError(`network error while reading the reply: ${networkDetail(error)}`, true, null, this.status);
    }
    if (error instanceof InferenceClientProviderApiError || error instanceof InferenceClientHubApiError) {
      const status = error.httpResponse.status;
      const retryable = status === 408 || status === 429 || status >= 500;
      return new ModelCallError(`HTTP ${status}: ${briefBody(error.httpResponse.body, error.message)}`, retryable, retryable ? this.retryAfterMs : null, status);
    }
    if (error instanceof SyntaxError) return new ModelCallError(`the server's reply is not valid JSON (${error.message})`, true, null, this.status);
    if (error instanceof InferenceClientProviderOutputError) return new ModelCallError(`the server's reply has an unexpected shape: ${error.message}`, false, null, this.status);
    if (error instanceof InferenceClientError) return new ModelCallError(error.message, false);
    return error;
  }
}

/**
 * Retry-After in milliseconds: delta-seconds (`120`, a fraction tolerated)
 * or an HTTP date; null when absent or unreadable. A date in the past is 0.
 */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function networkDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

function briefBody(body: unknown, fallback: string): string {
  let text: string;
  if (typeof body === 'string') text = body;
  else if (body && typeof body === 'object') {
    const record = body as { error?: unknown; message?: unknown; detail?: unknown };
    const error = record.error as { message?: unknown } | string | undefined;
    const candidate = typeof error === 'string' ? error : typeof error?.message === 'string' ? error.message : record.message ?? record.detail;
    text = typeof candidate === 'string' ? candidate : JSON.stringify(body);
  } else text = '';
  text = text.trim() || fallback.replace(/^Failed to perform inference: /, '');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
