// The synchronous-style transform on source text: input → expected output.
import { parse } from '@babel/parser';
import MagicString from 'magic-string';
import { describe, expect, it } from 'vitest';
import { transformSources } from '../../runtime/bundle/sync-style/transform.js';
import type { SyncStyleError } from '../../runtime/bundle/sync-style/types.js';

const MAP = /\n\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,[A-Za-z0-9+/=]+\n$/;

/** Transforms files (relative imports "./name" resolve to "name.ts"/"name.js"); unchanged files come back as they were. */
function program(files: Record<string, string>): { code: Record<string, string>; errors: SyncStyleError[]; changed: string[] } {
  const keys = Object.keys(files);
  const imports = Object.fromEntries(keys.map((k) => [`./${k.replace(/\.[jt]s$/, '')}`, k]));
  const results = transformSources(
    keys.map((key) => ({ key, display: `dir/${key}`, mapSource: key, source: files[key]!, typescript: key.endsWith('.ts'), imports })),
    { parse, MagicString },
  );
  const code: Record<string, string> = {};
  const errors: SyncStyleError[] = [];
  const changed: string[] = [];
  for (const key of keys) {
    const r = results.get(key)!;
    errors.push(...r.errors);
    if (r.code !== undefined) {
      expect(r.code).toMatch(MAP);
      changed.push(key);
    }
    code[key] = r.code === undefined ? files[key]! : r.code.replace(MAP, '');
  }
  return { code, errors, changed };
}

const HEAD = "import http from 'k6/http';\nimport { check, group, sleep } from 'k6';\n";

/** One TypeScript file, after the k6 imports. */
function tx(body: string): string {
  const { code, errors } = program({ 'main.ts': HEAD + body });
  expect(errors).toEqual([]);
  return code['main.ts']!.slice(HEAD.length);
}

function refusals(body: string): string[] {
  const { errors } = program({ 'main.ts': HEAD + body });
  return errors.map((e) => `${e.file}:${e.line}:${e.column + 1}: ${e.text}`);
}

describe('primitives', () => {
  it('awaits requests and sleep, and makes the function async', () => {
    expect(tx('export default function () {\n  const res = http.get(u);\n  check(res, { ok: (r) => r.status === 200 });\n  sleep(1);\n}\n')).toBe(
      'export default async function () {\n  const res = (await http.get(u));\n  check(res, { ok: (r) => r.status === 200 });\n  (await sleep(1));\n}\n',
    );
  });

  it('recognises named, renamed, namespace and default imports of k6/http, llmload/http, k6 and llmload', () => {
    const src =
      "import { get, post as send, batch } from 'k6/http';\nimport * as h from 'llmload/http';\nimport k6, { sleep as nap } from 'llmload';\nimport * as core from 'k6';\n" +
      'export function f() { get(a); send(a, b); batch([a]); h.request("GET", a); h.del(a); h.head(a); h.put(a); h.patch(a); h.options(a); nap(1); k6.sleep(1); core.sleep(1); }\n';
    const { code } = program({ 'main.ts': src });
    expect(code['main.ts']).toBe(
      src.replace(
        'export function f() { get(a); send(a, b); batch([a]); h.request("GET", a); h.del(a); h.head(a); h.put(a); h.patch(a); h.options(a); nap(1); k6.sleep(1); core.sleep(1); }',
        'export async function f() { (await get(a)); (await send(a, b)); (await batch([a])); (await h.request("GET", a)); (await h.del(a)); (await h.head(a)); (await h.put(a)); (await h.patch(a)); (await h.options(a)); (await nap(1)); (await k6.sleep(1)); (await core.sleep(1)); }',
      ),
    );
  });

  it('leaves asyncRequest, llmload/openai, other module calls and unrelated methods alone', () => {
    const src =
      "import http from 'k6/http';\nimport { client } from 'llmload/openai';\nimport { check } from 'k6';\nconst c = client({});\n" +
      'export function f() { const p = http.asyncRequest("GET", a); c.chat({}); check(1, {}); http.url`x`; JSON.parse("1"); new Map().get(1); }\n';
    const { changed } = program({ 'main.ts': src });
    expect(changed).toEqual([]);
  });

  it('parenthesises the awaited call inside chains, templates and arguments', () => {
    expect(
      tx('export function f() {\n  const t = http.get(u).json().token;\n  console.log(`${http.get(u).body}`, http.post(u, { a: http.get(v).status }));\n}\n'),
    ).toBe(
      'export async function f() {\n  const t = (await http.get(u)).json().token;\n  console.log(`${(await http.get(u)).body}`, (await http.post(u, { a: (await http.get(v)).status })));\n}\n',
    );
  });

  it('leaves init code (top level) alone', () => {
    const src = 'const r = http.get(u);\nsleep(1);\nexport default function () {}\n';
    expect(tx(src)).toBe(src);
  });

  it('puts a ";" before a "(" that would continue the previous statement', () => {
    expect(tx('export function f() {\n  const a = 1\n  http.get(u).json()\n  sleep(1);\n  if (a) http.get(u)\n}\n')).toBe(
      'export async function f() {\n  const a = 1\n  ;(await http.get(u)).json()\n  ;(await sleep(1));\n  if (a) (await http.get(u))\n}\n',
    );
  });
});

