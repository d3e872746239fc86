import { checkKeys, expectBool, expectDuration, invalidOption, optionError, showValue } from 'llmload/plugin';

type Obj = Record<string, unknown>;

/** Options every scraping source shares. */
export interface ScrapeOptions {
  urls: string[];
  /** ms between scrapes. */
  intervalMs: number;
  /** ms before a scrape is abandoned. */
  timeoutMs: number;
  /** An unreachable source fails the run (exit 111) instead of a warning. */
  required: boolean;
}

/**
 * `options.telemetry.<source>`: `true` means "on, with defaults", `false` /
 * absent means off, an object configures it. Returns the object, or undefined
 * when the source is off.
 */
export function sourceConfig(config: unknown, where: string): Obj | undefined {
  if (config === undefined || config === null || config === false) return undefined;
  if (config === true) return {};
  if (typeof config !== 'object' || Array.isArray(config)) {
    throw invalidOption(where, `must be an object (or true for the defaults), got ${showValue(config)}`);
  }
  return config as Obj;
}

/** Reads `url` / `urls` / `interval` / `timeout` / `required`; rejects keys outside `allowed`. */
export function readScrapeOptions(
  o: Obj,
  where: string,
  defaults: { urls?: string[]; intervalMs: number; timeoutMs: number },
  allowed: readonly string[],
  baseUrl?: string,
): ScrapeOptions {
  checkKeys(o, ['url', 'urls', 'interval', 'timeout', 'required', ...allowed], where);
  if (o.url !== undefined && o.urls !== undefined) throw optionError(where, 'url', 'cannot be combined with "urls"; list every URL in "urls"');
  const listed = o.urls ?? o.url;
  const key = o.urls !== undefined ? 'urls' : 'url';
  let urls: string[];
  if (listed === undefined) {
    if (!defaults.urls) throw optionError(where, 'url', 'is required (the /metrics URL to scrape)');
    urls = defaults.urls;
  } else {
    const list = Array.isArray(listed) ? listed : [listed];
    if (list.length === 0) throw optionError(where, key, 'must list at least one URL');
    urls = list.map((u, i) => {
      if (typeof u !== 'string' || u.trim() === '')
        throw optionError(where, Array.isArray(listed) ? `${key}[${i}]` : key, `must be a URL string, got ${showValue(u)}`);
      return normaliseMetricsUrl(u, `${where}: option "${key}"`, baseUrl);
    });
  }
  const intervalMs = expectDuration(o, 'interval', where, defaults.intervalMs);
  if (intervalMs < 50) throw optionError(where, 'interval', `must be at least 50ms, got ${showValue(o.interval)}`);
  const timeoutMs = expectDuration(o, 'timeout', where, defaults.timeoutMs);
  if (timeoutMs <= 0) throw optionError(where, 'timeout', `must be more than 0, got ${showValue(o.timeout)}`);
  return { urls: [...new Set(urls)], intervalMs, timeoutMs, required: expectBool(o, 'required', where, false) };
}

/**
 * `gpu-node:9400` → `http://gpu-node:9400/metrics`; a URL with a path is kept
 * as written; a bare path (`/dcgm/metrics`) is resolved against `baseUrl`
 * (LLMLOAD_BASE_URL, which `run --mock` sets). Only http and https are accepted.
 */
export function normaliseMetricsUrl(text: string, where: string, baseUrl?: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('/')) {
    if (!baseUrl) throw invalidOption(where, `"${text}" is a path: give a full URL, or set LLMLOAD_BASE_URL (run --mock sets it) to resolve it against`);
    return normaliseMetricsUrl(new URL(trimmed, baseUrl).toString(), where);
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw invalidOption(where, `"${text}" is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalidOption(where, `"${text}" must be an http:// or https:// URL`);
  if (u.pathname === '/' && !trimmed.endsWith('/')) u.pathname = '/metrics';
  return u.toString();
}
