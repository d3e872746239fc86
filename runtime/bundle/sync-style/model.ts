/** The records the collector makes: a file's model, its functions and classes. */
import type * as t from '@babel/types';
import { newScope } from './scope.js';
import type { ClassInfo, FileModel, FnInfo, FnKind, FnNode, Scope, SourceInput } from './types.js';

export function newFileModel(input: SourceInput, ast: t.File): FileModel {
  return {
    input,
    ast,
    scope: newScope(undefined, input.key),
    fns: [],
    fnByNode: new Map(),
    classes: [],
    classByNode: new Map(),
    objects: [],
    objectByNode: new Map(),
    calls: [],
    exports: new Map(),
    starExports: [],
  };
}

/** A function's record; `enclosing` is the function it is written in (for the async region). */
export function makeFn(model: FileModel, node: FnNode, enclosing: FnInfo | undefined): FnInfo {
  const userAsync = node.async === true;
  const fn: FnInfo = {
    node,
    file: model,
    kind: fnKind(node),
    userAsync,
    generator: node.generator === true,
    asyncRegion: userAsync || (enclosing?.asyncRegion ?? false),
    params: node.params.map((p) => simpleParam(p)),
    asyncParams: new Set(),
    transformed: false,
  };
  model.fnByNode.set(node, fn);
  model.fns.push(fn);
  return fn;
}

export function makeClass(model: FileModel, node: t.Class, scope: Scope): ClassInfo {
  const cls: ClassInfo = { node, file: model, scope, members: new Map(), statics: new Map() };
  model.classByNode.set(node, cls);
  model.classes.push(cls);
  return cls;
}

function fnKind(node: FnNode): FnKind {
  if (node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod' || node.type === 'ObjectMethod') {
    return node.kind === 'constructor' || node.kind === 'get' || node.kind === 'set' ? node.kind : 'method';
  }
  return 'function';
}

/** The name of a parameter that is a plain identifier (with or without a default). */
function simpleParam(p: t.Node): string | undefined {
  if (p.type === 'TSParameterProperty') return simpleParam(p.parameter);
  if (p.type === 'Identifier') return p.name;
  if (p.type === 'AssignmentPattern' && p.left.type === 'Identifier') return p.left.name;
  return undefined;
}
