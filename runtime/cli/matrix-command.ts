/** `llmload matrix plan matrix.yaml`: the runs of a test matrix as JSON, CSV or a shell script (runtime/plan/matrix.ts). */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { yaml } from '../lazy-packages.js';
import type { Argv } from 'yargs';
import { invalidOption } from '../errors.js';
import { planMatrix } from '../plan/matrix.js';
import { matrixCsv, matrixShell } from '../plan/matrix-output.js';

export function matrixPlanFlags<T>(y: Argv<T>): Argv<T> {
  return y
    .positional('file', { type: 'string', demandOption: true, describe: 'the matrix (YAML or JSON)' })
    .option('format', { choices: ['json', 'csv', 'sh'] as const, default: 'json', describe: 'what to print: the runs as JSON or CSV, or the shell script' })
    .option('out-dir', {
      type: 'string',
      describe: 'also write matrix.json, matrix.csv and run-matrix.sh (executable) into this folder',
    }) as unknown as Argv<T>;
}

export async function matrixPlanCommand(argv: Record<string, unknown>): Promise<number> {
  const file = String(argv.file);
  let doc: unknown;
  try {
    doc = yaml().parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw invalidOption('matrix plan', `cannot read "${file}": ${(err as Error).message}`);
  }
  const plan = planMatrix(doc, path.basename(file));
  const json = `${JSON.stringify(plan, null, 2)}\n`;
  const outputs = { json, csv: matrixCsv(plan), sh: matrixShell(plan) };
  if (argv.outDir) {
    const dir = String(argv.outDir);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'matrix.json'), outputs.json);
    await writeFile(path.join(dir, 'matrix.csv'), outputs.csv);
    await writeFile(path.join(dir, 'run-matrix.sh'), outputs.sh);
    await chmod(path.join(dir, 'run-matrix.sh'), 0o755);
  }
  process.stdout.write(outputs[(argv.format as 'json' | 'csv' | 'sh') ?? 'json']);
  return 0;
}
