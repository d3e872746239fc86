/**
 * k6's module names for llmload's modules, typed as k6 types them: the
 * requests and sleep() of `k6/http` and `k6` are synchronous (the bundler
 * awaits them), so a k6 script type-checks unchanged. Loaded with llmload's
 * types (`"types": ["llmload"]` in tsconfig.json, or any `llmload` import).
 * `await http.get(...)` type-checks too.
 *
 * Hand-written, but no signature is copied: each synchronous function is
 * derived from its generated `llmload/*` declaration (only batch()'s two
 * overloads are spelled out, as a conditional type sees one overload).
 */

declare module 'k6' {
  import type llmload from 'llmload';
  export { check, fail, group, type Checker } from 'llmload';
  /** Blocks the VU for `seconds`. */
  export const sleep: (...args: Parameters<typeof llmload.sleep>) => void;
  const k6: Omit<typeof llmload, 'sleep'> & { sleep: typeof sleep };
  export default k6;
  export {};
}

declare module 'k6/http' {
  import type { BatchRequest, Response } from 'llmload/http';
  import type llmloadHttp from 'llmload/http';
  export * from 'llmload/http';
  /** A llmload/http request function as k6 has it: the same parameters, the Response itself. */
  type Sync<F> = F extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never;
  export const request: Sync<typeof llmloadHttp.request>;
  export const get: Sync<typeof llmloadHttp.get>;
  export const head: Sync<typeof llmloadHttp.head>;
  export const post: Sync<typeof llmloadHttp.post>;
  export const put: Sync<typeof llmloadHttp.put>;
  export const patch: Sync<typeof llmloadHttp.patch>;
  export const del: Sync<typeof llmloadHttp.del>;
  export const options: Sync<typeof llmloadHttp.options>;
  export function batch(requests: BatchRequest[]): Response[];
  export function batch(requests: Record<string, BatchRequest>): Record<string, Response>;
  type SyncNames = 'request' | 'get' | 'head' | 'post' | 'put' | 'patch' | 'del' | 'options';
  const http: Omit<typeof llmloadHttp, SyncNames | 'batch'> & { [K in SyncNames]: Sync<(typeof llmloadHttp)[K]> } & { batch: typeof batch };
  export default http;
  export {};
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
