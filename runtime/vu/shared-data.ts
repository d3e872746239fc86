import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WorkloadHost } from '../workloads/host.js';

/**
 * Data shared by all VUs of a run: files read by open() (read once) and
 * SharedArrays (built once, each element kept as one JSON text).
 */
export class SharedData {
  private readonly files = new Map<string, string | Buffer>();
  private readonly arrays = new Map<string, string[]>();
  /** Prompt sets, datasets and tokenizers of llmload/data (built once per run). */
  readonly workloads: WorkloadHost;
  /** Absolute paths of the files the script read (open(), datasets): a distributed run's archive. */
  readonly reads = new Set<string>();

  constructor(private readonly scriptDir: string) {
    this.workloads = new WorkloadHost(scriptDir, this.reads);
  }

  open(file: string, binary: boolean): string | ArrayBuffer {
    const abs = path.resolve(this.scriptDir, file);
    const key = `${binary ? 'b' : 't'}:${abs}`;
    let data = this.files.get(key);
    if (data === undefined) {
      try {
        data = binary ? readFileSync(abs) : readFileSync(abs, 'utf8');
      } catch (err) {
        throw new Error(`open("${file}"): cannot read ${abs} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      }
      this.files.set(key, data);
      this.reads.add(abs);
    }
    if (typeof data === 'string') return data;
    // A fresh ArrayBuffer per call: the isolate gets its own copy anyway.
    return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  }

  arrayLength(name: string): number {
    return this.arrays.get(name)?.length ?? -1;
  }

  storeArray(name: string, items: string[]): void {
    if (!this.arrays.has(name)) this.arrays.set(name, items);
  }

  arrayItem(name: string, index: number): string {
    const items = this.arrays.get(name);
    if (!items) throw new Error(`SharedArray "${name}" does not exist`);
    const item = items[index];
    if (item === undefined) throw new RangeError(`SharedArray "${name}": index ${index} out of range (length ${items.length})`);
    return item;
  }
}
