/** `var` hoisting: a function's (or the program's) vars are visible in all of it, whatever block declares them. */
import type * as t from '@babel/types';
import { declarePattern } from './scope.js';
import type { Scope } from './types.js';

const VAR_CONTAINERS = new Set([
  'BlockStatement',
  'IfStatement',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
  'TryStatement',
  'CatchClause',
  'LabeledStatement',
  'SwitchStatement',
  'SwitchCase',
  'ExportNamedDeclaration',
  'TSModuleBlock',
]);

/** Declares the `var`s of a function body (or the program) in its scope: they are visible in all of it. */
export function hoistVars(node: t.Node, scope: Scope): void {
  const stack: t.Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'VariableDeclaration') {
      if (n.kind === 'var' && !n.declare) for (const decl of n.declarations) declarePattern(decl.id, scope, decl.init ?? undefined, []);
      continue;
    }
    const children = childStatements(n);
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i]!;
      if (c.type === 'VariableDeclaration' || VAR_CONTAINERS.has(c.type)) stack.push(c);
    }
  }
}

function childStatements(n: t.Node): t.Node[] {
  switch (n.type) {
    case 'Program':
    case 'BlockStatement':
    case 'TSModuleBlock':
      return n.body;
    case 'IfStatement':
      return n.alternate ? [n.consequent, n.alternate] : [n.consequent];
    case 'ForStatement':
      return n.init ? [n.init, n.body] : [n.body];
    case 'ForInStatement':
    case 'ForOfStatement':
      return [n.left, n.body];
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'LabeledStatement':
      return [n.body];
    case 'TryStatement':
      return [n.block, ...(n.handler ? [n.handler] : []), ...(n.finalizer ? [n.finalizer] : [])];
    case 'CatchClause':
      return [n.body];
    case 'SwitchStatement':
      return n.cases;
    case 'SwitchCase':
      return n.consequent;
    case 'ExportNamedDeclaration':
      return n.declaration ? [n.declaration] : [];
    default:
      return [];
  }
}
