import { type Dispatcher, request } from 'undici';
import { classifyError } from '../http-client/error-codes.js';

/** One poll's answer: ready, or why not (for the progress line and the final error). */
export type ProbeResult = { ready: true; status: number; models?: string[] } | { ready: false; why: string };

/** A path ending in `/models` is an OpenAI model list: ready only once it lists a model. */
export function isModelList(url: string): boolean {
  return /\/models\/?$/.test(new URL(url).pathname);
}

/**
 * GETs `url` once: ready on a 2xx, and for a model list (`/v1/models`) only
 * when `data` lists at least one model (vLLM and llama.cpp answer before the
 * weights are loaded on some versions, SGLang lists nothing until then).
 * Never rejects: a failure is a reason.
 */
export async function probe(
  url: string,
  opts: { dispatcher: Dispatcher; timeoutMs: number; signal: AbortSignal; headers?: Record<string, string> },
): Promise<ProbeResult> {
  const signal = AbortSignal.any([opts.signal, AbortSignal.timeout(Math.ceil(opts.timeoutMs))]);
  try {
    const res = await request(url, { method: 'GET', dispatcher: opts.dispatcher, signal, headers: opts.headers });
    const text = await res.body.text();
    if (res.statusCode < 200 || res.statusCode >= 300) return { ready: false, why: `HTTP ${res.statusCode}${snippet(text)}` };
    if (!isModelList(url)) return { ready: true, status: res.statusCode };
    const models = modelIds(text);
    if (models === undefined) return { ready: false, why: `HTTP ${res.statusCode} but the body is not a model list${snippet(text)}` };
    if (models.length === 0) return { ready: false, why: `HTTP ${res.statusCode} but no model is listed yet` };
    return { ready: true, status: res.statusCode, models };
  } catch (err) {
    if (opts.signal.aborted) return { ready: false, why: 'stopped' };
    if (signal.aborted) return { ready: false, why: `no answer within ${Math.round(opts.timeoutMs / 100) / 10}s` };
    return { ready: false, why: classifyError(err).message };
  }
}

/** The ids of an OpenAI model list (`{ data: [{ id }] }`); undefined when the text is not one. */
export function modelIds(text: string): string[] | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  return data.map((m) => (m as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string' && id !== '');
}

function snippet(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t === '') return '';
  return `: ${t.length > 120 ? `${t.slice(0, 117)}...` : t}`;
}
