import { SourceMap } from 'node:module';
import path from 'node:path';
import type { ScriptBundle } from './bundle.js';
import { modulesDir } from './paths.js';

/** The name the bundle runs under in an isolate; stack frames point at it. */
export const BUNDLE_URL = 'llmload:///bundle.js';
/**
 * Code put before the bundle on its first line (columns of line 1 shift by
 * its length). The bundle becomes a function that runs a VU's init, called
 * once per VU (VUs may share a context: runtime/vu/isolate-pool.ts), made
 * once per context with that context's `__llmloadPerContext` object
 * (runtime/modules/internal/per-context.ts).
 */
export const BUNDLE_PREFIX = '(function (__llmloadPerContext) { return function () { try { ';
/** Code after the bundle: keeps an init exception for the prelude to report, and hands over the script's exports. */
export const BUNDLE_SUFFIX =
  '\n} catch (e) { globalThis.__llmloadInitError = [e]; }\n' +
  "globalThis.__llmloadUser = typeof __llmloadUser === 'undefined' ? undefined : __llmloadUser; }; })({})";

export interface MappedStack {
  /** The stack with bundle positions replaced by "source:line:col". */
  stack: string;
  /** First position in the user's code ("script.ts:12:7"), when there is one. */
  location?: string;
}

export interface StackMapper {
  map(stack: string | undefined): MappedStack;
}

const FRAME = /llmload:\/\/\/bundle\.js:(\d+):(\d+)/g;

/** Maps isolate stack traces back to the user's sources through the bundle's source map. */
export function createStackMapper(bundle: ScriptBundle): StackMapper {
  // Parsed on the first stack to map: most runs map none, and every thread of `--threads` makes a mapper.
  let parsed: SourceMap | undefined;
  const sourceMap = () => (parsed ??= new SourceMap(bundle.map as unknown as ConstructorParameters<typeof SourceMap>[0]));
  const internal = (source: string) => path.resolve(bundle.cwd, source).startsWith(modulesDir + path.sep);
  return {
    map(stack) {
      if (!stack) return { stack: '' };
      let location: string | undefined;
      const sm = sourceMap();
      const mapped = stack.replace(FRAME, (whole, l: string, c: string) => {
        const line = Number(l);
        const col = Number(c) - (line === 1 ? BUNDLE_PREFIX.length : 0);
        const e = sm.findEntry(line - 1, col - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
        if (e.originalSource === undefined || e.originalLine === undefined || e.originalColumn === undefined) return whole;
        const pos = `${displayPath(bundle, e.originalSource)}:${e.originalLine + 1}:${e.originalColumn + 1}`;
        if (location === undefined && !internal(e.originalSource)) location = pos;
        return pos;
      });
      return { stack: mapped, location };
    },
  };
}

/** Map sources are relative to cwd already (or "stdin.ts"); keep them so. */
function displayPath(bundle: ScriptBundle, source: string): string {
  if (source.startsWith('file://')) return path.relative(bundle.cwd, new URL(source).pathname);
  return source;
}
