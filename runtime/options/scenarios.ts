import { invalidOption } from '../errors.js';
import { parseCancel } from './cancel.js';
import { parseDuration } from './duration.js';
import type { ResolveContext } from './resolve.js';
import type { RawOptions, ResolvedScenario } from './types.js';

const COMMON_KEYS = ['executor', 'startTime', 'gracefulStop', 'exec', 'env', 'tags', 'cancel'];
const NAME_RE = /^[0-9a-zA-Z_-]+$/;

/**
 * Turns options into validated scenarios: `options.scenarios` as written, or
 * k6's shortcuts (iterations → shared-iterations, duration → constant-vus,
 * stages → ramping-vus, nothing → one iteration on one VU) as scenario "default".
 */
export function deriveScenarios(raw: RawOptions, rctx: ResolveContext): ResolvedScenario[] {
  const src = (k: string) => rctx.sources[k] ?? 'options';
  let written: Record<string, Record<string, unknown>>;
  if (raw.scenarios !== undefined) {
    if (typeof raw.scenarios !== 'object' || raw.scenarios === null || Array.isArray(raw.scenarios)) {
      throw invalidOption(`${src('scenarios')}: option "scenarios"`, 'must be an object of named scenarios');
    }
    written = raw.scenarios;
    if (raw.vus !== undefined) {
      throw invalidOption(
        `${src('vus')}: option "vus"`,
        'cannot be combined with "scenarios": set vus in each scenario, or replace the scenarios with -d/-i/-s',
      );
    }
    if (Object.keys(written).length === 0) throw invalidOption(`${src('scenarios')}: option "scenarios"`, 'has no scenarios');
  } else {
    written = { default: shortcutScenario(raw, src) };
  }
  return Object.entries(written).map(([name, body]) => validateScenario(name, body, rctx));
}

function shortcutScenario(raw: RawOptions, src: (k: string) => string): Record<string, unknown> {
  const vus = raw.vus;
  if (raw.iterations !== undefined) {
    const s: Record<string, unknown> = { executor: 'shared-iterations', iterations: raw.iterations, vus: vus ?? 1 };
    if (raw.duration !== undefined) s.maxDuration = raw.duration;
    return s;
  }
  if (raw.stages !== undefined) {
    return { executor: 'ramping-vus', startVUs: vus ?? 1, stages: raw.stages };
  }
  if (raw.duration !== undefined) {
    const ms = parseDuration(raw.duration, `${src('duration')}: option "duration"`);
    if (ms === 0) throw invalidOption(`${src('duration')}: option "duration"`, 'must be more than 0');
    return { executor: 'constant-vus', vus: vus ?? 1, duration: raw.duration };
  }
  return { executor: 'shared-iterations', vus: vus ?? 1, iterations: 1 };
}

function validateScenario(name: string, body: Record<string, unknown>, rctx: ResolveContext): ResolvedScenario {
  const where = `scenario "${name}"`;
  if (!NAME_RE.test(name)) throw invalidOption(where, 'name may only contain letters, digits, "_" and "-"');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidOption(where, 'must be an object');
  if (typeof body.executor !== 'string' || body.executor === '') {
    throw invalidOption(where, 'option "executor" is required (e.g. "constant-vus")');
  }
  const executor = rctx.executors.get(body.executor, where);
  const own: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!COMMON_KEYS.includes(k)) own[k] = v;
  const config = executor.validate(own, { scenario: name, cwd: rctx.cwd });
  const exec = body.exec ?? 'default';
  if (typeof exec !== 'string' || exec === '') throw invalidOption(where, 'option "exec" must be the name of an exported function');
  return {
    name,
    executor: executor.name,
    startTime: body.startTime === undefined ? 0 : parseDuration(body.startTime, `${where}: option "startTime"`),
    gracefulStop: body.gracefulStop === undefined ? 30_000 : parseDuration(body.gracefulStop, `${where}: option "gracefulStop"`),
    exec,
    env: strings(body.env, `${where}: option "env"`),
    tags: strings(body.tags, `${where}: option "tags"`),
    cancel: parseCancel(body.cancel, where),
    config,
  };
}

function strings(v: unknown, where: string): Record<string, string> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidOption(where, 'must be an object of strings');
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = String(x);
  return out;
}
