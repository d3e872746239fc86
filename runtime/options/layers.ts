import { invalidOption } from '../errors.js';
import type { RawOptions } from './types.js';

/** One source of options, lowest precedence first: defaults < config < script < env < flags. */
export interface OptionLayer {
  /** For messages: 'config file "x.json"', 'script options', 'LLMLOAD_* environment', 'command-line flags'. */
  source: string;
  options: RawOptions;
  /** Per-key sources when they differ within the layer (e.g. the environment variable that set each option). */
  sources?: Record<string, string>;
}

const SHORTCUTS = ['duration', 'iterations', 'stages'] as const;

/**
 * Merges layers as k6 does: later layers win key by key, and the execution
 * shortcuts (duration / iterations / stages) of a higher layer replace the
 * `scenarios` of lower ones and vice versa, so `-d 30s` overrides a script's
 * scenarios instead of mixing with them.
 */
export function mergeLayers(layers: OptionLayer[]): { options: RawOptions; sources: Record<string, string> } {
  const options: RawOptions = {};
  const sources: Record<string, string> = {};
  for (const { source, options: layer, sources: keySources } of layers) {
    const present = (k: string) => layer[k] !== undefined;
    const shortcutKeys = SHORTCUTS.filter(present);
    if (shortcutKeys.length > 0 && present('scenarios')) {
      throw invalidOption(source, `"scenarios" cannot be combined with the shortcut "${shortcutKeys[0]}"; use one or the other`);
    }
    if (shortcutKeys.length > 1) {
      throw invalidOption(source, `using multiple execution config shortcuts (${shortcutKeys.join(' and ')}) simultaneously is not allowed`);
    }
    if (shortcutKeys.length > 0) {
      for (const k of [...SHORTCUTS, 'scenarios']) delete options[k];
    }
    if (present('scenarios')) {
      for (const k of [...SHORTCUTS, 'vus']) delete options[k];
    }
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined) continue;
      if (k === 'tags' || k === 'thresholds') {
        options[k] = { ...(options[k] as object | undefined), ...(v as object) } as never;
      } else if (k === 'telemetry') {
        options[k] = mergeTelemetry(options[k], v);
      } else if (k === 'waitFor') {
        options[k] = mergeWaitFor(options[k], v);
      } else {
        options[k] = v;
      }
      sources[k] = keySources?.[k] ?? source;
    }
  }
  return { options, sources };
}

/**
 * `telemetry` merges per source and per key, so `--gpu-telemetry URL` replaces
 * the script's dcgm URLs but keeps its interval (`url` and `urls` count as one
 * key); anything that is not an object is left for validation to reject.
 */
function mergeTelemetry(lower: unknown, higher: unknown): unknown {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObj(lower) || !isObj(higher)) return higher;
  const out: Record<string, unknown> = { ...lower };
  for (const [source, cfg] of Object.entries(higher)) {
    const below = out[source] === true ? {} : out[source];
    if (!isObj(below) || !isObj(cfg)) {
      out[source] = cfg;
      continue;
    }
    const merged = { ...below, ...cfg };
    // `url` and `urls` are one setting: the higher layer's spelling wins.
    if (cfg.urls !== undefined && cfg.url === undefined) delete merged.url;
    if (cfg.url !== undefined && cfg.urls === undefined) delete merged.urls;
    out[source] = merged;
  }
  return out;
}

/**
 * `waitFor` merges key by key, so `--wait-timeout 10m` keeps the script's
 * URL; the string shorthand is `{ url }`. Anything else is left for validation.
 */
function mergeWaitFor(lower: unknown, higher: unknown): unknown {
  const asObj = (x: unknown) => (typeof x === 'string' ? { url: x } : typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as object) : undefined);
  const below = asObj(lower);
  const above = asObj(higher);
  return below && above ? { ...below, ...above } : higher;
}
