// Generates the published declarations (types/*.d.ts) from the sources, one
// self-contained file per module of runtime/module-table.json, with
// dts-bundle-generator: each module's surface is written once, in its source.
//
//   node runtime/build-types.mjs            write types/ and package.json's exports/typesVersions
//   node runtime/build-types.mjs --check    fail (exit 1) when a file or package.json is stale
//
// --root DIR: a copy of the package (tests); --only NAME: only that module (repeatable).
// Declarations marked `@internal` are left out (stripInternal), so a class
// whose instances only llmload makes has a private constructor and an
// `@internal` factory. Only types/globals.d.ts and types/k6.d.ts are
// hand-written (HAND_WRITTEN): the globals are installed at run time
// (runtime/modules/internal/prelude.ts) and the k6 names are derived from the
// generated types; --check refuses any other file in types/.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateDtsBundle } from 'dts-bundle-generator';

const { values: args } = parseArgs({
  options: { check: { type: 'boolean', default: false }, root: { type: 'string' }, only: { type: 'string', multiple: true } },
});
const root = path.resolve(args.root ?? path.dirname(path.dirname(fileURLToPath(import.meta.url))));
const table = JSON.parse(readFileSync(path.join(root, 'runtime/module-table.json'), 'utf8'));
const pick = (list) => (args.only ? list.filter((m) => args.only.includes(m.name)) : list);
const HAND_WRITTEN = ['types/globals.d.ts', 'types/k6.d.ts'];

/** Hand-written declarations of untyped npm packages (`declare module 'x'`) under runtime/ and plugins/. */
function ambientDeclarations() {
  return ['runtime', 'plugins'].flatMap((dir) =>
    readdirSync(path.join(root, dir), { recursive: true })
      .filter((f) => f.endsWith('.d.ts'))
      .map((f) => path.join(root, dir, f)),
  );
}

/** The module's own doc comment (the first JSDoc block of the source), which declaration emit drops. */
function moduleDoc(source) {
  const m = /^\s*(\/\*\*[\s\S]*?\*\/)/.exec(source);
  return m ? `${m[1]}\n\n` : '';
}

/**
 * Drops a doc comment directly followed by another: the first is the header
 * of a file without imports, which declaration emit attaches to the file's
 * first declaration (only the last comment documents a declaration).
 */
const strayHeaders = (text) => text.replace(/^[ \t]*\/\*\*(?:(?!\*\/)[\s\S])*\*\/\n(?=[ \t]*\/\*\*)/gm, '');

/**
 * Imports each package a file augments (`declare module "vitest"`): without
 * it the augmentation is lost when a program reads this file before the
 * package (a test importing `llmload/vitest` before `vitest`).
 */
function loadAugmented(text) {
  const names = [...text.matchAll(/^declare module "([^"]+)"/gm)].map((m) => m[1]);
  return names.map((n) => `import "${n}";\n`).join('') + text;
}

function header(m, script) {
  const source = readFileSync(path.join(root, m.source), 'utf8');
  const lines = [`// Generated from ${m.source} by runtime/build-types.mjs: edit the source, then run \`npm run build:types\`.`];
  // Any import of a script module brings the script globals (__VU, __ENV, open, console) and the k6 names.
  if (script) lines.push('/// <reference path="./globals.d.ts" />');
  return `${lines.join('\n')}\n${moduleDoc(source)}`;
}

