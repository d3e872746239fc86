import { lazyPackage, wallTime } from 'llmload/plugin';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as CsvParseSync from 'csv-parse/sync';
import type { Series } from './exposition-parser.js';
import { describeError } from './scrape-loop.js';

const csv = lazyPackage<typeof CsvParseSync>(import.meta.url, 'csv-parse/sync');

/** What llmload asks nvidia-smi for (it has no energy counter: power is integrated). */
export const NVIDIA_SMI_QUERY = 'timestamp,index,uuid,name,utilization.gpu,memory.used,memory.free,power.draw,temperature.gpu,clocks.sm,clocks.mem';

/** nvidia-smi CSV column (header without its ` [unit]`) → the DCGM field it stands for. */
const COLUMN_FIELDS: Readonly<Record<string, string>> = {
  'utilization.gpu': 'DCGM_FI_DEV_GPU_UTIL',
  'memory.used': 'DCGM_FI_DEV_FB_USED',
  'memory.free': 'DCGM_FI_DEV_FB_FREE',
  'power.draw': 'DCGM_FI_DEV_POWER_USAGE',
  'temperature.gpu': 'DCGM_FI_DEV_GPU_TEMP',
  'clocks.sm': 'DCGM_FI_DEV_SM_CLOCK',
  'clocks.current.sm': 'DCGM_FI_DEV_SM_CLOCK',
  'clocks.mem': 'DCGM_FI_DEV_MEM_CLOCK',
  'clocks.current.memory': 'DCGM_FI_DEV_MEM_CLOCK',
};

/** The executable's path when `nvidia-smi` is on PATH. */
export function findNvidiaSmi(env: Record<string, string | undefined>): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === 'win32' ? 'nvidia-smi.exe' : 'nvidia-smi');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Parses `nvidia-smi --query-gpu=… --format=csv` output (header line with
 * units, values like `97 %`, `512.25 W`, `[N/A]`) into one DCGM-named series
 * list per row, so the DCGM mapper handles both sources the same way.
 * `header` carries the column names across chunks of a `-lms` stream.
 */
export class NvidiaSmiCsv {
  private header: string[] | undefined;

  constructor(private readonly hostname: string = os.hostname()) {}

  /** Complete lines in, one `{ series, t }` per data row out. */
  rows(lines: readonly string[], now: () => number = wallTime): Array<{ series: Series[]; t: number }> {
    const out: Array<{ series: Series[]; t: number }> = [];
    for (const line of lines) {
      if (line.trim() === '') continue;
      const cells = (csv().parse(line, { trim: true, relax_column_count: true, relax_quotes: true }) as string[][])[0] ?? [];
      if (cells[0] === 'timestamp' || cells.includes('index')) {
        this.header = cells.map((c) => c.replace(/\s*\[.*\]$/, '').trim());
        continue;
      }
      if (!this.header) continue;
      out.push(this.row(this.header, cells, now()));
    }
    return out;
  }

  private row(header: string[], cells: string[], arrived: number): { series: Series[]; t: number } {
    const cell = (name: string) => {
      const i = header.indexOf(name);
      return i < 0 ? undefined : cells[i];
    };
    const labels: Record<string, string> = { Hostname: this.hostname };
    const gpu = cell('index');
    const uuid = cell('uuid');
    const name = cell('name');
    if (gpu) labels.gpu = gpu;
    if (uuid) labels.UUID = uuid;
    if (name) labels.modelName = name;
    const series: Series[] = [];
    header.forEach((col, i) => {
      const field = COLUMN_FIELDS[col];
      const text = cells[i];
      if (!field || text === undefined) return;
      const m = /^[-+]?\d+(?:\.\d+)?/.exec(text); // "97 %", "512.25 W"; "[N/A]" has no number
      if (!m) return;
      series.push({ name: field, labels, raw: m[0], value: Number(m[0]), type: 'gauge' });
    });
    return { series, t: stampOf(cell('timestamp'), arrived) };
  }
}

/**
 * nvidia-smi's local-time stamp ("2026/05/04 14:02:11.201") as epoch ms, so
 * power is integrated over the GPU's own sampling times even when the pipe
 * delivers rows late; the arrival time when it is missing or implausible.
 */
export function stampOf(text: string | undefined, arrived: number): number {
  const m = text ? /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(text) : null;
  if (!m) return arrived;
  const [, y, mo, d, h, mi, s, ms = '0'] = m;
  const t = new Date(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, +ms.padEnd(3, '0')).getTime();
  return Math.abs(t - arrived) < 60_000 ? t : arrived;
}

export interface NvidiaSmiSourceOptions {
  bin: string;
  intervalMs: number;
  timeoutMs: number;
  onRows(rows: Array<{ series: Series[]; t: number }>): void;
  warn(message: string): void;
}

/**
 * The fallback GPU source: `nvidia-smi --query-gpu=… --format=csv -lms N`
 * running beside the test. `start()` takes a one-shot reading first (fails if
 * nvidia-smi does not work), `stop()` ends the loop and takes a final one-shot
 * reading, as the exporter source's final scrape.
 */
export class NvidiaSmiSource {
  private child: ChildProcess | undefined;
  private readonly csv = new NvidiaSmiCsv();
  private pending = '';
  rowsRead = 0;

  constructor(private readonly opts: NvidiaSmiSourceOptions) {}

  async start(): Promise<void> {
    await this.once();
    const child = spawn(this.opts.bin, [`--query-gpu=${NVIDIA_SMI_QUERY}`, '--format=csv', '-lms', String(Math.round(this.opts.intervalMs))], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      this.pending += chunk;
      const lines = this.pending.split('\n');
      this.pending = lines.pop() ?? '';
      this.deliver(lines);
    });
    child.on('error', (err) => this.opts.warn(`telemetry dcgm: nvidia-smi failed: ${describeError(err)}`));
    child.on('exit', (code, signal) => {
      if (this.child === child && signal === null) this.opts.warn(`telemetry dcgm: nvidia-smi exited early (code ${code}); GPU samples stop here`);
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(kill);
    }
    try {
      await this.once();
    } catch (err) {
      this.opts.warn(`telemetry dcgm: final nvidia-smi reading failed: ${describeError(err)}`);
    }
  }

  /** One reading without -lms. */
  private once(): Promise<void> {
    return new Promise((resolve, reject) => {
      execFile(this.opts.bin, [`--query-gpu=${NVIDIA_SMI_QUERY}`, '--format=csv'], { timeout: this.opts.timeoutMs }, (err, stdout) => {
        if (err) return reject(err);
        const before = this.rowsRead;
        this.deliver(stdout.split('\n'));
        if (this.rowsRead === before) return reject(new Error('nvidia-smi printed no GPU rows'));
        resolve();
      });
    });
  }

  private deliver(lines: string[]): void {
    const rows = this.csv.rows(lines);
    this.rowsRead += rows.length;
    if (rows.length > 0) this.opts.onRows(rows);
  }
}
