/** Small helpers over @babel/parser's AST (no @babel/traverse: a generic child walk is enough). */
import type * as t from '@babel/types';

/** Keys that never hold code: positions, comments, type annotations. */
const SKIP_KEYS = new Set([
  'type',
  'start',
  'end',
  'loc',
  'range',
  'extra',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'typeArguments',
  'superTypeParameters',
  'superTypeArguments',
  'implements',
  'predicate',
]);

/** Declarations that are types only. */
const TYPE_ONLY = new Set(['TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSDeclareFunction', 'TSDeclareMethod', 'TSIndexSignature']);

function isNode(v: unknown): v is t.Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

/** Calls `fn` for each child node that can hold code, in source order. */
export function forEachChild(node: t.Node, fn: (child: t.Node) => void): void {
  for (const key in node) {
    if (SKIP_KEYS.has(key)) continue;
    const v = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(v)) {
      for (const c of v) if (isNode(c) && !TYPE_ONLY.has(c.type)) fn(c);
    } else if (isNode(v) && !TYPE_ONLY.has(v.type)) {
      fn(v);
    }
  }
}

export function isTypeOnly(node: t.Node): boolean {
  return TYPE_ONLY.has(node.type) || (node as { declare?: boolean }).declare === true;
}

const WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'ParenthesizedExpression',
]);

/** Whether a node only wraps an expression for the type checker (`x as T`, `x!`, `<T>x`). */
export function isWrapper(node: t.Node): boolean {
  return WRAPPERS.has(node.type);
}

/** The expression under TypeScript wrappers. */
export function unwrap(node: t.Node): t.Node {
  let n = node;
  while (isWrapper(n)) n = (n as t.TSAsExpression).expression;
  return n;
}

export function isFunction(node: t.Node): node is t.Function | t.ObjectMethod | t.ClassMethod | t.ClassPrivateMethod {
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ObjectMethod':
    case 'ClassMethod':
    case 'ClassPrivateMethod':
      return true;
    default:
      return false;
  }
}

export function isFunctionExpression(node: t.Node): node is t.FunctionExpression | t.ArrowFunctionExpression {
  return node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

export function isMember(node: t.Node): node is t.MemberExpression | t.OptionalMemberExpression {
  return node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression';
}

export function isCall(node: t.Node): node is t.CallExpression | t.OptionalCallExpression {
  return node.type === 'CallExpression' || node.type === 'OptionalCallExpression';
}

/** A property key as a string (identifiers, string/number literals, `#private`), or undefined when computed. */
export function keyName(key: t.Node, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateName') return `#${key.id.name}`;
  if (key.type === 'StringLiteral') return key.value;
  if (key.type === 'NumericLiteral') return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** The property name of `obj.name` / `obj['name']` / `obj.#name`. */
export function memberName(node: t.MemberExpression | t.OptionalMemberExpression): string | undefined {
  return keyName(node.property, node.computed);
}

/** `Promise.all` & co.: their argument is used as promises, not values. */
export function isPromiseCombinator(callee: t.Node): boolean {
  const c = unwrap(callee);
  if (!isMember(c)) return false;
  const obj = unwrap(c.object);
  const name = memberName(c);
  return (
    obj.type === 'Identifier' && obj.name === 'Promise' && (name === 'all' || name === 'allSettled' || name === 'any' || name === 'race' || name === 'resolve')
  );
}

/** 1-based line and 0-based byte column of `offset` in `source`, with the line's text. */
export function locate(source: string, offset: number): { line: number; column: number; lineText: string } {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  let line = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) line++;
  let lineEnd = source.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = source.length;
  const lineText = source.slice(lineStart, lineEnd).replace(/\r$/, '');
  const column = Buffer.byteLength(source.slice(lineStart, offset), 'utf8');
  return { line, column, lineText };
}
