/**
 * Scopes and declarations: which binding a name refers to at a call. Enough of
 * JavaScript's rules for call resolution: block scoping of let/const/class and
 * of functions (modules are strict), `var` hoisting, imports, parameters.
 */
import type * as t from '@babel/types';
import { isTypeOnly, keyName } from './ast.js';
import type { Binding, ClassInfo, FnInfo, Scope } from './types.js';

export function newScope(parent: Scope | undefined, file = parent?.file ?? ''): Scope {
  return { parent, file, vars: new Map() };
}

export function lookup(scope: Scope, name: string): Binding | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const b = s.vars.get(name);
    if (b) return b;
  }
  return undefined;
}

/** Makes the FnInfo/ClassInfo of a declaration (the collector owns them). */
export interface Declarer {
  fn(node: t.FunctionDeclaration): FnInfo;
  cls(node: t.ClassDeclaration, scope: Scope): ClassInfo;
}

/** Declares what a statement list binds in its block (var aside: see hoistVars). */
export function declareBlock(stmts: t.Node[], scope: Scope, d: Declarer): void {
  for (const s of stmts) declareStatement(s, scope, d);
}

function declareStatement(s: t.Node, scope: Scope, d: Declarer): void {
  if (isTypeOnly(s)) return;
  switch (s.type) {
    case 'VariableDeclaration':
      if (s.kind !== 'var') for (const decl of s.declarations) declarePattern(decl.id, scope, decl.init ?? undefined, []);
      return;
    case 'FunctionDeclaration':
      if (s.id) scope.vars.set(s.id.name, { kind: 'fn', fn: d.fn(s) });
      return;
    case 'ClassDeclaration':
      if (s.id) scope.vars.set(s.id.name, { kind: 'class', cls: d.cls(s, scope) });
      return;
    case 'ImportDeclaration':
      declareImport(s, scope);
      return;
    case 'TSImportEqualsDeclaration': {
      const ref = s.moduleReference;
      const b: Binding =
        ref.type === 'TSExternalModuleReference' ? { kind: 'import', file: scope.file, source: ref.expression.value, imported: '*' } : { kind: 'known' };
      if (s.importKind !== 'type') scope.vars.set(s.id.name, b);
      return;
    }
    case 'TSEnumDeclaration':
      scope.vars.set(s.id.name, { kind: 'known' });
      return;
    case 'TSModuleDeclaration':
      if (s.id.type === 'Identifier') scope.vars.set(s.id.name, { kind: 'known' });
      return;
    case 'ExportNamedDeclaration':
      if (s.declaration) declareStatement(s.declaration, scope, d);
      return;
    case 'ExportDefaultDeclaration':
      if ((s.declaration.type === 'FunctionDeclaration' || s.declaration.type === 'ClassDeclaration') && s.declaration.id) {
        declareStatement(s.declaration, scope, d);
      }
      return;
    default:
      return;
  }
}

function declareImport(s: t.ImportDeclaration, scope: Scope): void {
  if (s.importKind === 'type' || s.importKind === 'typeof') return;
  const source = s.source.value;
  for (const spec of s.specifiers) {
    if (spec.type === 'ImportSpecifier') {
      if (spec.importKind === 'type' || spec.importKind === 'typeof') continue;
      const imported = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
      scope.vars.set(spec.local.name, { kind: 'import', file: scope.file, source, imported });
    } else if (spec.type === 'ImportDefaultSpecifier') {
      scope.vars.set(spec.local.name, { kind: 'import', file: scope.file, source, imported: 'default' });
    } else {
      scope.vars.set(spec.local.name, { kind: 'import', file: scope.file, source, imported: '*' });
    }
  }
}

/**
 * Binds the names of a declaration pattern. `const { a, b: { c } } = init`
 * binds a to init.a and c to init.b.c; what cannot be followed is opaque.
 */
export function declarePattern(p: t.Node, scope: Scope, init: t.Expression | undefined, path: string[]): void {
  switch (p.type) {
    case 'Identifier':
      scope.vars.set(p.name, { kind: 'var', init, scope, path });
      return;
    case 'AssignmentPattern':
      declarePattern(p.left, scope, init, path);
      return;
    case 'ObjectPattern':
      for (const prop of p.properties) {
        if (prop.type === 'RestElement') {
          declareOpaque(prop.argument, scope);
          continue;
        }
        const key = keyName(prop.key, prop.computed);
        if (key === undefined) declareOpaque(prop.value, scope);
        else declarePattern(prop.value, scope, init, [...path, key]);
      }
      return;
    default:
      declareOpaque(p, scope);
  }
}

/** Binds every name in a pattern to an unknown value (loop variables, catch parameters, array destructuring). */
export function declareOpaque(p: t.Node, scope: Scope): void {
  switch (p.type) {
    case 'Identifier':
      scope.vars.set(p.name, { kind: 'opaque' });
      return;
    case 'AssignmentPattern':
      declareOpaque(p.left, scope);
      return;
    case 'RestElement':
      declareOpaque(p.argument, scope);
      return;
    case 'ArrayPattern':
      for (const e of p.elements) if (e) declareOpaque(e, scope);
      return;
    case 'ObjectPattern':
      for (const prop of p.properties) declareOpaque(prop.type === 'RestElement' ? prop.argument : prop.value, scope);
      return;
    case 'TSParameterProperty':
      declareOpaque(p.parameter, scope);
      return;
    default:
      return;
  }
}
