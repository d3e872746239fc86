/**
 * One walk over a file: its scopes, functions, classes, object literals,
 * exports and every call, each with the context it runs in.
 */
import type * as t from '@babel/types';
import { forEachChild, isFunction, isFunctionExpression, isTypeOnly, keyName } from './ast.js';
import { collectExports } from './exports.js';
import { hoistVars } from './hoist.js';
import { makeClass, makeFn, newFileModel } from './model.js';
import { declareBlock, declareOpaque, declarePattern, newScope } from './scope.js';
import type { ClassInfo, FileModel, FnInfo, FnNode, ObjectInfo, Position, Scope, SourceInput, ThisOwner } from './types.js';
import { callUsage } from './usage.js';

interface State {
  scope: Scope;
  fn: FnInfo | undefined;
  position: Position;
  thisOwner: ThisOwner;
}

export function collectFile(input: SourceInput, ast: t.File): FileModel {
  const model = newFileModel(input, ast);
  const c = new Collector(model);
  const top: State = { scope: model.scope, fn: undefined, position: 'body', thisOwner: undefined };
  hoistVars(ast.program, model.scope);
  c.declare(ast.program.body, top);
  c.visit(ast.program, top);
  collectExports(ast.program, model);
  return model;
}

class Collector {
  private readonly ancestors: t.Node[] = [];
  constructor(private readonly model: FileModel) {}

  declare(stmts: t.Node[], st: State): void {
    declareBlock(stmts, st.scope, { fn: (node) => this.fnOf(node, st), cls: (node, scope) => this.classOf(node, scope) });
  }

  visit(node: t.Node, st: State, owner?: ThisOwner): void {
    if (isTypeOnly(node)) return;
    this.ancestors.push(node);
    try {
      this.dispatch(node, st, owner);
    } finally {
      this.ancestors.pop();
    }
  }

  private children(node: t.Node, st: State): void {
    forEachChild(node, (c) => this.visit(c, st));
  }

  private dispatch(node: t.Node, st: State, owner: ThisOwner): void {
    if (isFunction(node)) return this.visitFunction(node, st, owner);
    switch (node.type) {
      case 'ClassDeclaration':
      case 'ClassExpression':
        return this.visitClass(node, st);
      case 'ObjectExpression':
        return this.visitObject(node, st);
      case 'BlockStatement':
      case 'TSModuleBlock':
        return this.visitBlock(node.body, { ...st, scope: newScope(st.scope) });
      case 'StaticBlock':
        return this.visitBlock(node.body, { ...st, scope: newScope(st.scope), position: 'static-block' });
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
        return this.visitFor(node, st);
      case 'SwitchStatement': {
        this.visit(node.discriminant, st);
        const inner = { ...st, scope: newScope(st.scope) };
        this.declare(
          node.cases.flatMap((k) => k.consequent),
          inner,
        );
        for (const k of node.cases) this.visit(k, inner);
        return;
      }
      case 'CatchClause': {
        const inner = { ...st, scope: newScope(st.scope) };
        if (node.param) declareOpaque(node.param, inner.scope);
        return this.children(node, inner);
      }
      case 'CallExpression':
      case 'OptionalCallExpression':
      case 'NewExpression':
        this.recordCall(node, st);
        return this.children(node, st);
      default:
        return this.children(node, st);
    }
  }

  private visitBlock(body: t.Node[], st: State): void {
    this.declare(body, st);
    for (const s of body) this.visit(s, st);
  }

  private visitFor(node: t.ForStatement | t.ForInStatement | t.ForOfStatement, st: State): void {
    const inner = { ...st, scope: newScope(st.scope) };
    const head = node.type === 'ForStatement' ? node.init : node.left;
    if (head?.type === 'VariableDeclaration' && head.kind !== 'var') {
      for (const d of head.declarations) {
        if (node.type === 'ForStatement') declarePattern(d.id, inner.scope, d.init ?? undefined, []);
        else declareOpaque(d.id, inner.scope);
      }
    }
    this.children(node, inner);
  }