describe('propagation through the call graph', () => {
  it('declarations, const arrows, function expressions, several levels, recursion', () => {
    const src =
      'function login() { return http.post(u); }\n' +
      'const token = () => login().json().t;\n' +
      'const fetch2 = function () { return token(); };\n' +
      'function rec(n) { if (n > 0) rec(n - 1); sleep(0); }\n' +
      'function pure(n) { return n > 0 ? pure(n - 1) : 0; }\n' +
      'export default function () { fetch2(); rec(2); pure(2); }\n';
    expect(tx(src)).toBe(
      'async function login() { return (await http.post(u)); }\n' +
        'const token = async () => (await login()).json().t;\n' +
        'const fetch2 = async function () { return (await token()); };\n' +
        'async function rec(n) { if (n > 0) (await rec(n - 1)); (await sleep(0)); }\n' +
        'function pure(n) { return n > 0 ? pure(n - 1) : 0; }\n' +
        'export default async function () { (await fetch2()); (await rec(2)); pure(2); }\n',
    );
  });

  it('loops, try/finally, switch and nested blocks', () => {
    const src =
      'export function f(xs) {\n' +
      '  for (let i = 0; i < 3; i++) http.get(u);\n' +
      '  for (const x of xs) { while (x) { sleep(1); } }\n' +
      '  try { http.get(u); } catch (e) { http.get(e); } finally { sleep(1); }\n' +
      '  switch (xs.length) { case 1: http.get(u); break; default: { const g = () => 1; } }\n' +
      '}\n';
    expect(tx(src)).toBe(
      'export async function f(xs) {\n' +
        '  for (let i = 0; i < 3; i++) (await http.get(u));\n' +
        '  for (const x of xs) { while (x) { (await sleep(1)); } }\n' +
        '  try { (await http.get(u)); } catch (e) { (await http.get(e)); } finally { (await sleep(1)); }\n' +
        '  switch (xs.length) { case 1: (await http.get(u)); break; default: { const g = () => 1; } }\n' +
        '}\n',
    );
  });

  it('follows shadowing: a local binding named like a transformed function is not it', () => {
    const src = 'function load() { http.get(u); }\nexport function f(load) { load(); }\nexport function g() { const load = () => 1; load(); }\n';
    expect(tx(src)).toBe(
      'async function load() { (await http.get(u)); }\nexport function f(load) { load(); }\nexport function g() { const load = () => 1; load(); }\n',
    );
  });

  it('.call, .apply, .bind and IIFEs', () => {
    const src =
      'function step(n) { sleep(n); }\n' +
      'const bound = step.bind(null);\n' +
      'export function f() {\n  step.call(null, 1);\n  step.apply(null, [1]);\n  bound(2);\n  (function () { http.get(u); })();\n  (() => http.get(u))();\n}\n';
    expect(tx(src)).toBe(
      'async function step(n) { (await sleep(n)); }\n' +
        'const bound = step.bind(null);\n' +
        'export async function f() {\n  (await step.call(null, 1));\n  (await step.apply(null, [1]));\n  (await bound(2));\n  (await (async function () { (await http.get(u)); })());\n  (await (async () => (await http.get(u)))());\n}\n',
    );
  });

  it('optional chaining: the awaited call keeps the chain short-circuiting', () => {
    const src =
      'const api = { send() { return http.get(u); } };\nexport function f(a) {\n  const s = api.send?.().status;\n  a?.b?.send().body?.length;\n  return http.get?.(u)["status"];\n}\n';
    expect(tx(src)).toBe(
      'const api = { async send() { return (await http.get(u)); } };\nexport async function f(a) {\n  const s = (await api.send?.())?.status;\n  (await a?.b?.send())?.body?.length;\n  return (await http.get?.(u))?.["status"];\n}\n',
    );
  });
});

