import { LlmloadError } from 'llmload/plugin';
import { request } from 'undici';

/** How long one GET /models may take. */
const LOOKUP_TIMEOUT_MS = 30_000;

/** What the VU module asks for a client made with `model: 'auto'` (llmload/vu beforeTest, and each request). */
export interface AutoModelAsk {
  /** The client's API base (`http://h:8000/v1`). */
  api: string;
  /** The client's headers (its API key among them): the lookup is sent as its requests are. */
  headers: Record<string, string>;
}

/**
 * `openai.client({ model: 'auto' })`: the first model id the server lists at
 * GET `<api>/models`, looked up in the host once per run and API base (before
 * the test for clients made in init code, at their first request otherwise),
 * never per VU or per request.
 */
export class AutoModels {
  private readonly found = new Map<string, Promise<string>>();

  /** The model for `ask.api`; a failed lookup is not kept, so a later request tries again. */
  resolve(ask: AutoModelAsk): Promise<string> {
    let p = this.found.get(ask.api);
    if (!p) {
      p = lookup(ask);
      this.found.set(ask.api, p);
      p.catch(() => this.found.delete(ask.api));
    }
    return p;
  }

  /** Endpoint.beforeTest: resolves every asked API base; one header line each. */
  async beforeTest(asked: unknown[]): Promise<string[]> {
    const lines: string[] = [];
    for (const ask of asked as AutoModelAsk[]) lines.push(`model: auto → ${await this.resolve(ask)} (first listed at ${ask.api}/models)`);
    return lines;
  }
}

async function lookup(ask: AutoModelAsk): Promise<string> {
  const url = `${ask.api}/models`;
  const fail = (why: string) =>
    new LlmloadError('ERR_NOT_READY', `openai.client({ model: 'auto' }): GET ${url}: ${why} (name the model, or wait for the server with waitFor)`);
  let status: number;
  let text: string;
  try {
    const res = await request(url, { method: 'GET', headers: { ...ask.headers, accept: 'application/json' }, signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
    status = res.statusCode;
    text = await res.body.text();
  } catch (err) {
    throw fail(err instanceof Error ? err.message : String(err));
  }
  if (status < 200 || status >= 300) throw fail(`HTTP ${status}`);
  let data: unknown;
  try {
    data = (JSON.parse(text) as { data?: unknown } | null)?.data;
  } catch {
    throw fail('the body is not JSON');
  }
  const id = Array.isArray(data) ? (data[0] as { id?: unknown } | undefined)?.id : undefined;
  if (typeof id !== 'string' || id === '') throw fail(Array.isArray(data) && data.length === 0 ? 'no model is listed' : 'the body is not a model list');
  return id;
}

/**
 * An auto request's body, which the VU module built without `model`, with
 * the resolved one as its first key: `{"messages":…}` → `{"model":"m","messages":…}`.
 */
export function withModel(body: string, model: string): string {
  const rest = body.slice(1).trimStart();
  return `{"model":${JSON.stringify(model)}${rest.startsWith('}') ? '' : ','}${rest}`;
}