  private recordCall(node: t.CallExpression | t.OptionalCallExpression | t.NewExpression, st: State): void {
    // The node itself is the last ancestor: usage looks at its parents.
    const usage = callUsage(node, this.ancestors.slice(0, -1), this.model.input.source);
    this.model.calls.push({
      node,
      scope: st.scope,
      fn: st.fn,
      position: st.position,
      thisOwner: st.thisOwner,
      ...usage,
      callee: { kind: 'none' },
      fnArgs: [],
      checkers: [],
    });
  }

  fnOf(node: FnNode, st: State): FnInfo {
    return this.model.fnByNode.get(node) ?? makeFn(this.model, node, st.fn);
  }

  classOf(node: t.Class, scope: Scope): ClassInfo {
    return this.model.classByNode.get(node) ?? makeClass(this.model, node, scope);
  }

  private visitFunction(node: FnNode, st: State, owner: ThisOwner): void {
    const fn = this.fnOf(node, st);
    const scope = newScope(st.scope);
    if (node.type === 'FunctionExpression' && node.id) scope.vars.set(node.id.name, { kind: 'fn', fn });
    node.params.forEach((p, index) => {
      if (fn.params[index] !== undefined) scope.vars.set(fn.params[index], { kind: 'param', fn, index });
      else declareOpaque(p, scope);
    });
    const thisOwner = node.type === 'ArrowFunctionExpression' ? st.thisOwner : owner;
    const inner: State = { scope, fn, position: 'param', thisOwner };
    for (const p of node.params) this.visit(p, inner);
    const body = { ...inner, position: 'body' as const };
    if (node.body.type === 'BlockStatement') {
      hoistVars(node.body, scope);
      this.ancestors.push(node.body);
      this.visitBlock(node.body.body, body);
      this.ancestors.pop();
    } else {
      this.visit(node.body, body);
    }
  }

  private visitClass(node: t.Class, st: State): void {
    const cls = this.classOf(node, st.scope);
    const scope = newScope(st.scope);
    if (node.id) scope.vars.set(node.id.name, { kind: 'class', cls });
    if (node.superClass) this.visit(node.superClass, st);
    const owner: ThisOwner = { kind: 'class', cls };
    const inClass: State = { scope, fn: st.fn, position: 'field', thisOwner: owner };
    this.ancestors.push(node.body);
    for (const m of node.body.body) {
      if (isTypeOnly(m)) continue;
      if ('computed' in m && m.computed) this.visit(m.key, st);
      if (m.type === 'ClassMethod' || m.type === 'ClassPrivateMethod') {
        const fn = this.fnOf(m, inClass);
        const name = keyName(m.key, m.computed ?? false);
        if (name !== undefined && fn.kind === 'method') (m.static ? cls.statics : cls.members).set(name, fn);
        this.visit(m, inClass, owner);
      } else if (m.type === 'ClassProperty' || m.type === 'ClassPrivateProperty' || m.type === 'ClassAccessorProperty') {
        const name = keyName(m.key, 'computed' in m ? m.computed : false);
        if (m.value && isFunctionExpression(m.value) && name !== undefined) {
          (m.static ? cls.statics : cls.members).set(name, this.fnOf(m.value, inClass));
        }
        if (m.value) this.visit(m.value, inClass, owner);
      } else {
        this.visit(m, inClass);
      }
    }
    this.ancestors.pop();
  }

  private visitObject(node: t.ObjectExpression, st: State): void {
    const obj: ObjectInfo = { node, scope: st.scope, props: new Map(), hasSpread: false };
    this.model.objectByNode.set(node, obj);
    this.model.objects.push(obj);
    const owner: ThisOwner = { kind: 'object', obj };
    for (const p of node.properties) {
      if (p.type === 'SpreadElement') {
        obj.hasSpread = true;
        this.visit(p, st);
        continue;
      }
      if (p.computed) this.visit(p.key, st);
      const name = keyName(p.key, p.computed);
      if (p.type === 'ObjectMethod') {
        const fn = this.fnOf(p, st);
        if (name !== undefined && fn.kind === 'method') obj.props.set(name, { fn });
        this.visit(p, st, owner);
      } else {
        if (name !== undefined) obj.props.set(name, { expr: p.value as t.Expression });
        this.ancestors.push(p);
        this.visit(p.value, st, owner);
        this.ancestors.pop();
      }
    }
  }
}
