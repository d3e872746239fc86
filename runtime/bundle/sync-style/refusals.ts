/**
 * Blocking calls where JavaScript cannot wait: refused at bundle time with the
 * user's file:line:col, never made silently wrong.
 */
import type * as t from '@babel/types';
import { locate } from './ast.js';
import type { CallSite, FileModel, SyncStyleError } from './types.js';

export type Refusal = 'constructor' | 'get' | 'set' | 'field' | 'static-block' | 'param' | 'generator' | 'new' | 'sync-callback' | 'check' | 'foreign';
type InFunction = Exclude<Refusal, 'new' | 'sync-callback' | 'check' | 'foreign'>;

const WHERE: Record<InFunction, [where: string, why: string, hint: string]> = {
  constructor: ['a class constructor', 'a constructor cannot be async', 'move the request into a method and call it after construction'],
  get: ['a getter', 'a getter cannot be async', 'make it a method and call that'],
  set: ['a setter', 'a setter cannot be async', 'make it a method and call that'],
  field: ['a class field initialiser', 'a field initialiser cannot be async', 'assign the field in a method'],
  'static-block': ['a class static block', 'a static block cannot be async', 'move the request into a function'],
  param: ['a default parameter value', 'a default parameter value cannot be awaited', 'compute the value in the function body'],
  generator: [
    'a generator function',
    'making a generator async would change how it is iterated',
    'make it a plain function, or an async generator used with for await',
  ],
};

/** Why a blocking call cannot be awaited where it is, if it cannot. */
export function refusalOf(site: CallSite): Refusal | undefined {
  if (site.position === 'param') return 'param';
  if (site.position === 'field') return 'field';
  if (site.position === 'static-block') return 'static-block';
  const fn = site.fn;
  if (!fn) return undefined;
  if (fn.kind === 'constructor' || fn.kind === 'get' || fn.kind === 'set') return fn.kind;
  if (fn.generator && !fn.userAsync) return 'generator';
  return undefined;
}

/** "http.get()" for messages: the callee as written, when short. */
export function calleeText(file: FileModel, node: t.Node): string {
  const text = file.input.source.slice(node.start ?? 0, node.end ?? 0).replace(/\s+/g, ' ');
  return text.length <= 40 ? `${text}()` : 'this call';
}

export function refusalError(file: FileModel, site: CallSite, refusal: Refusal, viaArgument: boolean, name?: string, at: t.Node = site.node): SyncStyleError {
  const callee = calleeText(file, site.node.callee as t.Node);
  const what = callee + (viaArgument ? ' with a function that waits for I/O' : '');
  let text: string;
  switch (refusal) {
    case 'new':
      text = `calling ${callee.slice(0, -2)} with new is not supported: it waits for I/O, so it becomes an async function, which cannot construct (use a class, and make the request in a method)`;
      break;
    case 'sync-callback':
      text =
        name === 'Array.from'
          ? `${what} is not supported: Array.from() calls its map function synchronously and cannot wait for it (use Array.from(list).map(fn): map waits for each call)`
          : `${what} is not supported: ${name}() calls its callback synchronously and cannot wait for it (make the requests first, e.g. in a for loop, then ${name}() the results)`;
      break;
    case 'check':
      text = `a check that waits for I/O is not supported: check() calls its functions synchronously and would see a promise, not the result (make the request before check() and check its result)`;
      break;
    case 'foreign':
      text =
        `${what} is not supported: ${name} comes from a package that does not use llmload, so it would get a promise instead of the result ` +
        '(make the requests in your own code, e.g. in a for loop; or write the function as async if the package awaits it)';
      break;
    default: {
      const [where, why, hint] = WHERE[refusal];
      text = `${what} in ${where} is not supported: it waits for I/O, and ${why} (${hint})`;
    }
  }
  const { line, column, lineText } = locate(file.input.source, at.start ?? 0);
  return { text, file: file.input.display, line, column, lineText };
}
