import { checkKeys, expectDuration, optionError, showValue } from './check.js';

/** `options.waitFor` after validation: what to poll before the test, and for how long. */
export interface WaitForOptions {
  /** As written: a full http(s) URL, or a path (`/health`, `/v1/models`) resolved against LLMLOAD_BASE_URL. */
  url: string;
  /** ms: give up (exit 112) after this long. */
  timeout: number;
  /** ms: the longest pause between two polls (they start at 250 ms and double up to it). */
  interval: number;
}

export const WAIT_FOR_DEFAULT_TIMEOUT = 5 * 60_000;
export const WAIT_FOR_DEFAULT_INTERVAL = 2_000;

/**
 * Reads `waitFor: '/health'` or `waitFor: { url, timeout, interval }`;
 * undefined when absent. `source` names where the option came from.
 */
export function parseWaitFor(raw: unknown, source: string): WaitForOptions | undefined {
  if (raw === undefined || raw === null) return undefined;
  const where = `${source}: option "waitFor"`;
  const o: Record<string, unknown> = typeof raw === 'string' ? { url: raw } : (raw as Record<string, unknown>);
  if (typeof o !== 'object' || Array.isArray(o)) {
    throw optionError(source, 'waitFor', `must be a URL or { url, timeout, interval }, got ${showValue(raw)}`);
  }
  checkKeys(o, ['url', 'timeout', 'interval'], where);
  const url = o.url;
  if (url === undefined) throw optionError(where, 'url', 'is required (a full URL, or a path such as "/health" or "/v1/models")');
  if (typeof url !== 'string' || !(url.startsWith('/') || /^https?:\/\/[^/]/i.test(url))) {
    throw optionError(where, 'url', `must be an http(s) URL or a path starting with "/", got ${showValue(url)}`);
  }
  const timeout = expectDuration(o, 'timeout', where, WAIT_FOR_DEFAULT_TIMEOUT);
  if (timeout <= 0) throw optionError(where, 'timeout', `must be more than 0, got ${showValue(o.timeout)}`);
  const interval = expectDuration(o, 'interval', where, WAIT_FOR_DEFAULT_INTERVAL);
  if (interval < 50) throw optionError(where, 'interval', `must be at least 50ms, got ${showValue(o.interval)}`);
  return { url, timeout, interval };
}

/**
 * The URL to poll: a path resolves against `baseUrl` (LLMLOAD_BASE_URL, which
 * `--mock` sets); `/v1/models` against `http://h:8000/v1` is `http://h:8000/v1/models`.
 */
export function waitForUrl(url: string, baseUrl: string | undefined, where: string): string {
  if (!url.startsWith('/')) return url;
  if (!baseUrl || !/^https?:\/\//i.test(baseUrl)) {
    throw optionError(
      where,
      'waitFor',
      `"${url}" is a path: give a full URL, or set LLMLOAD_BASE_URL (-e LLMLOAD_BASE_URL=…, or --mock) to resolve it against`,
    );
  }
  return new URL(url, baseUrl).toString();
}
