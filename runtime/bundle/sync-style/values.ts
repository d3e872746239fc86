/**
 * What an expression is, as far as calls go: a user function, an I/O
 * primitive, a module, an object literal, a class or instance, a parameter,
 * a value that is not the user's ("known"), or anything ("unknown").
 * Follows bindings, and imports across files through ./linker.ts.
 */
import type * as t from '@babel/types';
import { isMember, memberName, unwrap } from './ast.js';
import { Linker } from './linker.js';
import { CORE_PRIMITIVES, HTTP_PRIMITIVES } from './modules.js';
import { lookup } from './scope.js';
import type { Binding, ClassInfo, FileModel, FnInfo, ObjectInfo, Scope, Value } from './types.js';

const KNOWN: Value = { kind: 'known' };
const UNKNOWN: Value = { kind: 'unknown' };

export class Resolver {
  private readonly bindingValues = new Map<Binding, Value>();
  private readonly linker: Linker;
  private readonly fnByNode = new Map<t.Node, FnInfo>();
  private readonly classByNode = new Map<t.Node, ClassInfo>();
  private readonly objectByNode = new Map<t.Node, ObjectInfo>();

  constructor(files: Map<string, FileModel>) {
    this.linker = new Linker(this, files);
    for (const f of files.values()) {
      for (const [n, fn] of f.fnByNode) this.fnByNode.set(n, fn);
      for (const [n, c] of f.classByNode) this.classByNode.set(n, c);
      for (const [n, o] of f.objectByNode) this.objectByNode.set(n, o);
    }
  }

  value(expr: t.Node, scope: Scope): Value {
    const e = unwrap(expr);
    switch (e.type) {
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'FunctionDeclaration':
      case 'ObjectMethod': {
        const fn = this.fnByNode.get(e);
        return fn ? { kind: 'fn', fn } : UNKNOWN;
      }
      case 'ClassExpression':
      case 'ClassDeclaration': {
        const cls = this.classByNode.get(e);
        return cls ? { kind: 'class', cls } : UNKNOWN;
      }
      case 'ObjectExpression': {
        const obj = this.objectByNode.get(e);
        return obj ? { kind: 'object', obj } : UNKNOWN;
      }
      case 'Identifier':
        return this.ident(e.name, scope);
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        return this.memberExpr(e, scope);
      case 'NewExpression':
        return this.newValue(this.value(e.callee, scope));
      case 'CallExpression':
      case 'OptionalCallExpression':
        return this.callValue(e, scope);
      case 'StringLiteral':
      case 'NumericLiteral':
      case 'BooleanLiteral':
      case 'NullLiteral':
      case 'BigIntLiteral':
      case 'RegExpLiteral':
      case 'TemplateLiteral':
      case 'ArrayExpression':
      case 'BinaryExpression':
      case 'UnaryExpression':
      case 'UpdateExpression':
        return KNOWN;
      default:
        return UNKNOWN;
    }
  }

  ident(name: string, scope: Scope): Value {
    const b = lookup(scope, name);
    return b ? this.binding(b) : KNOWN; // unbound: a global (console, JSON, Math, ...)
  }

  private memberExpr(e: t.MemberExpression | t.OptionalMemberExpression, scope: Scope): Value {
    if (e.object.type === 'Super' || e.object.type === 'ThisExpression') return UNKNOWN;
    const obj = this.value(e.object, scope);
    const name = memberName(e);
    if (name === undefined) return obj.kind === 'known' ? KNOWN : UNKNOWN;
    return this.member(obj, name);
  }

  private newValue(ctor: Value): Value {
    if (ctor.kind === 'class') return { kind: 'instance', cls: ctor.cls };
    return ctor.kind === 'unknown' || ctor.kind === 'param' || ctor.kind === 'fn' ? UNKNOWN : KNOWN;
  }

  private callValue(e: t.CallExpression | t.OptionalCallExpression, scope: Scope): Value {
    const callee = unwrap(e.callee);
    const arg = e.arguments[0];
    if (callee.type === 'Identifier' && callee.name === 'require' && arg?.type === 'StringLiteral' && !lookup(scope, 'require')) {
      return this.linker.importValue(scope.file, arg.value, '*');
    }
    if (isMember(callee) && memberName(callee) === 'bind') {
      const bound = this.value(callee.object, scope);
      if (bound.kind === 'fn') return bound;
    }
    const c = this.value(callee, scope);
    return c.kind === 'known' || c.kind === 'primitive' || c.kind === 'builtin' || c.kind === 'foreign' ? KNOWN : UNKNOWN;
  }

  binding(b: Binding): Value {
    switch (b.kind) {
      case 'fn':
        return { kind: 'fn', fn: b.fn };
      case 'class':
        return { kind: 'class', cls: b.cls };
      case 'param':
        return { kind: 'param', fn: b.fn, index: b.index };
      case 'import':
        return this.linker.importValue(b.file, b.source, b.imported);
      case 'known':
        return KNOWN;
      case 'opaque':
        return UNKNOWN;
      case 'var':
        return this.varValue(b);
    }
  }

  private varValue(b: Extract<Binding, { kind: 'var' }>): Value {
    const memo = this.bindingValues.get(b);
    if (memo) return memo;
    if (!b.init) return UNKNOWN;
    this.bindingValues.set(b, UNKNOWN); // a self-reference while evaluating: unknown
    let v = this.value(b.init, b.scope);
    for (const key of b.path) v = this.member(v, key);
    this.bindingValues.set(b, v);
    return v;
  }

  /** `obj.name` for a value of known shape. */
  member(obj: Value, name: string): Value {
    switch (obj.kind) {
      case 'module': {
        const prims = obj.module === 'http' ? HTTP_PRIMITIVES : CORE_PRIMITIVES;
        return prims.has(name) ? { kind: 'primitive', name } : { kind: 'builtin', name };
      }
      case 'foreign':
        return { kind: 'foreign', name };
      case 'namespace':
        return this.linker.exportOf(obj.file, name) ?? UNKNOWN;
      case 'object': {
        const p = obj.obj.props.get(name);
        if (p === undefined) return UNKNOWN;
        return 'fn' in p ? { kind: 'fn', fn: p.fn } : this.value(p.expr, obj.obj.scope);
      }
      case 'class': {
        const fn = this.classMember(obj.cls, name, true);
        return fn ? { kind: 'fn', fn } : UNKNOWN;
      }
      case 'instance': {
        const fn = this.classMember(obj.cls, name, false);
        return fn ? { kind: 'fn', fn } : UNKNOWN;
      }
      case 'known':
      case 'fn':
      case 'primitive':
      case 'builtin':
        return KNOWN;
      default:
        return UNKNOWN;
    }
  }

  /** A method (or function-valued field) of a class or of its user superclasses. */
  classMember(cls: ClassInfo, name: string, isStatic: boolean): FnInfo | undefined {
    let c: ClassInfo | undefined = cls;
    for (let depth = 0; c && depth < 50; depth++) {
      const fn = (isStatic ? c.statics : c.members).get(name);
      if (fn) return fn;
      c = this.superOf(c);
    }
    return undefined;
  }

  superOf(cls: ClassInfo): ClassInfo | undefined {
    if (!cls.node.superClass) return undefined;
    const v = this.value(cls.node.superClass, cls.scope);
    return v.kind === 'class' && v.cls !== cls ? v.cls : undefined;
  }
}
