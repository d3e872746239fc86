/** `http.batch()`: k6's request forms, run concurrently within the `batch` and `batchPerHost` limits. */
import { httpConfig } from './http-config.js';
import { buildRequest, type BuiltRequest, type Params, type RequestBody } from './http-request.js';
import type { Response } from './http-response.js';
import { HttpURL } from './http-url.js';

/** `[method, url, body?, params?]`. */
export type BatchArray = [string, string | HttpURL, RequestBody?, (Params | null)?];
/** `{ method?, url, body?, params? }` (method defaults to GET; GET and HEAD drop the body, as in k6). */
export interface BatchObject {
  method?: string;
  url: string | HttpURL;
  body?: RequestBody;
  params?: Params | null;
}
/** One batch entry: a URL (GET), an array or an object. */
export type BatchRequest = string | HttpURL | BatchArray | BatchObject;

type Send = (req: BuiltRequest) => Promise<Response>;
type Parsed = { method: string; url: unknown; body: unknown; params: Params | null | undefined };

/** One entry, checked and built before anything is sent (as k6 parses the whole batch first). */
function prepare(key: string | number, v: unknown): BuiltRequest {
  const p = parse(key, v);
  return buildRequest(p.method, p.url, p.body, p.params);
}

function parse(key: string | number, v: unknown): Parsed {
  if (Array.isArray(v)) {
    if (v.length < 2) throw new TypeError(`http.batch(): invalid batch request ${JSON.stringify(v)} (needs [method, url, body?, params?])`);
    if (typeof v[0] !== 'string') throw new TypeError(`http.batch(): invalid method type ${JSON.stringify(v[0])}`);
    return { method: v[0], url: v[1], body: v[2], params: v[3] as Params | undefined };
  }
  if (typeof v === 'object' && v !== null && !(v instanceof HttpURL)) {
    const o = v as BatchObject;
    if (!('url' in o)) throw new TypeError(`http.batch(): batch request ${key} doesn't have a url key`);
    if (o.method !== undefined && typeof o.method !== 'string') throw new TypeError(`http.batch(): invalid method type ${JSON.stringify(o.method)}`);
    const method = (o.method ?? 'GET').toUpperCase();
    return { method, url: o.url, body: method === 'GET' || method === 'HEAD' ? undefined : o.body, params: o.params };
  }
  return { method: 'GET', url: v, body: undefined, params: undefined };
}

/** host:port of a URL, for batchPerHost (no URL class in a VU). */
function hostOf(s: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#]*)/i.exec(s);
  return m ? m[1]!.toLowerCase() : s;
}

/** A counting semaphore; limit 0 = none. */
class Slots {
  private used = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async take(): Promise<void> {
    if (this.limit === 0 || this.used < this.limit) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.used--;
  }
}

/**
 * Runs parsed requests with at most `batch` in flight, `batchPerHost` per host
 * (0 = unlimited), in order (k6's workers). With `throw`, the first error is
 * thrown once all have finished.
 */
async function runAll(items: BuiltRequest[], send: Send): Promise<Response[]> {
  const cfg = httpConfig();
  const perHost = new Map<string, Slots>();
  const out: Response[] = new Array(items.length);
  let next = 0;
  let firstError: unknown;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const it = items[i]!;
      const host = hostOf(it.wire.url);
      let slots = perHost.get(host);
      if (!slots) perHost.set(host, (slots = new Slots(cfg.batchPerHost)));
      await slots.take();
      try {
        out[i] = await send(it);
      } catch (err) {
        firstError ??= err;
      } finally {
        slots.give();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(items.length, cfg.batch) }, worker));
  if (firstError !== undefined) throw firstError;
  return out;
}

/** Sends every request; an array gives an array of responses, an object an object with the same keys. */
export async function batch(requests: BatchRequest[] | Record<string, BatchRequest>, send: Send): Promise<Response[] | Record<string, Response>> {
  if (typeof requests !== 'object' || requests === null) throw new TypeError('http.batch() accepts only an array or an object of requests');
  if (Array.isArray(requests))
    return runAll(
      requests.map((r, i) => prepare(i, r)),
      send,
    );
  const keys = Object.keys(requests);
  const responses = await runAll(
    keys.map((k) => prepare(k, requests[k])),
    send,
  );
  const out: Record<string, Response> = {};
  keys.forEach((k, i) => (out[k] = responses[i]!));
  return out;
}
