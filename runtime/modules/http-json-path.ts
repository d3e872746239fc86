/**
 * `res.json(selector)`: the part of GJSON's path syntax (github.com/tidwall/gjson,
 * what k6 uses) that scripts use to pick values out of a response:
 *
 * - `a.b.c`: keys; `\.`, `\*`, `\?` escape those characters in a key
 * - `items.1`: an array element; `items.#`: an array's length
 * - `items.#.name`: `name` of every element (elements without it are skipped)
 * - `*` and `?` in a key: the first key that matches (document order)
 * - `items.#(name=="x")`: the first element matching; `items.#(age>40)#`: all of them;
 *   operators `==` (or `=`), `!=`, `<`, `<=`, `>`, `>=`, `%` (wildcard match), `!%`;
 *   values: "string", number, true, false, null; `#(key)`: elements that have `key`;
 *   `#(=="x")` compares the element itself
 *
 * Not supported (a TypeError says so): modifiers (`@reverse`), pipes (`|`),
 * multipaths (`[a,b]`, `{a,b}`), JSON Lines (`..`). No match gives undefined.
 */

const NONE = Symbol('none');
type Found = unknown | typeof NONE;

/** The value at `path` in `root` (parsed JSON), or undefined. */
export function selectJson(root: unknown, path: string): unknown {
  if (path.startsWith('..') || path.startsWith('[') || path.startsWith('{')) unsupported(path, 'multipaths and JSON Lines');
  const r = walk(root, split(path), 0, path);
  return r === NONE ? undefined : r;
}

function unsupported(path: string, what: string): never {
  throw new TypeError(`res.json(): selector "${path}" uses ${what}, which llmload does not support (see types/http.d.ts for the supported GJSON syntax)`);
}

/** Path components, split on unescaped dots outside `#(...)`; escapes are kept for key matching. */
function split(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < path.length; i++) {
    const ch = path[i]!;
    if (ch === '\\') {
      cur += ch + (path[++i] ?? '');
    } else if (inString) {
      cur += ch;
      if (ch === '"') inString = false;
    } else if (depth > 0) {
      if (ch === '"') inString = true;
      else if (ch === '(') depth++;
      else if (ch === ')') depth--;
      cur += ch;
    } else if (ch === '.') {
      out.push(cur);
      cur = '';
    } else {
      if (ch === '|') unsupported(path, 'pipes');
      if (ch === '@' && cur === '') unsupported(path, 'modifiers');
      if (ch === '(' && cur === '#') depth++;
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

function walk(v: unknown, comps: string[], i: number, path: string): Found {
  if (i === comps.length) return v;
  const c = comps[i]!;
  if (c === '#') {
    if (!Array.isArray(v)) return NONE;
    if (i === comps.length - 1) return v.length;
    return collect(v, comps, i + 1, path);
  }
  if (c.startsWith('#(')) return query(v, c, comps, i, path);
  if (Array.isArray(v)) return /^\d+$/.test(c) && Number(c) < v.length ? walk(v[Number(c)], comps, i + 1, path) : NONE;
  if (typeof v !== 'object' || v === null) return NONE;
  const obj = v as Record<string, unknown>;
  if (hasWildcard(c)) {
    const re = wildcard(c);
    for (const k of Object.keys(obj)) if (re.test(k)) return walk(obj[k], comps, i + 1, path);
    return NONE;
  }
  const key = c.replace(/\\(.)/g, '$1');
  return Object.hasOwn(obj, key) ? walk(obj[key], comps, i + 1, path) : NONE;
}

/** The rest of the path applied to every element; elements it does not match are left out. */
function collect(items: unknown[], comps: string[], from: number, path: string): unknown[] {
  const out: unknown[] = [];
  for (const el of items) {
    const r = walk(el, comps, from, path);
    if (r !== NONE) out.push(r);
  }
  return out;
}

/** `#(cond)` (first match) or `#(cond)#` (all matches). */
function query(v: unknown, c: string, comps: string[], i: number, path: string): Found {
  if (!Array.isArray(v)) return NONE;
  const all = c.endsWith(')#');
  const body = c.slice(2, all ? -2 : -1);
  const test = condition(body, path);
  if (all) {
    const hits = v.filter(test);
    return i === comps.length - 1 ? hits : collect(hits, comps, i + 1, path);
  }
  const hit = v.find(test);
  return hit === undefined ? NONE : walk(hit, comps, i + 1, path);
}

const OPS = ['==', '!=', '<=', '>=', '!%', '<', '>', '%', '='] as const;

function condition(body: string, path: string): (el: unknown) => boolean {
  let at = -1;
  let op = '';
  for (let k = 0; k < body.length && at < 0; k++) {
    if (body[k] === '"' || body[k] === '\\') break;
    op = OPS.find((o) => body.startsWith(o, k)) ?? '';
    if (op) at = k;
  }
  const keyPath = (at < 0 ? body : body.slice(0, at)).trim();
  const get = (el: unknown): Found => (keyPath === '' ? el : walk(el, split(keyPath), 0, path));
  if (at < 0) return (el) => get(el) !== NONE;
  const raw = body.slice(at + op.length).trim();
  let want: unknown;
  try {
    want = JSON.parse(raw);
  } catch {
    unsupported(path, `the query value ${raw} (use "string", a number, true, false or null)`);
  }
  return (el) => compare(get(el), op, want);
}

function compare(a: unknown, op: string, b: unknown): boolean {
  if (a === NONE) return false;
  if (op === '%' || op === '!%') return typeof a === 'string' && typeof b === 'string' && wildcard(b).test(a) === (op === '%');
  if (op === '==' || op === '=') return a === b;
  if (op === '!=') return a !== b;
  if (typeof a !== typeof b || (typeof a !== 'string' && typeof a !== 'number')) return false;
  const x = a as number | string;
  const y = b as number | string;
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

function hasWildcard(c: string): boolean {
  return /(^|[^\\])[*?]/.test(c);
}

/** A GJSON pattern (`*` any run, `?` one character, `\` escapes) as an anchored RegExp. */
function wildcard(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') re += (pattern[++i] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '*') re += '[\\s\\S]*';
    else if (ch === '?') re += '[\\s\\S]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
