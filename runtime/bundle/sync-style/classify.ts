/**
 * What each call may reach (its callee) and which of its arguments are
 * functions: static facts, computed once before the fixpoint.
 */
import type * as t from '@babel/types';
import { isFunctionExpression, isMember, memberName, unwrap } from './ast.js';
import type { Resolver } from './values.js';
import type { CallSite, Callee, ClassInfo, FnInfo, Scope, ThisOwner, Value } from './types.js';

const NONE: Callee = { kind: 'none' };

export class Classifier {
  /** Subclasses of each class (transitively), for `this.m()` overrides. */
  private readonly subclasses = new Map<ClassInfo, ClassInfo[]>();

  constructor(
    private readonly r: Resolver,
    classes: ClassInfo[],
  ) {
    for (const c of classes) {
      for (let s = r.superOf(c), depth = 0; s && depth < 50; s = r.superOf(s), depth++) {
        const list = this.subclasses.get(s) ?? [];
        list.push(c);
        this.subclasses.set(s, list);
      }
    }
  }

  classify(site: CallSite): void {
    const node = site.node;
    site.callee = this.callee(node.callee as t.Node, site.scope, site.thisOwner);
    if (node.type === 'NewExpression') return;
    node.arguments.forEach((arg, index) => {
      const value = this.fnValue(arg, site.scope);
      if (value) site.fnArgs.push({ index, value });
    });
    const checks = unwrap(node.arguments[1] ?? node);
    if (site.callee.kind === 'builtin' && site.callee.name === 'check' && checks.type === 'ObjectExpression') {
      for (const p of checks.properties) {
        const fn = p.type === 'ObjectMethod' ? p : p.type === 'ObjectProperty' ? p.value : undefined;
        const value = fn && this.fnValue(fn, site.scope);
        if (value) site.checkers.push({ node: fn!, value });
      }
    }
  }

  /** The value of an expression that may be a function (a literal, a reference, a parameter). */
  private fnValue(expr: t.Node, scope: Scope): Value | undefined {
    const a = unwrap(expr);
    if (!isFunctionExpression(a) && a.type !== 'ObjectMethod' && a.type !== 'Identifier' && !isMember(a)) return undefined;
    const value = this.r.value(a, scope);
    return value.kind === 'fn' || value.kind === 'param' ? value : undefined;
  }

  private callee(expr: t.Node, scope: Scope, owner: ThisOwner): Callee {
    const c = unwrap(expr);
    if (isFunctionExpression(c)) return this.fromValue(this.r.value(c, scope));
    if (c.type === 'Identifier') return this.fromValue(this.r.value(c, scope));
    if (!isMember(c)) return NONE;
    const name = memberName(c);
    const obj = unwrap(c.object);
    if (name === 'call' || name === 'apply') {
      const target = this.callee(obj, scope, owner);
      if (target.kind === 'fns') return { kind: 'fns', fns: target.fns, shift: name === 'call' ? 1 : -1 };
      if (target.kind !== 'none') return target;
    }
    if (obj.type === 'ThisExpression') return name === undefined ? NONE : this.onThis(name, owner);
    if (obj.type === 'Super') return name === undefined ? NONE : { kind: 'byName', name };
    const objValue = this.r.value(obj, scope);
    if (name === undefined) return this.anyMember(objValue);
    const v = this.r.member(objValue, name);
    if (v.kind === 'unknown') return objValue.kind === 'known' ? NONE : { kind: 'byName', name };
    return this.fromValue(v);
  }

  private fromValue(v: Value): Callee {
    if (v.kind === 'fn') return { kind: 'fns', fns: [v.fn], shift: 0 };
    if (v.kind === 'primitive') return { kind: 'primitive', name: v.name };
    if (v.kind === 'param') return { kind: 'param', fn: v.fn, index: v.index };
    if (v.kind === 'builtin' || v.kind === 'foreign') return { kind: v.kind, name: v.name };
    return NONE;
  }

  /** `this.name()`: the member of the class (and its overrides) or object literal the function belongs to. */
  private onThis(name: string, owner: ThisOwner): Callee {
    if (owner?.kind === 'class') {
      const own = this.r.classMember(owner.cls, name, false) ?? this.r.classMember(owner.cls, name, true);
      if (own) {
        const overrides = (this.subclasses.get(owner.cls) ?? []).map((s) => s.members.get(name)).filter((f): f is FnInfo => f !== undefined);
        return { kind: 'fns', fns: [own, ...overrides], shift: 0 };
      }
    } else if (owner?.kind === 'object') {
      const v = this.r.member({ kind: 'object', obj: owner.obj }, name);
      if (v.kind === 'fn') return { kind: 'fns', fns: [v.fn], shift: 0 };
    }
    return { kind: 'byName', name };
  }

  /** `obj[key]()` on a user object or class: any of its function members. */
  private anyMember(obj: Value): Callee {
    const fns: FnInfo[] = [];
    if (obj.kind === 'object') {
      for (const p of obj.obj.props.values()) {
        const v = 'fn' in p ? ({ kind: 'fn', fn: p.fn } as const) : this.r.value(p.expr, obj.obj.scope);
        if (v.kind === 'fn') fns.push(v.fn);
      }
    } else if (obj.kind === 'class' || obj.kind === 'instance') {
      for (let c: ClassInfo | undefined = obj.cls, d = 0; c && d < 50; c = this.r.superOf(c), d++) {
        fns.push(...(obj.kind === 'class' ? c.statics : c.members).values());
      }
    }
    return fns.length > 0 ? { kind: 'fns', fns, shift: 0 } : NONE;
  }
}

/** Every function-valued member of a user class or object literal, by name (for `obj.m()` on unknown objects). */
export function memberIndex(
  r: Resolver,
  classes: ClassInfo[],
  objects: { props: Map<string, { fn: FnInfo } | { expr: t.Expression }>; scope: Scope }[],
): Map<string, FnInfo[]> {
  const idx = new Map<string, FnInfo[]>();
  const add = (name: string, fn: FnInfo) => {
    const list = idx.get(name) ?? [];
    if (!list.includes(fn)) list.push(fn);
    idx.set(name, list);
  };
  for (const c of classes) {
    for (const [name, fn] of c.members) add(name, fn);
    for (const [name, fn] of c.statics) add(name, fn);
  }
  for (const o of objects) {
    for (const [name, p] of o.props) {
      const v = 'fn' in p ? ({ kind: 'fn', fn: p.fn } as const) : r.value(p.expr, o.scope);
      if (v.kind === 'fn') add(name, v.fn);
    }
  }
  return idx;
}
