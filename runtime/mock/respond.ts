/** Small response helpers shared by the mock's routes. */
import type { ServerResponse } from 'node:http';
import { errorBody } from './openai-request.js';

const ERROR_TYPES: Record<number, string> = {
  400: 'BadRequestError',
  404: 'NotFoundError',
  405: 'MethodNotAllowedError',
  413: 'BadRequestError',
  429: 'RateLimitError',
  503: 'ServiceUnavailableError',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

/** An OpenAI-style error: `{"error":{"message","type","param","code"}}`; 429 carries retry-after. */
export function sendError(res: ServerResponse, status: number, message: string, type?: string, param: string | null = null): void {
  const t = type ?? ERROR_TYPES[status] ?? (status >= 500 ? 'InternalServerError' : 'BadRequestError');
  sendJson(res, status, errorBody(status, message, t, param), status === 429 ? { 'retry-after': '1' } : {});
}

/**
 * Runs `fn` once the client is gone, or at once if it already is: a request is
 * handled after a first token that was due (DeadlineTimers.defer), by when its
 * client may have left, and 'close' is not emitted twice.
 */
export function onClientGone(res: ServerResponse, fn: () => void): void {
  res.on('close', fn);
  if (res.destroyed) fn();
}
