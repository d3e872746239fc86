/** The run's http options the in-isolate module needs (k6's throw, discardResponseBodies, userAgent, batch limits). */
import type { HttpVuConfig } from '../../plugins/endpoints/http/types.js';
import { host, vu } from './internal/state.js';

const DEFAULTS: HttpVuConfig = { userAgent: 'llmload', throw: false, discardResponseBodies: false, batch: 20, batchPerHost: 6 };
let cached: HttpVuConfig | undefined;

/**
 * Read from the host once per VU, on first use after init code: the probe
 * VU's init code (which also runs setup and teardown) runs before the
 * options are resolved, so nothing read during init is kept.
 */
export function httpConfig(): HttpVuConfig {
  if (cached) return cached;
  let c: HttpVuConfig | null = null;
  try {
    c = JSON.parse(host.config('http')) as HttpVuConfig | null;
  } catch {
    // no http endpoint in this runtime (a test harness): k6's defaults
  }
  const out = c ?? DEFAULTS;
  if (vu.phase !== 'init') cached = out;
  return out;
}
