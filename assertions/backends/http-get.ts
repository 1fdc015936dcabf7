import { request } from 'undici';
import { errorMessage } from '../../core/errors.js';
import { backendAccess } from './backend-access.js';

/** A backend could not be queried (unreachable, timed out, non-2xx): assertions turn this into `errored`. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
  constructor(
    readonly backend: string,
    message: string,
    readonly url: string,
  ) {
    super(`${backend}: ${message}`);
  }
}

export interface HttpOptions {
  /** Whole-request deadline (connect + headers + body). */
  timeoutMs: number;
}

/**
 * GET/POST with a hard deadline: a stopped or wedged backend yields a BackendError within timeoutMs, never a hang.
 * Form parameters go in the body for POST (LogsQL/PromQL queries can be long).
 */
export async function httpText(
  backend: string,
  url: string,
  options: HttpOptions & { method?: 'GET' | 'POST'; form?: Record<string, string> },
): Promise<string> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const method = options.method ?? (options.form ? 'POST' : 'GET');
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const access = backendAccess(url);
  try {
    const response = await request(url, {
      method,
      signal,
      body,
      headers: {
        ...access?.headers,
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(access?.dispatcher ? { dispatcher: access.dispatcher } : {}),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    const text = await response.body.text();
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new BackendError(backend, `HTTP ${response.statusCode} from ${url}: ${firstLine(text)}`, url);
    }
    return text;
  } catch (error) {
    if (error instanceof BackendError) throw error;
    if (signal.aborted)
      throw new BackendError(backend, `no answer from ${url} within ${options.timeoutMs} ms`, url);
    throw new BackendError(backend, `unreachable at ${url}: ${errorMessage(error)}`, url);
  }
}

/** A backend's answer as JSON; anything else is a BackendError quoting the start of what came back. */
export function parseBackendJson(backend: string, text: string, url: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BackendError(
      backend,
      `answered ${url} with something that is not JSON: ${text.slice(0, 200)}`,
      url,
    );
  }
}

/** httpText, parsed with parseBackendJson. */
export async function httpJson(
  backend: string,
  url: string,
  options: HttpOptions & { method?: 'GET' | 'POST'; form?: Record<string, string> },
): Promise<unknown> {
  return parseBackendJson(backend, await httpText(backend, url, options), url);
}

function firstLine(text: string): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
