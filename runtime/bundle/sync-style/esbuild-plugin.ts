/**
 * The esbuild plugin that runs the synchronous-style transform (./transform.ts)
 * before the real build: edited files are served by onLoad (with an inline
 * source map, so errors still point at the user's line), the stdin script is
 * replaced in the build options, refusals fail the build with file:line:col.
 * Files that need no change are not intercepted.
 */
import path from 'node:path';
import type { Loader, PartialMessage, Plugin } from 'esbuild';
import { loadProgram, STDIN_KEY } from './graph.js';
import { loadTools } from './tools.js';
import { transformSources } from './transform.js';
import type { FileResult, SyncStyleError } from './types.js';

const NAME = 'llmload-sync-style';

export function syncStylePlugin(): Plugin {
  return {
    name: NAME,
    async setup(build) {
      let results: Map<string, FileResult>;
      try {
        const inputs = await loadProgram(build.initialOptions, NAME);
        if (!inputs || inputs.length === 0) return;
        results = transformSources(inputs, loadTools());
      } catch (err) {
        const text = `the k6-style transform failed (a bug in llmload: please report it): ${(err as Error).message}`;
        build.onStart(() => ({ errors: [{ text }] }));
        return;
      }
      const cwd = build.initialOptions.absWorkingDir ?? process.cwd();
      const edited = new Map<string, FileResult>();
      for (const [key, r] of results) {
        if (r.code === undefined && r.errors.length === 0) continue;
        if (key !== STDIN_KEY) edited.set(path.resolve(cwd, key), r);
        else if (r.errors.length > 0) build.onStart(() => ({ errors: r.errors.map(toMessage) }));
        else build.initialOptions.stdin = { ...build.initialOptions.stdin!, contents: r.code! };
      }
      if (edited.size === 0) return;
      const filter = new RegExp(`^(?:${[...edited.keys()].map(escapeRegExp).join('|')})$`);
      build.onLoad({ filter }, (args) => {
        const r = edited.get(args.path);
        if (!r) return undefined;
        if (r.errors.length > 0) return { errors: r.errors.map(toMessage) };
        return { contents: r.code, loader: loaderFor(args.path) };
      });
    },
  };
}

function toMessage(e: SyncStyleError): PartialMessage {
  return { text: e.text, location: { file: e.file, line: e.line, column: e.column, lineText: e.lineText } };
}

function loaderFor(file: string): Loader {
  return /\.[mc]?ts$/.test(file) ? 'ts' : 'js';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
