import type { RunOptions } from './types.js';

/**
 * run()'s arguments, checked before anything starts: a wrong type is a
 * programmer error, so run() rejects with a TypeError naming the option
 * (a failing run resolves, with its exit code).
 */
export function checkRunOptions(o: unknown): asserts o is RunOptions {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new TypeError('run(options): options must be an object, e.g. run({ script: "test.ts" })');
  const r = o as Record<string, unknown>;
  const s = r.script;
  const inline = typeof s === 'object' && s !== null && typeof (s as { source?: unknown }).source === 'string';
  if (!(typeof s === 'string' && s !== '') && !inline) throw new TypeError('run(options): "script" must be a path or { source: string }');
  if (inline) optional(r.script as Record<string, unknown>, 'filename', 'string', 'script.filename');
  if (r.options !== undefined && !isPlainObject(r.options)) throw new TypeError('run(options): "options" must be an object of llmload options');
  if (r.env !== undefined && (!isPlainObject(r.env) || Object.values(r.env).some((v) => typeof v !== 'string'))) {
    throw new TypeError('run(options): "env" must be an object of strings');
  }
  if (r.mock !== undefined && typeof r.mock !== 'boolean' && !isPlainObject(r.mock))
    throw new TypeError('run(options): "mock" must be a boolean or an object of mock settings');
  stringList(r.outputs, 'outputs');
  stringList(r.summaryTrendStats, 'summaryTrendStats');
  optional(r, 'summaryExport', 'string');
  optional(r, 'summaryExportRaw', 'string');
  optional(r, 'cwd', 'string');
  optional(r, 'quiet', 'boolean');
  optional(r, 'systemEnv', 'boolean');
  optional(r, 'onProgress', 'function');
  optional(r, 'threads', 'number');
  if (r.signal !== undefined && !(r.signal instanceof AbortSignal)) throw new TypeError('run(options): "signal" must be an AbortSignal');
  if (r.plugins !== undefined && (!Array.isArray(r.plugins) || r.plugins.some((p) => typeof p !== 'string' && (typeof p !== 'object' || p === null)))) {
    throw new TypeError('run(options): "plugins" must be a list of package names, paths or plugin objects');
  }
}

function optional(r: Record<string, unknown>, key: string, type: 'string' | 'boolean' | 'function' | 'number', name = key): void {
  if (r[key] !== undefined && typeof r[key] !== type) throw new TypeError(`run(options): "${name}" must be a ${type}`);
}

function stringList(v: unknown, name: string): void {
  if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) throw new TypeError(`run(options): "${name}" must be a list of strings`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * isolated-vm, which runs the scripts, crashes Node ≥ 20 started with its
 * startup snapshot (the CLI's bin passes the flag itself): refuse clearly
 * instead of a segfault later.
 */
export function checkNodeFlags(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) return;
  if (process.execArgv.includes('--no-node-snapshot') || /(^|\s)--no-node-snapshot(\s|$)/.test(process.env.NODE_OPTIONS ?? '')) return;
  throw new Error(
    'llmload/api runs scripts in isolated-vm, which needs Node started with --no-node-snapshot: ' +
      'node --no-node-snapshot …, NODE_OPTIONS=--no-node-snapshot, or in Vitest: ' +
      "test: { pool: 'forks', poolOptions: { forks: { execArgv: ['--no-node-snapshot'] } } }",
  );
}
