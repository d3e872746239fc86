/** How a call's value is used, read from its ancestors (innermost last). */
import type * as t from '@babel/types';
import { isCall, isMember, isPromiseCombinator, isWrapper, memberName } from './ast.js';

export interface CallUsage {
  awaited: boolean;
  promiseUse: boolean;
  returned: boolean;
  asiHazard: boolean;
  chainInsert?: { pos: number; text: string };
}

const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);
const LISTS = new Set(['Program', 'BlockStatement', 'StaticBlock', 'TSModuleBlock']);

export function callUsage(node: t.Node, ancestors: readonly t.Node[], source: string): CallUsage {
  let child: t.Node = node;
  let i = ancestors.length - 1;
  while (i >= 0 && isWrapper(ancestors[i]!)) child = ancestors[i--]!;
  const parent = ancestors[i];
  const grand = ancestors[i - 1];
  if (!parent) return { awaited: false, promiseUse: false, returned: false, asiHazard: false };
  return {
    awaited: parent.type === 'AwaitExpression',
    promiseUse: isPromiseUse(child, parent, grand),
    returned: parent.type === 'ReturnStatement' || (parent.type === 'ArrowFunctionExpression' && parent.body === child),
    asiHazard: asiHazard(node, ancestors, source),
    chainInsert: chainInsert(node, ancestors[ancestors.length - 1], source),
  };
}

/**
 * `a?.b().c`: the chain short-circuits past `.c` when `a` is nullish. Once
 * `a?.b()` is wrapped in `(await ...)`, `.c` must become `?.c` to keep that.
 */
function chainInsert(node: t.Node, parent: t.Node | undefined, source: string): CallUsage['chainInsert'] {
  if (node.type !== 'OptionalCallExpression' || !parent) return undefined;
  if (parent.type === 'OptionalMemberExpression' && parent.object === node && !parent.optional) {
    const start = parent.property.start!;
    return parent.computed ? { pos: source.lastIndexOf('[', start), text: '?.' } : { pos: source.lastIndexOf('.', start), text: '?' };
  }
  if (parent.type === 'OptionalCallExpression' && parent.callee === node && !parent.optional) {
    return { pos: source.indexOf('(', node.end!), text: '?.' };
  }
  return undefined;
}

function isPromiseUse(child: t.Node, parent: t.Node, grand: t.Node | undefined): boolean {
  if (isCall(parent) && parent.arguments[0] === child && isPromiseCombinator(parent.callee)) return true;
  if (parent.type === 'ArrayExpression' && grand && isCall(grand) && grand.arguments[0] === parent && isPromiseCombinator(grand.callee)) return true;
  if (isMember(parent) && parent.object === child && PROMISE_METHODS.has(memberName(parent) ?? '')) {
    return grand !== undefined && isCall(grand) && grand.callee === parent;
  }
  return false;
}

/**
 * Whether a "(" put at the call's start would continue the previous statement
 * (`a = b` newline `http.get(u)` → `a = b(await ...)`): the call begins an
 * expression statement that follows, in a statement list, one not ending in ";".
 */
function asiHazard(node: t.Node, ancestors: readonly t.Node[], source: string): boolean {
  for (let i = ancestors.length - 1; i >= 1; i--) {
    const a = ancestors[i]!;
    if (a.start !== node.start) return false;
    if (a.type !== 'ExpressionStatement') continue;
    const list = statementList(ancestors[i - 1]!);
    const at = list ? list.indexOf(a) : -1;
    if (at <= 0) return false;
    const prev = list![at - 1]!;
    return source[(prev.end ?? 0) - 1] !== ';';
  }
  return false;
}

function statementList(n: t.Node): t.Node[] | undefined {
  if (LISTS.has(n.type)) return (n as t.BlockStatement).body;
  if (n.type === 'SwitchCase') return n.consequent;
  return undefined;
}
