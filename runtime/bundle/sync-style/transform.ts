/**
 * k6 scripts are synchronous (`const res = http.get(url)`); llmload's I/O
 * returns promises. This transform makes such code asynchronous at bundle
 * time: blocking calls get `await`, the functions that make them become
 * `async`, and so on up the user's call graph, across files. Code written
 * with async/await is left as it is. Pure: sources in, edited sources out.
 */
import type { ParserPlugin } from '@babel/parser';
import type * as t from '@babel/types';
import { locate } from './ast.js';
import { Classifier, memberIndex } from './classify.js';
import { collectFile } from './collect.js';
import { propagate } from './propagate.js';
import { rewriteFile } from './rewrite.js';
import type { Tools } from './tools.js';
import type { FileModel, FileResult, SourceInput, SyncStyleError } from './types.js';
import { Resolver } from './values.js';

/** Transforms a whole program; one result per input (untouched ones have no `code`). */
export function transformSources(inputs: SourceInput[], tools: Tools): Map<string, FileResult> {
  const files = new Map<string, FileModel>();
  const unreadable = new Map<string, SyncStyleError>();
  for (const input of inputs) {
    const parsed = parseSource(input, tools);
    if ('ast' in parsed) files.set(input.key, collectFile(input, parsed.ast));
    else if (input.mustParse) unreadable.set(input.key, parsed.error);
  }
  const r = new Resolver(files);
  const all = [...files.values()];
  const classes = all.flatMap((f) => f.classes);
  const classifier = new Classifier(r, classes);
  const sites = all.flatMap((f) => f.calls);
  for (const site of sites) classifier.classify(site);
  const idx = memberIndex(
    r,
    classes,
    all.flatMap((f) => f.objects),
  );
  propagate(sites, idx);
  const results = new Map<string, FileResult>();
  for (const input of inputs) {
    const file = files.get(input.key);
    // A file that does not parse is left to esbuild, which reports the syntax error,
    // unless esbuild read it (the graph pass did) and it uses k6/llmload: then it is refused.
    const error = unreadable.get(input.key);
    results.set(input.key, file ? rewriteFile(file, idx, tools) : { errors: error ? [error] : [] });
  }
  return results;
}

/** Syntax esbuild reads that babel 7 needs a plugin for (decorators stay off). */
const SYNTAX: ParserPlugin[] = ['explicitResourceManagement', 'decoratorAutoAccessors'];

function parseSource(input: SourceInput, { parse }: Tools): { ast: t.File } | { error: SyncStyleError } {
  try {
    const ast = parse(input.source, {
      sourceType: input.typescript ? 'module' : 'unambiguous',
      plugins: input.typescript ? ['typescript', ...SYNTAX] : SYNTAX,
      allowReturnOutsideFunction: !input.typescript,
      attachComment: false,
    });
    return { ast };
  } catch (err) {
    // esbuild parsed the file (the graph pass): this is syntax babel is not set up for, such as decorators.
    const e = err as Error & { pos?: number; reasonCode?: string };
    const at = locate(input.source, typeof e.pos === 'number' ? e.pos : 0);
    const reason = e.reasonCode?.startsWith('Missing') ? 'experimental syntax' : e.message.replace(/\s*\(\d+:\d+\)$/, '');
    const text = `${reason} is not supported in a script that uses k6/llmload: llmload reads such scripts to make their blocking calls awaitable (decorators, for one, cannot be read)`;
    return { error: { text, file: input.display, ...at } };
  }
}
