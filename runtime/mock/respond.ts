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

/**
 * Writes part of a streamed body: as res.write would, one HTTP/1.1 chunk
 * (`<hex length>\r\n<data>\r\n`), but as a single socket write. res.write
 * queues four pieces and a corked flush per call, which made each chunk cost
 * several times more and produced most of the mock's garbage (and its GC
 * pauses delay first tokens). Only once the headers are out: `res.flushHeaders()`
 * or a first res.write comes first.
 */
export function writeChunk(res: ServerResponse, data: string, done?: () => void): void {
  const sock = res.socket;
  if (sock && !sock.destroyed && (res as unknown as { chunkedEncoding?: boolean }).chunkedEncoding === true) {
    sock.write(`${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`, done);
  } else res.write(data, done);
}
