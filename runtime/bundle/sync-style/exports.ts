/** What a file exports, by name: local bindings, default expressions, re-exports. */
import type * as t from '@babel/types';
import type { FileModel } from './types.js';

export function collectExports(program: t.Program, model: FileModel): void {
  for (const s of program.body) {
    if (s.type === 'ExportNamedDeclaration') named(s, model);
    else if (s.type === 'ExportDefaultDeclaration') byDefault(s, model);
    else if (s.type === 'ExportAllDeclaration' && s.exportKind !== 'type') model.starExports.push(s.source.value);
  }
}

function named(s: t.ExportNamedDeclaration, model: FileModel): void {
  if (s.exportKind === 'type') return;
  const d = s.declaration;
  if (d) {
    if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) model.exports.set(d.id.name, { local: d.id.name });
    if (d.type === 'VariableDeclaration') for (const decl of d.declarations) for (const name of boundNames(decl.id)) model.exports.set(name, { local: name });
    return;
  }
  for (const spec of s.specifiers) {
    if (spec.type === 'ExportSpecifier' && spec.exportKind === 'type') continue;
    const exported = spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value;
    if (spec.type === 'ExportNamespaceSpecifier') {
      if (s.source) model.exports.set(exported, { from: { source: s.source.value, imported: '*' } });
    } else if (spec.type === 'ExportDefaultSpecifier') {
      if (s.source) model.exports.set(exported, { from: { source: s.source.value, imported: 'default' } });
    } else if (s.source) {
      const l = spec.local as t.Identifier | t.StringLiteral; // a string literal in `export { "a b" as c } from`
      const local = l.type === 'Identifier' ? l.name : l.value;
      model.exports.set(exported, { from: { source: s.source.value, imported: local } });
    } else {
      model.exports.set(exported, { local: spec.local.name });
    }
  }
}

function byDefault(s: t.ExportDefaultDeclaration, model: FileModel): void {
  const d = s.declaration;
  if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) model.exports.set('default', { local: d.id.name });
  else if (d.type === 'Identifier') model.exports.set('default', { local: d.name });
  else model.exports.set('default', { expr: d as t.Expression | t.Declaration });
}

/** The names a declaration pattern binds. */
export function boundNames(p: t.Node): string[] {
  switch (p.type) {
    case 'Identifier':
      return [p.name];
    case 'AssignmentPattern':
      return boundNames(p.left);
    case 'RestElement':
      return boundNames(p.argument);
    case 'ArrayPattern':
      return p.elements.flatMap((e) => (e ? boundNames(e) : []));
    case 'ObjectPattern':
      return p.properties.flatMap((q) => boundNames(q.type === 'RestElement' ? q.argument : q.value));
    default:
      return [];
  }
}
