/**
 * sweep.json: a versioned document (types/sweep.schema.json) rewritten
 * atomically (temporary file + rename) after every step, so a killed sweep
 * leaves a valid file with the steps it finished, and `--resume` goes on
 * from it.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { invalidOption, LlmloadError } from '../errors.js';
import { LLMLOAD_VERSION } from '../version.js';
import type { SweepConfig } from './config.js';
import type { SweepAnalysis } from './result.js';
import type { SweepStep } from './step-result.js';

export const SWEEP_SCHEMA_VERSION = 1;
export const SWEEP_FILE = 'sweep.json';

/** The document. `status`: running (steps so far), complete, interrupted (SIGINT). */
export interface SweepDocument {
  schema: 'llmload-sweep';
  version: typeof SWEEP_SCHEMA_VERSION;
  llmload: string;
  script: string;
  status: 'running' | 'complete' | 'interrupted';
  /** Hash of what decides the plan (mode, values, SLOs, durations): a resume must match it. */
  fingerprint: string;
  config: SweepConfig;
  /** The knob of the swept scenario. */
  scenario: string;
  steps: SweepStep[];
  result: SweepAnalysis | null;
  /** The run's tags (`--tag`, options.tags), as in --summary-export: what the sweep is of (a matrix cell). */
  tags: Record<string, string>;
}

/** The fingerprint of a config: every field but the CI gate and stop rules that do not change measured steps. */
export function fingerprintOf(cfg: SweepConfig, script: string): string {
  const { require: _r, ...rest } = cfg;
  return createHash('sha256')
    .update(JSON.stringify({ script: path.basename(script), ...rest }))
    .digest('hex')
    .slice(0, 16);
}

export function newDocument(cfg: SweepConfig, script: string, scenario: string, tags: Record<string, string> = {}): SweepDocument {
  return {
    schema: 'llmload-sweep',
    version: SWEEP_SCHEMA_VERSION,
    llmload: LLMLOAD_VERSION,
    script: path.basename(script),
    status: 'running',
    fingerprint: fingerprintOf(cfg, script),
    config: cfg,
    scenario,
    steps: [],
    result: null,
    tags: { ...tags },
  };
}

/** Writes `doc` to `file` atomically: readers see the old or the new file, never half of one. */
export async function writeDocument(file: string, doc: SweepDocument): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(tmp, JSON.stringify(doc, null, 2) + '\n');
    await rename(tmp, file);
  } catch (err) {
    throw new LlmloadError('ERR_OUTPUT', `--sweep-export: cannot write "${file}": ${(err as Error).message}`);
  }
}

/** `--resume PATH`: a sweep.json, or a directory holding one. */
export function resumeFile(cwd: string, where: string): string {
  const p = path.resolve(cwd, where);
  return existsSync(p) && statSync(p).isDirectory() ? path.join(p, SWEEP_FILE) : p;
}

/** The steps of an earlier run of the same sweep; 104 naming --resume when it is not one. */
export async function readResume(file: string, fingerprint: string): Promise<SweepStep[]> {
  let doc: Partial<SweepDocument>;
  try {
    doc = JSON.parse(await readFile(file, 'utf8')) as Partial<SweepDocument>;
  } catch (err) {
    throw invalidOption('--resume', `cannot read a sweep from "${file}": ${(err as Error).message}`);
  }
  if (doc.schema !== 'llmload-sweep' || doc.version !== SWEEP_SCHEMA_VERSION) {
    throw invalidOption('--resume', `"${file}" is not a version ${SWEEP_SCHEMA_VERSION} llmload sweep`);
  }
  if (doc.fingerprint !== fingerprint) {
    throw invalidOption('--resume', `"${file}" was written by a sweep with other settings (mode, values, SLOs or durations differ)`);
  }
  return Array.isArray(doc.steps) ? doc.steps : [];
}
