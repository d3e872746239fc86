/**
 * The host side of `llmload/data`'s workload helpers: one per run (it lives in
 * SharedData), called synchronously from the isolate as `data(op, args)` and
 * answering JSON text. Prompt sets, datasets and hash-id blocks are built
 * once, the first time any VU asks for them, and shared by all VUs; `next`
 * counters are shared too, so the k-th request of the run gets the k-th item
 * whichever VU sends it.
 */
import path from 'node:path';
import { Random } from '../random.js';
import { getTokenizer } from '../tokenizers/index.js';
import type { Tokenizer } from '../tokenizers/types.js';
import { buildDataset, readDatasetSpec } from './dataset.js';
import { spec, WorkloadError } from './workload-error.js';
import { DEFAULT_BLOCK_SIZE, HashBlocks } from './hash-blocks.js';
import { lengthSampler } from './lengths.js';
import { asObject, checkKeys, optInt, optSeed, optString, seedTag, type Obj } from './options.js';
import { PromptSet, readPromptSetOptions } from './prompt-set.js';

interface Named<T> {
  options: string;
  value: T;
  next: number;
}

type Args = Obj;

export class WorkloadHost {
  private readonly prompts = new Map<string, Named<PromptSet>>();
  private readonly datasets = new Map<string, Named<string[]>>();
  private readonly blocks = new Map<string, HashBlocks>();
  /**
   * The test-wide number of this process's k-th `next()`: k, except in an
   * execution segment, where instances take disjoint stripes so that no two
   * send the same item with the same salt.
   */
  indexInTest: (k: number) => number = (k) => k;

  constructor(
    private readonly scriptDir: string,
    /** Files read for the script (datasets), by absolute path. */
    private readonly reads?: Set<string>,
  ) {}

  /** One synchronous call from a VU; returns JSON text. */
  call(op: string, args: Args): string {
    const result = this.dispatch(op, args);
    return typeof result === 'string' && (op === 'promptGet' || op === 'promptNext' || op === 'datasetGet' || op === 'datasetNext')
      ? result
      : JSON.stringify(result);
  }

  tokenizer(spec: unknown): Tokenizer {
    return getTokenizer(spec === undefined ? undefined : String(spec), this.scriptDir);
  }

  private dispatch(op: string, a: Args): unknown {
    switch (op) {
      case 'tokenizer':
        return { name: this.tokenizer(a.spec).name };
      case 'encode':
        return this.tokenizer(a.spec).encode(String(a.text));
      case 'decode':
        return this.tokenizer(a.spec).decode(a.ids as number[]);
      case 'count':
        return this.tokenizer(a.spec).count(String(a.text));
      case 'lengths': {
        const n = Number(a.count);
        const sampler = lengthSampler(a.spec, 'sampleLengths()');
        const rng = new Random(`${seedTag(optSeed(a, 'sampleLengths()'))}:lengths`);
        return Array.from({ length: n }, () => sampler.sample(rng));
      }
      case 'prompts':
        return { length: this.define(this.prompts, 'Prompts', a, (where) => this.buildPrompts(String(a.name), a.options, where)).length };
      case 'promptGet':
        return JSON.stringify(this.get(this.prompts, 'Prompts', a.name).get(Number(a.index), a.request === undefined ? undefined : Number(a.request)));
      case 'promptNext': {
        const named = this.named(this.prompts, 'Prompts', a.name);
        const k = this.indexInTest(named.next++);
        return JSON.stringify(named.value.get(k % named.value.length, k));
      }
      case 'dataset':
        return { length: this.define(this.datasets, 'Dataset', a, (where) => this.buildDataset(a.options, where)).length };
      case 'datasetGet': {
        const items = this.get(this.datasets, 'Dataset', a.name);
        const i = Number(a.index);
        if (!(Number.isInteger(i) && i >= 0 && i < items.length))
          throw new RangeError(`Dataset "${String(a.name)}": index ${i} out of range (0..${items.length - 1})`);
        return items[i]!;
      }
      case 'datasetNext': {
        const named = this.named(this.datasets, 'Dataset', a.name);
        return named.value[this.indexInTest(named.next++) % named.value.length]!;
      }
      case 'hashBlocks': {
        const { key, blocks } = this.hashBlocks(a.options);
        return { key, blockSize: blocks.blockSize };
      }
      case 'hashPrompt': {
        const blocks = this.blocks.get(String(a.key));
        if (!blocks) throw new WorkloadError('HashIdPrompts: unknown instance (create it in init code)');
        return blocks.prompt(a.ids as number[], Number(a.inputLength), 'HashIdPrompts.prompt()');
      }
      default:
        throw new WorkloadError(`llmload/data: unknown host operation "${op}"`);
    }
  }

  private buildPrompts(name: string, raw: unknown, where: string): PromptSet {
    const o = readPromptSetOptions(raw, where);
    return new PromptSet(this.tokenizer(o.tokenizer), name, o, where);
  }

  private buildDataset(raw: unknown, where: string): string[] {
    const { tokenizer, file } = readDatasetSpec(raw, where);
    const records = buildDataset(raw, where, this.scriptDir, () => this.tokenizer(tokenizer));
    this.reads?.add(path.resolve(this.scriptDir, file));
    return records;
  }

  /** Blocks are shared by every HashIdPrompts with the same tokenizer, block size and seed. */
  private hashBlocks(raw: unknown): { key: string; blocks: HashBlocks } {
    const where = 'HashIdPrompts';
    const o = raw === undefined ? {} : asObject(raw, where);
    checkKeys(o, ['blockSize', 'tokenizer', 'seed'], where);
    const blockSize = optInt(o, 'blockSize', where, 1, DEFAULT_BLOCK_SIZE)!;
    const tok = this.tokenizer(optString(o, 'tokenizer', where));
    const seed = optSeed(o, where);
    const key = `${tok.name}|${blockSize}|${seedTag(seed)}`;
    let b = this.blocks.get(key);
    if (!b) this.blocks.set(key, (b = new HashBlocks(tok, blockSize, seed)));
    return { key, blocks: b };
  }

  /** Builds a named object once; a second definition must have the same options. */
  private define<T>(map: Map<string, Named<T>>, kind: string, a: Args, build: (where: string) => T): T {
    const name = a.name;
    if (typeof name !== 'string' || name === '') throw new TypeError(`${kind} needs a non-empty name`);
    const where = `${kind} "${name}"`;
    const options = JSON.stringify(a.options) ?? 'undefined';
    const existing = map.get(name);
    if (existing) {
      if (existing.options !== options) throw spec(where, 'was already created with different options (names identify shared data)');
      return existing.value;
    }
    const value = build(where);
    map.set(name, { options, value, next: 0 });
    return value;
  }

  private named<T>(map: Map<string, Named<T>>, kind: string, name: unknown): Named<T> {
    const n = map.get(String(name));
    if (!n) throw new WorkloadError(`${kind} "${String(name)}" does not exist`);
    return n;
  }

  private get<T>(map: Map<string, Named<T>>, kind: string, name: unknown): T {
    return this.named(map, kind, name).value;
  }
}
