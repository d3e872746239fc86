import type { RawGroups } from '../metrics/groups.js';
import type { RawLlmStats } from './llm-state.js';
import { RAW_STATE_VERSION, type RawMetricState, type RawState } from './raw-state.js';

/** A shape error: the caller names the file or the sender. */
export class RawShapeError extends Error {}

type Obj = Record<string, unknown>;

const TYPES = new Set(['counter', 'gauge', 'rate', 'trend']);
const CONTAINS = new Set(['default', 'time', 'data']);

/**
 * Checks that `value` is a RawState of this version (structure and every
 * number), so a wrong file cannot produce wrong numbers. Throws a
 * RawShapeError saying what is wrong.
 */
export function checkRawState(value: unknown): RawState {
  const o = obj(value, 'the state');
  if (o.version !== RAW_STATE_VERSION) {
    throw new RawShapeError(`version ${JSON.stringify(o.version)} is not supported (this llmload reads version ${RAW_STATE_VERSION})`);
  }
  const metrics = obj(o.metrics, '"metrics"');
  for (const [key, m] of Object.entries(metrics)) checkMetric(key, m);
  checkGroups(o.groups);
  if (o.llm !== undefined) checkLlm(o.llm);
  num(o.testRunDurationMs, '"testRunDurationMs"');
  if (o.window !== undefined) {
    const w = obj(o.window, '"window"');
    num(w.start, '"window.start"');
    num(w.end, '"window.end"');
  }
  return value as RawState;
}

function checkMetric(key: string, value: unknown): void {
  const m = obj(value, `metric "${key}"`) as Partial<RawMetricState> & Obj;
  if (typeof m.type !== 'string' || !TYPES.has(m.type)) throw new RawShapeError(`metric "${key}": unknown type ${JSON.stringify(m.type)}`);
  if (typeof m.contains !== 'string' || !CONTAINS.has(m.contains)) throw new RawShapeError(`metric "${key}": unknown contains ${JSON.stringify(m.contains)}`);
  if (m.state === null) return;
  const s = obj(m.state, `metric "${key}" state`);
  const at = (f: string) => `metric "${key}" ${f}`;
  switch (m.type) {
    case 'counter':
      num(s.count, at('count'));
      break;
    case 'rate':
      count(s.passes, at('passes'));
      count(s.fails, at('fails'));
      break;
    case 'gauge':
      for (const f of ['value', 'min', 'max', 'time']) num(s[f], at(f));
      break;
    case 'trend':
      count(s.count, at('count'));
      for (const f of ['sum', 'min', 'max']) num(s[f], at(f));
      if (typeof s.pos !== 'string') throw new RawShapeError(`${at('pos')}: expected a compressed histogram (base64)`);
      if (s.neg !== undefined && typeof s.neg !== 'string') throw new RawShapeError(`${at('neg')}: expected a compressed histogram (base64)`);
      break;
  }
}

function checkGroups(value: unknown): void {
  const g = obj(value, '"groups"') as Partial<RawGroups> & Obj;
  if (!Array.isArray(g.groups) || g.groups.some((p) => typeof p !== 'string')) throw new RawShapeError('"groups.groups" must be a list of group paths');
  if (!Array.isArray(g.checks)) throw new RawShapeError('"groups.checks" must be a list');
  for (const c of g.checks as unknown[]) {
    if (!Array.isArray(c) || c.length !== 4 || typeof c[0] !== 'string' || typeof c[1] !== 'string') {
      throw new RawShapeError('"groups.checks" entries must be [group path, check name, passes, fails]');
    }
    count(c[2], `check "${c[1]}" passes`);
    count(c[3], `check "${c[1]}" fails`);
  }
}

function checkLlm(value: unknown): void {
  const l = obj(value, '"llm"') as Partial<RawLlmStats> & Obj;
  for (const f of ['requests', 'ok', 'good', 'promptTokens', 'outputTokens', 'cancelled', 'retries']) count(l[f], `"llm.${f}"`);
  if (typeof l.reasoning !== 'boolean') throw new RawShapeError('"llm.reasoning" must be a boolean');
  for (const [type, n] of Object.entries(obj(l.errors, '"llm.errors"'))) count(n, `"llm.errors.${type}"`);
  const d = obj(l.tokenDiff, '"llm.tokenDiff"');
  for (const f of ['compared', 'differing', 'fewer', 'more', 'clientTokens', 'serverTokens', 'min', 'max']) num(d[f], `"llm.tokenDiff.${f}"`);
  if (l.window !== undefined) {
    const w = obj(l.window, '"llm.window"');
    num(w.first, '"llm.window.first"');
    num(w.last, '"llm.window.last"');
  }
}

function obj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RawShapeError(`${what} must be an object`);
  return v as Obj;
}

function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RawShapeError(`${what} must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

/** A tally: a whole number ≥ 0 (a push's delta of one too). */
function count(v: unknown, what: string): number {
  const n = num(v, what);
  if (n < 0 || !Number.isInteger(n)) throw new RawShapeError(`${what} must be a whole number ≥ 0, got ${n}`);
  return n;
}
