import type { Prepared } from '../prepare.js';
import { waitForUrl } from '../options/wait-for.js';
import { waitForServer, type WaitIO } from './wait-for-server.js';

/**
 * What runs between the run's preparation and its header: wait for the
 * server (`waitFor`), then the endpoints' before-test work (e.g.
 * llmload/openai's `model: 'auto'` discovery). Resolves with the header's
 * extra lines; throws ERR_NOT_READY (exit 112) when the server never got
 * ready, ERR_SIGNAL when stopped, an endpoint's error otherwise.
 */
export async function beforeTest(prepared: Prepared, io: WaitIO & { processEnv: Record<string, string | undefined> }): Promise<string[]> {
  const w = prepared.options.waitFor;
  if (w) {
    // As for telemetry URLs: -e values (LLMLOAD_BASE_URL from --mock) over the process environment.
    const base = prepared.env.LLMLOAD_BASE_URL ?? io.processEnv.LLMLOAD_BASE_URL;
    await waitForServer(waitForUrl(w.url, base, 'options'), w, io);
  }
  const lines: string[] = [];
  for (const [name, endpoint] of prepared.endpoints) {
    const asked = prepared.beforeTest[name];
    if (!endpoint.beforeTest || !asked?.length) continue;
    lines.push(...((await endpoint.beforeTest(asked, { signal: io.signal })) ?? []));
  }
  return lines;
}
