import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceLocation } from '../plugin-api/output.js';
import type { ScriptBundle } from './bundle.js';
import { modulesDir } from './paths.js';

/** How far above the expression its metric key may be written (`llm_ttft: [\n 'p(95)<500',`). */
const KEY_LINES_ABOVE = 12;
/** A thresholds key opening its list: `llm_ttft: [`, `'http_req_duration{status:200}': [`. */
const KEY = /(['"`]?)([A-Za-z_]\w*(?:\{[^}]*\})?)\1\s*:\s*\[/g;

/**
 * Finds where a threshold is written in the user's sources, through the
 * bundle's source map (the user's files it lists, read when a threshold is
 * looked up; the map keeps no `sourcesContent`): the line of the expression's
 * string literal, preferring the one under its metric key. Undefined when the
 * map has no such literal (thresholds built at run time, config files).
 */
export function createThresholdLocator(bundle: ScriptBundle): (metric: string, expression: string) => SourceLocation | undefined {
  const map = bundle.map as unknown as { sources?: string[]; sourcesContent?: Array<string | null> };
  let sources: Array<{ source: string; text: string }> | undefined;
  const load = () =>
    (map.sources ?? [])
      .map((source, i) => ({ source, text: map.sourcesContent?.[i] ?? readSource(bundle, source) }))
      .filter((s): s is { source: string; text: string } => s.text !== null && !path.resolve(bundle.cwd, s.source).startsWith(modulesDir + path.sep));
  const cache = new Map<string, SourceLocation | undefined>();
  return (metric, expression) => {
    const key = `${metric}\u0000${expression}`;
    if (!cache.has(key)) cache.set(key, find((sources ??= load()), bundle, metric, expression));
    return cache.get(key);
  };
}

function find(sources: Array<{ source: string; text: string }>, bundle: ScriptBundle, metric: string, expression: string): SourceLocation | undefined {
  let fallback: SourceLocation | undefined;
  for (const { source, text } of sources) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!hasLiteral(lines[i]!, expression)) continue;
      const here = { file: displayPath(bundle, source), line: i + 1 };
      const key = nearestKey(lines, i, expression);
      if (key === metric) return here;
      if (key === undefined) fallback ??= here;
    }
  }
  return fallback;
}

/** A listed source's text from disk; null for stdin, node_modules and files gone since. */
function readSource(bundle: ScriptBundle, source: string): string | null {
  if (source.includes('node_modules') || source.startsWith('<')) return null;
  try {
    const file = source.startsWith('file://') ? new URL(source).pathname : path.resolve(bundle.cwd, source);
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The thresholds key the literal on line `i` belongs to: the nearest `key: [` at or above it. */
function nearestKey(lines: readonly string[], i: number, expression: string): string | undefined {
  for (let k = i; k >= Math.max(0, i - KEY_LINES_ABOVE); k--) {
    // On the literal's own line, only what comes before it.
    const text = k === i ? lines[k]!.slice(0, lines[k]!.indexOf(expression)) : lines[k]!;
    const keys = [...text.matchAll(KEY)];
    if (keys.length > 0) return keys.at(-1)![2];
  }
  return undefined;
}

function hasLiteral(line: string, expression: string): boolean {
  return ["'", '"', '`'].some((q) => line.includes(`${q}${expression}${q}`));
}

function displayPath(bundle: ScriptBundle, source: string): string {
  if (source.startsWith('file://')) return path.relative(bundle.cwd, new URL(source).pathname);
  return source;
}