/** Declarations of `modules` (script modules, or Node entries), compiled with `tsconfig` plus stripInternal. */
function generate(modules, tsconfig, script) {
  if (modules.length === 0) return [];
  const dir = mkdtempSync(path.join(tmpdir(), 'llmload-types-'));
  try {
    const config = path.join(dir, 'tsconfig.json');
    const files = modules.map((m) => path.join(root, m.source));
    // typeRoots: the config is written outside the package, where @types/node would not be found.
    const compilerOptions = { stripInternal: true, typeRoots: [path.join(root, 'node_modules/@types')] };
    writeFileSync(config, JSON.stringify({ extends: path.join(root, tsconfig), compilerOptions, files }));
    // The compiler sees only the entries and what they import, so an extra entry (its output dropped)
    // references the ambient declarations of npm packages without types (plugins/**/*.d.ts).
    const entries = [...files];
    if (!script) {
      const ambient = path.join(dir, 'ambient.ts');
      writeFileSync(
        ambient,
        `${ambientDeclarations()
          .map((f) => `/// <reference path="${f}" />\n`)
          .join('')}export {};\n`,
      );
      entries.push(ambient);
    }
    // Only an entry that augments another package itself keeps its `declare module` (llmload/vitest adds
    // its matchers to vitest's `expect`); another entry would copy it from any file of the program.
    const augments = (file) => file.endsWith('.ts') && /^declare module /m.test(readFileSync(file, 'utf8'));
    const out = generateDtsBundle(
      entries.map((filePath) => ({ filePath, output: { noBanner: true, exportReferencedTypes: false, inlineDeclareExternals: augments(filePath) } })),
      { preferredConfigPath: config },
    );
    return modules.map((m, i) => ({ file: m.types, text: header(m, script) + loadAugmented(strayHeaders(out[i])) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** package.json's exports and typesVersions as the table says (other exports kept, after the table's). */
function packageExports(pkg) {
  const exportsOf = {};
  const versions = {};
  for (const m of [...table.script, ...table.node]) {
    const sub = m.name === 'llmload' ? '.' : `./${m.name.slice('llmload/'.length)}`;
    exportsOf[sub] = m.dist ? { types: `./${m.types}`, default: `./${m.dist}` } : { types: `./${m.types}` };
    if (sub !== '.') versions[sub.slice(2)] = [m.types];
  }
  for (const [k, v] of Object.entries(pkg.exports ?? {})) if (!(k in exportsOf)) exportsOf[k] = v;
  const main = table.script.find((m) => m.name === 'llmload');
  return { ...pkg, types: `./${main.types}`, exports: exportsOf, typesVersions: { '*': versions } };
}

/** Problems of package.json: a table module it does not export as generated, or a types/ file it exports that no table entry generates. */
function packageProblems(pkg) {
  const want = packageExports(pkg);
  const problems = [];
  for (const key of ['types', 'exports', 'typesVersions']) {
    if (JSON.stringify(pkg[key]) !== JSON.stringify(want[key]))
      problems.push(`package.json "${key}" does not match runtime/module-table.json (run npm run build:types)`);
  }
  const generated = new Set([...table.script, ...table.node].map((m) => `./${m.types}`));
  for (const [k, v] of Object.entries(pkg.exports ?? {})) {
    const types = typeof v === 'object' && v !== null ? v.types : undefined;
    if (typeof types === 'string' && types.startsWith('./types/') && !generated.has(types)) {
      problems.push(`package.json exports "${k}" with ${types}, which runtime/module-table.json does not generate`);
    }
  }
  return problems;
}

/** Files in types/ that neither the table generates nor HAND_WRITTEN lists: hand-kept copies. */
function strayTypes() {
  const known = new Set([...table.script, ...table.node].map((m) => m.types).concat(HAND_WRITTEN));
  // JSON Schemas of llmload's own files (sweep.json, recommend --format json) are documents, not declarations.
  const schema = (f) => f.endsWith('.schema.json');
  return readdirSync(path.join(root, 'types'))
    .map((f) => `types/${f}`)
    .filter((f) => !known.has(f) && !schema(f))
    .map((f) => `${f} is neither generated (runtime/module-table.json) nor hand-written (build-types.mjs HAND_WRITTEN): move its declarations into a source`);
}

function firstDifference(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}: published ${JSON.stringify(x[i] ?? '<end>')}, source gives ${JSON.stringify(y[i] ?? '<end>')}`;
  }
  return '';
}

const started = performance.now();
let outputs;
try {
  outputs = [...generate(pick(table.script), 'runtime/modules/tsconfig.json', true), ...generate(pick(table.node), 'tsconfig.json', false)];
} catch (err) {
  // The compiler's diagnostics are already printed.
  console.error(`build-types: cannot generate the declarations: ${err.message}`);
  process.exit(1);
}
const pkgFile = path.join(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));

if (args.check) {
  const problems = [...packageProblems(pkg), ...strayTypes()];
  for (const { file, text } of outputs) {
    let published = '';
    try {
      published = readFileSync(path.join(root, file), 'utf8');
    } catch {
      problems.push(`${file} is missing (run npm run build:types)`);
      continue;
    }
    if (published !== text) problems.push(`${file} does not match its source (${firstDifference(published, text)}): run npm run build:types`);
  }
  if (problems.length > 0) {
    console.error(`build-types --check: the published types are stale:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`build-types --check: ${outputs.length} declaration files and package.json match their sources (${Math.round(performance.now() - started)} ms)`);
} else {
  for (const { file, text } of outputs) writeFileSync(path.join(root, file), text);
  const pkgText = `${JSON.stringify(packageExports(pkg), null, 2)}\n`;
  if (pkgText !== readFileSync(pkgFile, 'utf8')) writeFileSync(pkgFile, pkgText);
  console.log(`build-types: wrote ${outputs.map((o) => o.file).join(', ')} (${Math.round(performance.now() - started)} ms)`);
  for (const problem of strayTypes()) console.warn(`build-types: ${problem}`);
}