describe('higher-order functions and callbacks', () => {
  it('a call that passes an async function is awaited (group, user helpers)', () => {
    expect(
      tx(
        "export default function () {\n  group('g', function () { const r = http.get(u); check(r, { ok: (x) => x.status === 200 }); });\n  group('h', () => { check(1, {}); });\n}\n",
      ),
    ).toBe(
      "export default async function () {\n  (await group('g', async function () { const r = (await http.get(u)); check(r, { ok: (x) => x.status === 200 }); }));\n  group('h', () => { check(1, {}); });\n}\n",
    );
  });

  it('a parameter that receives an async function makes its calls blocking (withRetry)', () => {
    const src =
      'function withRetry(fn, n = 3) {\n  for (let i = 0; i < n; i++) { try { const r = fn(); if (r.status === 200) return r; } catch (e) {} }\n}\n' +
      'function twice(f) { withRetry(f); return f.call(null); }\n' +
      'function plain(fn) { return fn(); }\n' +
      'export default function () { withRetry(() => http.get(u)); twice(() => sleep(1)); plain(() => 1); }\n';
    expect(tx(src)).toBe(
      'async function withRetry(fn, n = 3) {\n  for (let i = 0; i < n; i++) { try { const r = (await fn()); if (r.status === 200) return r; } catch (e) {} }\n}\n' +
        'async function twice(f) { (await withRetry(f)); return (await f.call(null)); }\n' +
        'function plain(fn) { return fn(); }\n' +
        'export default async function () { (await withRetry(async () => (await http.get(u)))); (await twice(async () => (await sleep(1)))); plain(() => 1); }\n',
    );
  });

  it('every array method with an async callback goes through the sequential helpers', () => {
    const methods = ['forEach', 'map', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap'];
    const body = methods.map((m) => `  xs.${m}((x) => http.get(x), ctx);\n`).join('');
    const out = methods.map((m) => `  (await __llmloadSync.${m}(xs, async (x) => (await http.get(x)), ctx));\n`).join('');
    expect(tx(`export function f(xs, ctx) {\n${body}}\n`)).toBe(`export async function f(xs, ctx) {\n${out}}\n`);
  });

  it('reduce/reduceRight (with and without initial value), chains, optional receivers, user-awaited calls', () => {
    const src =
      'export function f(xs) {\n' +
      '  const sum = xs.reduce((a, x) => a + http.get(x).status, 0);\n' +
      '  const last = xs.reduceRight((a, x) => { sleep(1); return x; });\n' +
      '  const ok = [1, 2].map((i) => http.get(`/${i}`)).filter((r) => r.status === 200).length;\n' +
      '  xs?.forEach((x) => sleep(x));\n' +
      '  xs["map"]((x) => sleep(x));\n' +
      '}\n' +
      'export async function g(xs) { await xs.forEach((x) => { sleep(x); }); }\n';
    expect(tx(src)).toBe(
      'export async function f(xs) {\n' +
        '  const sum = (await __llmloadSync.reduce(xs, async (a, x) => a + (await http.get(x)).status, 0));\n' +
        '  const last = (await __llmloadSync.reduceRight(xs, async (a, x) => { (await sleep(1)); return x; }));\n' +
        '  const ok = (await __llmloadSync.map([1, 2], async (i) => (await http.get(`/${i}`)))).filter((r) => r.status === 200).length;\n' +
        '  (await __llmloadSync.optional.forEach(xs, async (x) => (await sleep(x))));\n' +
        '  (await __llmloadSync.map(xs, async (x) => (await sleep(x))));\n' +
        '}\n' +
        'export async function g(xs) { await __llmloadSync.forEach(xs, async (x) => { (await sleep(x)); }); }\n',
    );
  });

  it('a named async callback passed by reference is recognised too', () => {
    const src = 'function visit(u) { return http.get(u); }\nexport function f(us) { return us.map(visit); }\n';
    expect(tx(src)).toBe(
      'async function visit(u) { return (await http.get(u)); }\nexport async function f(us) { return (await __llmloadSync.map(us, visit)); }\n',
    );
  });
});

describe('code written with async/await', () => {
  it('keeps primitives un-awaited (concurrency) but awaits transformed functions', () => {
    const src =
      'function login() { return http.post(u).json(); }\n' +
      'export default async function () {\n' +
      '  const [a, b] = await Promise.all([http.get(x), http.get(y)]);\n' +
      '  const p = http.get(z);\n' +
      '  const t = login();\n' +
      '  await login();\n' +
      '  await Promise.all([login(), login()]);\n' +
      '  await Promise.all(us.map((q) => http.get(q)));\n' +
      '  const ps = us.map((q) => { return http.get(q); });\n' +
      '  http.get(u).then((r) => r.status);\n' +
      '  us.forEach((q) => { const r = http.get(q); check(r, {}); });\n' +
      '}\n';
    expect(tx(src)).toBe(
      'async function login() { return (await http.post(u)).json(); }\n' +
        'export default async function () {\n' +
        '  const [a, b] = await Promise.all([http.get(x), http.get(y)]);\n' +
        '  const p = http.get(z);\n' +
        '  const t = (await login());\n' +
        '  await login();\n' +
        '  await Promise.all([login(), login()]);\n' +
        '  await Promise.all(us.map((q) => http.get(q)));\n' +
        '  const ps = us.map((q) => { return http.get(q); });\n' +
        '  http.get(u).then((r) => r.status);\n' +
        '  (await __llmloadSync.forEach(us, async (q) => { const r = (await http.get(q)); check(r, {}); }));\n' +
        '}\n',
    );
  });

  it('leaves a fully async script untouched', () => {
    const src =
      "export default async function () {\n  await group('g', async () => {\n    const r = await http.get(u);\n    check(r, {});\n  });\n  await sleep(0.1);\n}\n";
    const { changed } = program({ 'main.ts': HEAD + src });
    expect(changed).toEqual([]);
  });
});

describe('classes and object literals', () => {
  it('methods, this.m(), instances, statics, private methods, arrow fields, computed keys, inheritance', () => {
    const src =
      'class Api {\n  constructor(private base: string) {}\n  login() { return http.post(this.base); }\n  flow() { this.login(); this.#p(); }\n  #p() { sleep(1); }\n  go = () => this.flow();\n  static ping() { http.head(u); }\n  ["x" + 1]() { sleep(1); }\n  name() { return "api"; }\n}\n' +
      'class Admin extends Api { all() { this.login(); } }\n' +
      'export default function () {\n  const a = new Api("b");\n  a.flow();\n  a.go();\n  Api.ping();\n  a.name();\n  const ad = new Admin("c");\n  ad.login();\n  ad.all();\n}\n';
    expect(tx(src)).toBe(
      'class Api {\n  constructor(private base: string) {}\n  async login() { return (await http.post(this.base)); }\n  async flow() { (await this.login()); (await this.#p()); }\n  async #p() { (await sleep(1)); }\n  go = async () => (await this.flow());\n  static async ping() { (await http.head(u)); }\n  async ["x" + 1]() { (await sleep(1)); }\n  name() { return "api"; }\n}\n' +
        'class Admin extends Api { async all() { (await this.login()); } }\n' +
        'export default async function () {\n  const a = new Api("b");\n  (await a.flow());\n  (await a.go());\n  (await Api.ping());\n  a.name();\n  const ad = new Admin("c");\n  (await ad.login());\n  (await ad.all());\n}\n',
    );
  });

  it('object literal methods and function-valued properties, this inside them, computed access', () => {
    const src =
      'const api = {\n  a() { http.get(u); },\n  b: function () { return this.a(); },\n  c: () => sleep(1),\n  d: 1,\n};\n' +
      'export function f(k) { api.b(); api.c(); api["a"](); api[k](); return api.d; }\n';
    expect(tx(src)).toBe(
      'const api = {\n  async a() { (await http.get(u)); },\n  b: async function () { return (await this.a()); },\n  c: async () => (await sleep(1)),\n  d: 1,\n};\n' +
        'export async function f(k) { (await api.b()); (await api.c()); (await api["a"]()); (await api[k]()); return api.d; }\n',
    );
  });

  it('unknown receivers match by member name; known non-user ones (new Map()) do not', () => {
    const src =
      'class Store { get2(k) { return http.get(k); } }\n' +
      'export function f(s, t) { s.get2(1); t.other(); const m = new Map(); m.get2(1); const arr = [1]; arr.get2(); this.x.get2(2); }\n';
    expect(tx(src)).toBe(
      'class Store { async get2(k) { return (await http.get(k)); } }\n' +
        'export async function f(s, t) { (await s.get2(1)); t.other(); const m = new Map(); m.get2(1); const arr = [1]; arr.get2(); (await this.x.get2(2)); }\n',
    );
  });
});

describe('across files', () => {
  it('named, default and namespace imports; re-exports (named, star, namespace); cycles', () => {
    const { code, errors, changed } = program({
      'main.ts':
        "import login, { flow } from './lib';\nimport * as lib from './lib';\nimport { viaStar, renamed, ns } from './re';\nimport { a } from './cyc1';\n" +
        'export default function () { login(); flow(); lib.flow(); lib.default(); viaStar(); renamed(); ns.flow(); a(2); }\n',
      'lib.ts':
        "import http from 'k6/http';\nexport default function login() { return http.post('/login'); }\nexport const flow = () => { login(); };\nexport function idle() {}\n",
      're.ts': "export * from './lib';\nexport { default as renamed } from './lib';\nexport * as ns from './lib';\nexport { viaStar } from './star';\n",
      'star.ts': "import { get } from 'llmload/http';\nexport function viaStar() { return get('/s'); }\n",
      'cyc1.ts': "import { b } from './cyc2';\nexport function a(n: number): void { if (n) b(n - 1); }\n",
      'cyc2.ts': "import { a } from './cyc1';\nimport { sleep } from 'llmload';\nexport function b(n: number): void { a(n); sleep(0.1); }\n",
      'untouched.ts': 'export const x = 1;\n',
    });
    expect(errors).toEqual([]);
    expect(changed.sort()).toEqual(['cyc1.ts', 'cyc2.ts', 'lib.ts', 'main.ts', 'star.ts']);
    expect(code['main.ts']!.split('\n')[4]).toBe(
      'export default async function () { (await login()); (await flow()); (await lib.flow()); (await lib.default()); (await viaStar()); (await renamed()); (await ns.flow()); (await a(2)); }',
    );
    expect(code['lib.ts']).toBe(
      "import http from 'k6/http';\nexport default async function login() { return (await http.post('/login')); }\nexport const flow = async () => { (await login()); };\nexport function idle() {}\n",
    );
    expect(code['cyc1.ts']).toBe("import { b } from './cyc2';\nexport async function a(n: number): void { if (n) (await b(n - 1)); }\n");
    expect(code['cyc2.ts']).toBe(
      "import { a } from './cyc1';\nimport { sleep } from 'llmload';\nexport async function b(n: number): void { (await a(n)); (await sleep(0.1)); }\n",
    );
  });

  it('default-exported object literals and classes from another file', () => {
    const { code } = program({
      'main.js': "import api from './api';\nimport { Client } from './client';\nexport default function () { api.login(); new Client().send(); }\n",
      'api.js': "import http from 'k6/http';\nexport default { login() { return http.post('/login'); } };\n",
      'client.js': "import { sleep } from 'k6';\nexport class Client { send() { sleep(1); } }\n",
    });
    expect(code['main.js']).toBe(
      "import api from './api';\nimport { Client } from './client';\nexport default async function () { (await api.login()); (await new Client().send()); }\n",
    );
    expect(code['api.js']).toBe("import http from 'k6/http';\nexport default { async login() { return (await http.post('/login')); } };\n");
  });

  it('CommonJS require of k6 modules', () => {
    const { code } = program({
      'main.js': "const http = require('k6/http');\nconst { sleep } = require('k6');\nmodule.exports = function () { http.get(u); sleep(1); };\n",
    });
    expect(code['main.js']).toBe(
      "const http = require('k6/http');\nconst { sleep } = require('k6');\nmodule.exports = async function () { (await http.get(u)); (await sleep(1)); };\n",
    );
  });
});

describe('TypeScript', () => {
  it('types, generics, as, satisfies, non-null, enums, interfaces, type-only imports, overloads', () => {
    const src =
      "import type { Response } from 'k6/http';\n" +
      'enum Kind { A = 1 }\ninterface P { u: string }\ntype R = { status: number };\n' +
      'function get<T>(p: P): T;\nfunction get<T>(p: P): T { return http.get(p.u).json() as T; }\n' +
      'const send = <T,>(p: P): R => (http.post(p.u) satisfies Response as unknown as R);\n' +
      'export default function (): void {\n  const v = get<{ a: number }>({ u: "x" })!.a;\n  const r = send<string>({ u: "y" })!;\n  const k: Kind = Kind.A;\n}\n';
    expect(tx(src)).toBe(
      "import type { Response } from 'k6/http';\n" +
        'enum Kind { A = 1 }\ninterface P { u: string }\ntype R = { status: number };\n' +
        'function get<T>(p: P): T;\nasync function get<T>(p: P): T { return (await http.get(p.u)).json() as T; }\n' +
        'const send = async <T,>(p: P): R => ((await http.post(p.u)) satisfies Response as unknown as R);\n' +
        'export default async function (): void {\n  const v = (await get<{ a: number }>({ u: "x" }))!.a;\n  const r = (await send<string>({ u: "y" }))!;\n  const k: Kind = Kind.A;\n}\n',
    );
  });

  it('leaves files that do not parse (decorators are not enabled) to esbuild', () => {
    const { changed, errors } = program({ 'main.ts': HEAD + 'class A { @dec m() { http.get(u); } }\n', 'b.js': HEAD + 'export default function ( {' });
    expect(changed).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('refusals', () => {
  it('report file:line:col with a hint where JavaScript cannot wait', () => {
    const src =
      'function* gen() { yield http.get(u); }\n' +
      'class K {\n' +
      '  x = http.get(u);\n' +
      '  constructor() { this.load(); }\n' +
      '  load() { sleep(1); }\n' +
      '  get v() { return http.get(u); }\n' +
      '  set v(x) { group("g", () => http.get(u)); }\n' +
      '  static { http.get(u); }\n' +
      '}\n' +
      'const o = { get w() { return http.get(u); } };\n' +
      'function dflt(r = http.get(u)) {}\n' +
      'function Legacy() { http.get(u); }\n' +
      'export default function () { new Legacy(); [3, 1].sort((a, b) => http.get(u).status); }\n';
    expect(refusals(src)).toEqual([
      'dir/main.ts:3:25: http.get() in a generator function is not supported: it waits for I/O, and making a generator async would change how it is iterated (make it a plain function, or an async generator used with for await)',
      'dir/main.ts:5:7: http.get() in a class field initialiser is not supported: it waits for I/O, and a field initialiser cannot be async (assign the field in a method)',
      'dir/main.ts:6:19: this.load() in a class constructor is not supported: it waits for I/O, and a constructor cannot be async (move the request into a method and call it after construction)',
      'dir/main.ts:8:20: http.get() in a getter is not supported: it waits for I/O, and a getter cannot be async (make it a method and call that)',
      'dir/main.ts:9:14: group() with a function that waits for I/O in a setter is not supported: it waits for I/O, and a setter cannot be async (make it a method and call that)',
      'dir/main.ts:10:12: http.get() in a class static block is not supported: it waits for I/O, and a static block cannot be async (move the request into a function)',
      'dir/main.ts:12:30: http.get() in a getter is not supported: it waits for I/O, and a getter cannot be async (make it a method and call that)',
      'dir/main.ts:13:19: http.get() in a default parameter value is not supported: it waits for I/O, and a default parameter value cannot be awaited (compute the value in the function body)',
      'dir/main.ts:15:30: calling Legacy with new is not supported: it waits for I/O, so it becomes an async function, which cannot construct (use a class, and make the request in a method)',
      'dir/main.ts:15:44: [3, 1].sort() with a function that waits for I/O is not supported: sort() calls its callback synchronously and cannot wait for it (make the requests first, e.g. in a for loop, then sort() the results)',
    ]);
  });

  it('callbacks that something calls synchronously: check(), sort/replace, Array.from, packages outside the program', () => {
    const { errors } = program({
      'main.ts':
        HEAD +
        "import _ from 'lodash';\nimport { times } from 'lodash';\n" +
        'class Store { get(k) { return http.get(k); } }\n' +
        'export default function (res) {\n' +
        "  check(res, { 'a': (r) => r.status === 200, b(r) { return http.get(u).status === 200; }, 'c': (r) => r.headers.get('x') });\n" +
        '  "a".replace(/a/, () => http.get(u).body);\n' +
        '  Array.from([1], () => http.get(u));\n' +
        '  _.map([1], () => sleep(1));\n' +
        '  times(2, () => sleep(1));\n' +
        '  _.map([1], async () => { await sleep(1); });\n' +
        '}\n',
    });
    expect(errors.map((e) => `${e.line}:${e.column + 1}: ${e.text}`)).toEqual([
      '7:46: a check that waits for I/O is not supported: check() calls its functions synchronously and would see a promise, not the result (make the request before check() and check its result)',
      '8:3: "a".replace() with a function that waits for I/O is not supported: replace() calls its callback synchronously and cannot wait for it (make the requests first, e.g. in a for loop, then replace() the results)',
      '9:3: Array.from() with a function that waits for I/O is not supported: Array.from() calls its map function synchronously and cannot wait for it (use Array.from(list).map(fn): map waits for each call)',
      '10:3: _.map() with a function that waits for I/O is not supported: map comes from a package that does not use llmload, so it would get a promise instead of the result (make the requests in your own code, e.g. in a for loop; or write the function as async if the package awaits it)',
      '11:3: times() with a function that waits for I/O is not supported: times comes from a package that does not use llmload, so it would get a promise instead of the result (make the requests in your own code, e.g. in a for loop; or write the function as async if the package awaits it)',
    ]);
  });

  it('a helper in a file without k6 imports that is handed a blocking function awaits it', () => {
    const { code } = program({
      'main.ts': "import http from 'k6/http';\nimport { retry } from './util';\nexport default function () { return retry(() => http.get('/x')).status; }\n",
      'util.ts':
        'export function retry<T>(fn: () => T, n = 3): T {\n  for (let i = 1; ; i++) {\n    try { return fn(); } catch (e) { if (i >= n) throw e; }\n  }\n}\n',
    });
    expect(code['main.ts']).toBe(
      "import http from 'k6/http';\nimport { retry } from './util';\nexport default async function () { return (await retry(async () => (await http.get('/x')))).status; }\n",
    );
    expect(code['util.ts']).toBe(
      'export async function retry<T>(fn: () => T, n = 3): T {\n  for (let i = 1; ; i++) {\n    try { return (await fn()); } catch (e) { if (i >= n) throw e; }\n  }\n}\n',
    );
  });

  it('columns count bytes, as esbuild does', () => {
    const { errors } = program({ 'main.ts': HEAD + 'class K { constructor() { const é = "ü"; http.get(u); } }\n' });
    expect(errors.map((e) => [e.line, e.column, e.lineText])).toEqual([[3, 43, 'class K { constructor() { const é = "ü"; http.get(u); } }']]);
  });

  it('async generators may wait: transformed calls get await there', () => {
    expect(tx('function load() { return http.get(u); }\nexport async function* g() { yield load(); }\n')).toBe(
      'async function load() { return (await http.get(u)); }\nexport async function* g() { yield (await load()); }\n',
    );
  });
});
