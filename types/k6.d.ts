/**
 * k6's module names for llmload's modules, typed as k6 types them: the
 * requests and sleep() of `k6/http` and `k6` are synchronous (the bundler
 * awaits them), so a k6 script type-checks unchanged. Loaded with llmload's
 * types (`"types": ["llmload"]` in tsconfig.json, or any `llmload` import).
 * `await http.get(...)` type-checks too.
 */
declare module 'k6' {
  export { check, fail, group, type Checker } from 'llmload';
  /** Blocks the VU for `seconds`. */
  export function sleep(seconds: number): void;
  const k6: { check: typeof import('llmload').check; fail: typeof import('llmload').fail; group: typeof import('llmload').group; sleep: typeof sleep };
  export default k6;
}

declare module 'k6/http' {
  import type { BatchRequest, HttpURL, Params, RequestBody, Response } from 'llmload/http';
  import type llmloadHttp from 'llmload/http';
  export * from 'llmload/http';
  export function request(method: string, url: string | HttpURL, body?: RequestBody, params?: Params | null): Response;
  export function get(url: string | HttpURL, params?: Params | null): Response;
  export function head(url: string | HttpURL, params?: Params | null): Response;
  export function post(url: string | HttpURL, body?: RequestBody, params?: Params | null): Response;
  export function put(url: string | HttpURL, body?: RequestBody, params?: Params | null): Response;
  export function patch(url: string | HttpURL, body?: RequestBody, params?: Params | null): Response;
  export function del(url: string | HttpURL, body?: RequestBody, params?: Params | null): Response;
  export function options(url: string | HttpURL, body?: RequestBody, params?: Params | null): Response;
  export function batch(requests: BatchRequest[]): Response[];
  export function batch(requests: Record<string, BatchRequest>): Record<string, Response>;
  const http: Omit<typeof llmloadHttp, 'request' | 'get' | 'head' | 'post' | 'put' | 'patch' | 'del' | 'options' | 'batch'> & {
    request: typeof request;
    get: typeof get;
    head: typeof head;
    post: typeof post;
    put: typeof put;
    patch: typeof patch;
    del: typeof del;
    options: typeof options;
    batch: typeof batch;
  };
  export default http;
}

declare module 'k6/metrics' {
  export * from 'llmload/metrics';
  export { default } from 'llmload/metrics';
}

declare module 'k6/execution' {
  export * from 'llmload/execution';
  export { default } from 'llmload/execution';
}

declare module 'k6/data' {
  export * from 'llmload/data';
  export { default } from 'llmload/data';
}

declare module 'k6/encoding' {
  export * from 'llmload/encoding';
  export { default } from 'llmload/encoding';
}

declare module 'k6/timers' {
  export * from 'llmload/timers';
  export { default } from 'llmload/timers';
}
