/**
 * deploy/k8s as `kubectl apply -k` sends it, and the checks an API server would make, without a cluster:
 * - schema: kubernetes-models' validators, compiled from the Kubernetes 1.33 OpenAPI schema (types, enums,
 *   required fields);
 * - strict fields: kubectl's default field validation (Strict) refuses fields the API does not know, which the
 *   OpenAPI schema lets through; each object is type-checked as an object literal against kubernetes-models'
 *   interfaces (generated from the same schema), whose excess-property check names them;
 * - the API server's rules that the schema cannot express, for the fields these manifests use.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './cli.js';
import { apiServerRules } from './k8s-rules.js';

/** One object of a manifest (the fields the tests read are typed where they read them). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  /** Free-form until validated: each test reads the fields it needs. */
  spec?: any;
  data?: Record<string, string>;
}

/** The kinds deploy/k8s may hold: the model that validates each, and its interface in kubernetes-models' types. */
const KINDS: Record<string, { model: { new (data: never): { validate(): void } }; types: [string, string] }> = {
  'v1/ConfigMap': { model: ConfigMap, types: ['kubernetes-models/v1/ConfigMap', 'IConfigMap'] },
  'v1/Service': { model: Service, types: ['kubernetes-models/v1/Service', 'IService'] },
  'apps/v1/Deployment': { model: Deployment, types: ['kubernetes-models/apps/v1/Deployment', 'IDeployment'] },
  'batch/v1/Job': { model: Job, types: ['kubernetes-models/batch/v1/Job', 'IJob'] },
};

const KUSTOMIZATION_KEYS = new Set(['apiVersion', 'kind', 'resources', 'configMapGenerator', 'images']);

interface Kustomization {
  resources: string[];
  configMapGenerator?: Array<{ name: string; files: string[]; options?: { disableNameSuffixHash?: boolean; labels?: Record<string, string> } }>;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
}

/** Reads a YAML stream: one object per document; a YAML error throws with the file's name. */
export function readManifest(file: string, text = readFileSync(file, 'utf8')): K8sObject[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
    const o = doc.toJS() as K8sObject | null;
    return o === null ? [] : [o];
  });
}

/**
 * The objects `kubectl apply -k dir` creates. Only the kustomization features deploy/k8s uses are
 * implemented, and any other key is refused, so nothing is silently left out.
 */
export function buildKustomization(dir: string): { objects: K8sObject[]; kustomization: Kustomization; files: string[] } {
  const raw = readManifest(path.join(dir, 'kustomization.yaml'))[0] as unknown as Kustomization & Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !KUSTOMIZATION_KEYS.has(k));
  if (unknown.length > 0) throw new Error(`kustomization.yaml: unsupported keys ${unknown.join(', ')}`);
  const files = ['kustomization.yaml', ...raw.resources];
  const objects = raw.resources.flatMap((r) => readManifest(path.join(dir, r)));
  for (const gen of raw.configMapGenerator ?? []) {
    if (!gen.options?.disableNameSuffixHash) throw new Error(`configMapGenerator ${gen.name}: the tests expect a stable name`);
    files.push(...gen.files);
    const data = Object.fromEntries(gen.files.map((f) => [path.basename(f), readFileSync(path.join(dir, f), 'utf8')]));
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: gen.name, labels: gen.options.labels }, data });
  }
  for (const img of raw.images ?? []) {
    for (const c of containersOf(objects)) {
      if (c.image === img.name) c.image = `${img.newName ?? img.name}:${img.newTag ?? 'latest'}`;
    }
  }
  return { objects, kustomization: raw, files };
}

/** A container of a pod template, as far as these checks read it. */
export interface Container {
  name: string;
  image?: string;
  args?: string[];
  command?: string[];
  env?: Array<{ name: string; value?: string }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  volumeMounts?: Array<{ name: string; mountPath: string; subPath?: string; readOnly?: boolean }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** A pod's volume, as far as these checks read it. */
export interface Volume {
  name: string;
  configMap?: { name: string };
  emptyDir?: Record<string, unknown>;
}

/** The pod template of a Deployment or Job (undefined for other kinds). */
export function podSpecOf(o: K8sObject): { restartPolicy?: string; containers: Container[]; volumes?: Volume[] } | undefined {
  return o.kind === 'Deployment' || o.kind === 'Job' ? o.spec?.template?.spec : undefined;
}

export function containersOf(objects: K8sObject[]): Container[] {
  return objects.flatMap((o) => podSpecOf(o)?.containers ?? []);
}

/** Every problem the three checks find, as `Kind/name: message`; empty when all objects are valid. */
export function validateObjects(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata?.name}`;
    const kind = KINDS[`${o.apiVersion}/${o.kind}`];
    if (!kind) {
      problems.push(`${id}: ${o.apiVersion} ${o.kind} is not a kind these manifests may use`);
      continue;
    }
    try {
      new kind.model(o as never).validate();
    } catch (err) {
      problems.push(`${id}: schema: ${(err as Error).message}`);
    }
    problems.push(...apiServerRules(o).map((m) => `${id}: ${m}`));
  }
  problems.push(...strictFieldProblems(objects.filter((o) => KINDS[`${o.apiVersion}/${o.kind}`])));
  return problems;
}

/** kubectl's strict field validation, by TypeScript's excess-property check on each object as a literal. */
function strictFieldProblems(objects: K8sObject[]): string[] {
  const file = path.join(repoRoot, '__deploy_k8s_objects__.ts');
  const imports = [...new Set(objects.map((o) => KINDS[`${o.apiVersion}/${o.kind}`].types))];
  const lines = imports.map(([mod, name]) => `import type { ${name} } from '${mod}';`);
  // The source line where each object starts, to name it in a diagnostic.
  const firstLine: number[] = [];
  let lineNo = lines.length;
  objects.forEach((o, i) => {
    firstLine.push(lineNo);
    const [, name] = KINDS[`${o.apiVersion}/${o.kind}`].types;
    const literal = `export const o${i}: ${name} = ${JSON.stringify(o, null, 1)};`;
    lines.push(literal);
    lineNo += literal.split('\n').length;
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => f === file || fileExists(f);
  host.readFile = (f) => (f === file ? source : readFile(f));
  host.getSourceFile = (f, lang, ...rest) => (f === file ? ts.createSourceFile(f, source, lang) : getSourceFile(f, lang, ...rest));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    // JSON keys are quoted: '"parallelizm"' reads better as 'parallelizm'.
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/'"([^"']*)"'/g, "'$1'");
    if (d.file?.fileName !== file || d.start === undefined) return `strict fields: ${text}`;
    const line = d.file.getLineAndCharacterOfPosition(d.start).line;
    const i = firstLine.findLastIndex((l) => l <= line);
    const o = objects[i];
    return `${o ? `${o.kind}/${o.metadata?.name}` : 'imports'}: strict fields: ${text}`;
  });
}
