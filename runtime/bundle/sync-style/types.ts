/**
 * The model of the synchronous-style transform (see ./transform.ts): what the
 * analysis knows about each file, function, binding, value and call.
 */
import type * as t from '@babel/types';

/** A source handed to the transform. */
export interface SourceInput {
  /** Identity of the file in the module graph (the esbuild metafile key, or any unique name in tests). */
  key: string;
  /** The path shown in errors (relative to cwd, "stdin.ts" for stdin). */
  display: string;
  /** The name the inline source map gives the original (the file's base name). */
  mapSource: string;
  source: string;
  typescript: boolean;
  /**
   * The file uses k6/llmload (directly or through its imports) and esbuild
   * parsed it: if the transform cannot parse it, say so rather than skip it.
   */
  mustParse?: boolean;
  /** Import specifier → key of the imported file, or a canonical module name ("llmload/http"). */
  imports: Record<string, string>;
}

/** A refusal with everything esbuild needs to point at the user's line. */
export interface SyncStyleError {
  text: string;
  file: string;
  /** 1-based. */
  line: number;
  /** 0-based, in bytes (esbuild's convention). */
  column: number;
  lineText: string;
}

export interface FileResult {
  /** The edited source with an inline source map; undefined when nothing changed. */
  code?: string;
  errors: SyncStyleError[];
}

export type FnNode = t.Function | t.ObjectMethod | t.ClassMethod | t.ClassPrivateMethod;
export type FnKind = 'function' | 'method' | 'constructor' | 'get' | 'set';

export interface FnInfo {
  node: FnNode;
  file: FileModel;
  kind: FnKind;
  /** Written `async` by the user. */
  userAsync: boolean;
  generator: boolean;
  /** User-async, or nested (lexically) in a user-async function: async style is evident there. */
  asyncRegion: boolean;
  /** Name of each simple (identifier) parameter by position. */
  params: (string | undefined)[];
  /** Parameters some call site passes a function that became async. */
  asyncParams: Set<number>;
  transformed: boolean;
}

/** Who `this` is in a function: a class or an object literal, when the function is its member. */
export type ThisOwner = { kind: 'class'; cls: ClassInfo } | { kind: 'object'; obj: ObjectInfo } | undefined;

export interface ClassInfo {
  node: t.Class;
  file: FileModel;
  scope: Scope;
  /** Instance methods and function-valued fields. */
  members: Map<string, FnInfo>;
  statics: Map<string, FnInfo>;
}

export interface ObjectInfo {
  node: t.ObjectExpression;
  scope: Scope;
  /** Methods, and property values by key. */
  props: Map<string, { fn: FnInfo } | { expr: t.Expression }>;
  hasSpread: boolean;
}

export type Binding =
  | { kind: 'fn'; fn: FnInfo }
  | { kind: 'class'; cls: ClassInfo }
  /** `const x = init` (path: keys when x is destructured from init). */
  | { kind: 'var'; init: t.Expression | undefined; scope: Scope; path: string[] }
  | { kind: 'param'; fn: FnInfo; index: number }
  | { kind: 'import'; file: string; source: string; imported: string }
  /** A binding whose value is not ours: an enum, a TS namespace. */
  | { kind: 'known' }
  /** No known value: catch parameters, loop variables, array destructuring. */
  | { kind: 'opaque' };

export interface Scope {
  parent: Scope | undefined;
  /** Key of the file the scope is in (imports resolve against it). */
  file: string;
  vars: Map<string, Binding>;
}

export type Value =
  | { kind: 'fn'; fn: FnInfo }
  | { kind: 'primitive'; name: string }
  | { kind: 'module'; module: 'http' | 'core' }
  | { kind: 'namespace'; file: FileModel }
  | { kind: 'object'; obj: ObjectInfo }
  | { kind: 'class'; cls: ClassInfo }
  | { kind: 'instance'; cls: ClassInfo }
  | { kind: 'param'; fn: FnInfo; index: number }
  /** A function of ours that does not block (`check`, `group`, `http.url`). */
  | { kind: 'builtin'; name: string }
  /** From a package that is not part of the analysed program: it cannot await what it is given. */
  | { kind: 'foreign'; name: string }
  /** Not the user's: literals, globals, `new Map()`, other llmload modules. */
  | { kind: 'known' }
  /** Could be anything (call results, loop variables, `this`). */
  | { kind: 'unknown' };

export type Callee =
  | { kind: 'primitive'; name: string }
  /** User functions the call may reach; `shift` is 1 for `f.call(thisArg, ...)`, -1 for apply (no argument mapping). */
  | { kind: 'fns'; fns: FnInfo[]; shift: number }
  | { kind: 'param'; fn: FnInfo; index: number }
  /** `obj.m()` on an object of unknown shape: any user member named `name`. */
  | { kind: 'byName'; name: string }
  | { kind: 'builtin'; name: string }
  | { kind: 'foreign'; name: string }
  | { kind: 'none' };

/** Where a call is, for what may be done with it. */
export type Position = 'body' | 'param' | 'field' | 'static-block';

export interface CallSite {
  node: t.CallExpression | t.OptionalCallExpression | t.NewExpression;
  scope: Scope;
  /** The enclosing function; undefined at the top level (init code). */
  fn: FnInfo | undefined;
  position: Position;
  thisOwner: ThisOwner;
  /** The operand of `await` already. */
  awaited: boolean;
  /** Handed to Promise.all/allSettled/any/race/resolve or `.then/.catch/.finally`: used as a promise. */
  promiseUse: boolean;
  /** Returned (return statement, arrow expression body). */
  returned: boolean;
  /** The statement this call begins, when it is in a statement list after a statement not ending in ";". */
  asiHazard: boolean;
  callee: Callee;
  /** Arguments that are functions or parameters (candidates for "passes an async function"). */
  fnArgs: { index: number; value: Value }[];
  /** The checker functions of `check(value, { name: fn })`, which check() calls synchronously. */
  checkers: { node: t.Node; value: Value }[];
  /** `a?.b().c`: once the call is wrapped, the chain must go on optionally ("?" or "?." at pos). */
  chainInsert?: { pos: number; text: string };
}

export interface ExportEntry {
  /** A local binding, or a value expression (export default <expr>). */
  local?: string;
  expr?: t.Expression | t.Declaration;
  /** Re-export: `export { a as b } from 'spec'` / `export * as ns from 'spec'` (imported '*'). */
  from?: { source: string; imported: string };
}

export interface FileModel {
  input: SourceInput;
  ast: t.File;
  scope: Scope;
  fns: FnInfo[];
  fnByNode: Map<t.Node, FnInfo>;
  classes: ClassInfo[];
  classByNode: Map<t.Node, ClassInfo>;
  objects: ObjectInfo[];
  objectByNode: Map<t.Node, ObjectInfo>;
  calls: CallSite[];
  exports: Map<string, ExportEntry>;
  /** `export * from 'spec'`. */
  starExports: string[];
}
