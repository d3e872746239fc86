import type { Vu } from './vu/types.js';

/** How long the VUs' connects may take before the test starts without the rest. */
const PRECONNECT_TIMEOUT_MS = 5000;

/**
 * The closed-loop warm start: before the clock starts, every VU that exists
 * then opens its connection to each origin its modules' init code named
 * (llmload/openai's base URL), as k6 users expect of pre-allocated VUs. The
 * first wave of requests then does not pay 64 connects at once, which showed
 * in the TTFT tail. Best effort and bounded: an origin that does not answer
 * leaves its requests to connect as usual.
 */
export async function preconnectVus(vus: readonly Vu[], origins: Readonly<Record<string, readonly string[]>>): Promise<void> {
  if (!Object.values(origins).some((list) => list.length > 0)) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, PRECONNECT_TIMEOUT_MS);
  });
  try {
    await Promise.race([Promise.all(vus.map((vu) => vu.preconnect(origins))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
