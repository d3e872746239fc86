/**
 * The edits: `async` on transformed functions, `(await <call>)` around
 * blocking calls, array methods with async callbacks through the sequential
 * helpers (runtime/modules/internal/sync-helpers.ts), refusals as errors.
 * Returns the edited source with an inline source map back to the original.
 */
import type * as t from '@babel/types';
import type MagicString from 'magic-string';
import { isMember, memberName, unwrap } from './ast.js';
import { argsBlock, calleeBlocks, isAsyncValue, isBlocking, type MemberIndex } from './propagate.js';
import { refusalError, refusalOf } from './refusals.js';
import type { Tools } from './tools.js';
import type { CallSite, FileModel, FileResult, FnNode, SyncStyleError } from './types.js';
import { SYNC_METHODS } from '../../modules/internal/sync-helpers.js';

/** Array methods whose callbacks run in order, each awaited, through `__llmloadSync.<name>`. */
export const ARRAY_METHODS: ReadonlySet<string> = new Set(SYNC_METHODS);
/** Builtins that use a callback's result synchronously: an async callback would be silently wrong. */
const SYNC_CALLBACK_METHODS = new Set(['sort', 'toSorted', 'replace', 'replaceAll']);
export const HELPERS_GLOBAL = '__llmloadSync';

export function rewriteFile(file: FileModel, idx: MemberIndex, tools: Tools): FileResult {
  const s = new tools.MagicString(file.input.source);
  const errors: SyncStyleError[] = [];
  for (const site of file.calls) editCall(file, site, idx, s, errors);
  for (const fn of file.fns) if (fn.transformed) s.appendRight(asyncPosition(file.input.source, fn.node), 'async ');
  if (errors.length > 0) return { errors };
  if (!s.hasChanged()) return { errors };
  const map = s.generateMap({ source: file.input.mapSource, includeContent: true, hires: true });
  // Buffer's base64 (magic-string's toUrl() goes through btoa(unescape(encodeURIComponent())), 10x slower).
  const url = `data:application/json;charset=utf-8;base64,${Buffer.from(map.toString()).toString('base64')}`;
  return { code: `${s.toString()}\n//# sourceMappingURL=${url}\n`, errors };
}

function editCall(file: FileModel, site: CallSite, idx: MemberIndex, s: MagicString, errors: SyncStyleError[]): void {
  if (site.node.type === 'NewExpression') {
    if (site.callee.kind === 'fns' && site.callee.fns.some((f) => f.transformed)) errors.push(refusalError(file, site, 'new', false));
    return;
  }
  const checker = site.checkers.find((c) => isAsyncValue(c.value));
  if (checker) errors.push(refusalError(file, site, 'check', true, 'check', checker.node));
  if (!isBlocking(site, idx)) return;
  const byCallee = calleeBlocks(site, idx);
  const refusal = refusalOf(site);
  if (refusal) {
    errors.push(refusalError(file, site, refusal, !byCallee));
    return;
  }
  // Top-level calls are init code: k6 forbids requests there, and the runtime says so.
  if (!site.fn) return;
  const method = builtinMethod(site);
  if (method && ARRAY_METHODS.has(method) && site.fnArgs.some((a) => a.index === 0 && isAsyncValue(a.value))) {
    viaHelper(file.input.source, site, method, s);
    return;
  }
  if (method && !byCallee && argsBlock(site) && (SYNC_CALLBACK_METHODS.has(method) || isArrayFrom(site))) {
    errors.push(refusalError(file, site, 'sync-callback', true, isArrayFrom(site) ? 'Array.from' : method));
    return;
  }
  if (site.callee.kind === 'foreign') {
    errors.push(refusalError(file, site, 'foreign', true, site.callee.name));
    return;
  }
  wrap(site, s);
}

/** `x.name(...)` where name is not resolved to a user function: possibly a builtin method. */
function builtinMethod(site: CallSite): string | undefined {
  const callee = site.node.callee as t.Node;
  if (!isMember(callee) || callee.object.type === 'Super' || site.callee.kind === 'fns') return undefined;
  return memberName(callee);
}

function isArrayFrom(site: CallSite): boolean {
  const callee = site.node.callee as t.Node;
  if (!isMember(callee)) return false;
  const obj = unwrap(callee.object);
  return obj.type === 'Identifier' && obj.name === 'Array' && memberName(callee) === 'from';
}

function wrap(site: CallSite, s: MagicString): void {
  if (site.awaited) return;
  const node = site.node;
  s.appendRight(node.start!, `${site.asiHazard ? ';' : ''}(await `);
  s.appendLeft(node.end!, ')');
  if (site.chainInsert) s.appendRight(site.chainInsert.pos, site.chainInsert.text);
}

/** `X.forEach(cb, ...rest)` → `(await __llmloadSync.forEach(X, cb, ...rest))`. */
function viaHelper(src: string, site: CallSite, method: string, s: MagicString): void {
  const node = site.node as t.CallExpression | t.OptionalCallExpression;
  const callee = node.callee as t.MemberExpression | t.OptionalMemberExpression;
  const optional = node.type === 'OptionalCallExpression' ? 'optional.' : '';
  s.appendRight(node.start!, `${site.asiHazard ? ';' : ''}${site.awaited ? '' : '(await '}${HELPERS_GLOBAL}.${optional}${method}(`);
  let from: number;
  if (callee.computed) {
    const bracket = src.lastIndexOf('[', callee.property.start!);
    from = src.slice(bracket - 2, bracket) === '?.' ? bracket - 2 : bracket;
  } else {
    const dot = src.lastIndexOf('.', callee.property.start!);
    from = src[dot - 1] === '?' ? dot - 1 : dot;
  }
  const typeArgs =
    (node as { typeArguments?: t.Node | null; typeParameters?: t.Node | null }).typeArguments ?? (node as { typeParameters?: t.Node | null }).typeParameters;
  const paren = src.indexOf('(', Math.max(callee.end!, typeArgs?.end ?? 0));
  s.update(from, paren + 1, ', ');
  // The call's own ")" now closes the helper call.
  if (!site.awaited) s.appendLeft(node.end!, ')');
  if (!site.awaited && site.chainInsert) s.appendRight(site.chainInsert.pos, site.chainInsert.text);
}

/** Where `async ` goes: before the function, or before a method's name. */
function asyncPosition(src: string, node: FnNode): number {
  if (node.type === 'ObjectMethod' || node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod') {
    const key = node.key;
    return 'computed' in node && node.computed ? src.lastIndexOf('[', key.start!) : key.start!;
  }
  return node.start!;
}
