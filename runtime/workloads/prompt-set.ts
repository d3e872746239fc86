/**
 * Synthetic prompts of exact token counts, built once per run in the host and
 * shared by every VU. Each prompt is [shared prefix] [salt] body:
 *   - prefix: one of `prefix.count` texts of `prefix.tokens` tokens (prompt i
 *     gets prefix i mod count), so prefix-cache hits are controlled;
 *   - salt: `salt.tokens` words unique to each request (see salt.ts);
 *   - body: corpus sentences filling the prompt to its sampled input length.
 * Input lengths include prefix and salt. With `countTemplate` they also
 * include the model's chat template around the prompt as one user message
 * (BOS, role headers, generation prompt): the count a server reports as
 * usage.prompt_tokens. Every prompt passes the round-trip check at build
 * time; only recipes are stored and texts rebuilt on access.
 */
import { Random, type Seed } from '../random.js';
import type { Prompt } from '../modules/workloads.js';
import { type ChatCounter, chatCounter } from '../tokenizers/chat-template.js';
import type { Tokenizer } from '../tokenizers/types.js';
import { spec, WorkloadError } from './workload-error.js';
import { lengthSampler, type LengthSampler } from './lengths.js';
import { asObject, checkKeys, optBool, optInt, optSeed, optString, seedTag } from './options.js';
import { Salter } from './salt.js';
import { sentenceBank, type SentenceBank } from './sentence-bank.js';
import { recipeText, synthesize } from './synthesize.js';

const KEYS = ['count', 'input', 'output', 'ignoreEos', 'minTokens', 'prefix', 'salt', 'countTemplate', 'tokenizer', 'seed'] as const;
export const DEFAULT_SALT_TOKENS = 8;

export interface PromptSetOptions {
  count: number;
  input: LengthSampler;
  output?: LengthSampler;
  ignoreEos: boolean;
  minTokens: boolean;
  prefix?: { count: number; tokens: number };
  saltTokens: number;
  /** Input lengths count the chat template (rendered around the prompt as one user message). */
  countTemplate: boolean;
  tokenizer?: string;
  seed: Seed;
}

/** One prompt as scripts see it: `llmload/data`'s public type (its one source). */
export type PromptRecord = Prompt;

export function readPromptSetOptions(raw: unknown, where: string): PromptSetOptions {
  const o = asObject(raw, where);
  checkKeys(o, KEYS, where);
  if (o.input === undefined) throw spec(where, 'option "input" is required (a token count or a length distribution)');
  let prefix: PromptSetOptions['prefix'];
  if (o.prefix !== undefined) {
    const p = asObject(o.prefix, `${where}: prefix`);
    checkKeys(p, ['count', 'tokens'], `${where}: prefix`);
    prefix = { count: optInt(p, 'count', `${where}: prefix`, 1, 1)!, tokens: optInt(p, 'tokens', `${where}: prefix`, 1)! };
    if (p.tokens === undefined) throw spec(where, 'option "prefix.tokens" is required');
  }
  let saltTokens = 0;
  if (o.salt === true) saltTokens = DEFAULT_SALT_TOKENS;
  else if (o.salt !== undefined && o.salt !== false) {
    const s = asObject(o.salt, `${where}: salt`);
    checkKeys(s, ['tokens'], `${where}: salt`);
    saltTokens = optInt(s, 'tokens', `${where}: salt`, 1, DEFAULT_SALT_TOKENS)!;
  }
  const output = o.output === undefined ? undefined : lengthSampler(o.output, `${where}: output`);
  const ignoreEos = optBool(o, 'ignoreEos', where);
  const minTokens = optBool(o, 'minTokens', where);
  if ((ignoreEos || minTokens) && !output) throw spec(where, `option "${ignoreEos ? 'ignoreEos' : 'minTokens'}" needs "output" (the output length)`);
  return {
    count: optInt(o, 'count', where, 1, 1000)!,
    input: lengthSampler(o.input, `${where}: input`),
    output,
    ignoreEos,
    minTokens,
    prefix,
    saltTokens,
    countTemplate: optBool(o, 'countTemplate', where),
    tokenizer: optString(o, 'tokenizer', where),
    seed: optSeed(o, where),
  };
}

export class PromptSet {
  readonly length: number;
  private readonly bank: SentenceBank;
  private readonly inputs: Int32Array;
  private readonly outputs: Int32Array | undefined;
  private readonly cuts: Int32Array;
  private readonly attempts: Uint8Array;
  private readonly prefixes: string[] = [];
  private readonly salter: Salter | undefined;
  private readonly tag: string;
  /** With countTemplate: the template, and its tokens around an empty message. */
  private readonly chat: { counter: ChatCounter; overhead: number } | undefined;

  /** `name` is part of every seed key: two sets with one seed still get different prompts. */
  constructor(
    tokenizer: Tokenizer,
    name: string,
    private readonly o: PromptSetOptions,
    where: string,
  ) {
    this.bank = sentenceBank(tokenizer);
    if (o.countTemplate) {
      const counter = chatCounter(tokenizer, where);
      this.chat = { counter, overhead: counter.count('') };
    }
    this.tag = `${seedTag(o.seed)}:${name}`;
    const n = (this.length = o.count);
    this.inputs = new Int32Array(n);
    this.cuts = new Int32Array(n);
    this.attempts = new Uint8Array(n);
    const inRng = new Random(`${this.tag}:input`);
    for (let i = 0; i < n; i++) this.inputs[i] = o.input.sample(inRng);
    if (o.output) {
      const outRng = new Random(`${this.tag}:output`);
      this.outputs = new Int32Array(n);
      for (let i = 0; i < n; i++) this.outputs[i] = o.output.sample(outRng);
    }
    if (o.saltTokens > 0) this.salter = new Salter(this.bank, o.saltTokens, o.seed);
    const head = (o.prefix?.tokens ?? 0) + o.saltTokens;
    const fixed = head + (this.chat?.overhead ?? 0);
    const shortest = this.inputs.reduce((m, x) => Math.min(m, x), Infinity);
    if (shortest < fixed) {
      const parts = this.chat ? `the chat template (${this.chat.overhead}) + prefix + salt (${head})` : 'prefix + salt';
      throw spec(where, `an input length of ${shortest} tokens is shorter than ${parts}: ${fixed} tokens; raise the input length (or its "min")`);
    }
    for (let p = 0; p < (o.prefix?.count ?? 0); p++) {
      this.prefixes.push(synthesize(this.bank, `${this.tag}:prefix:${p}`, o.prefix!.tokens, false).text);
    }
    for (let i = 0; i < n; i++) this.build(i, head);
  }

  private build(i: number, headTokens: number): void {
    const tok = this.bank.tokenizer;
    const head = this.head(i, i);
    const chat = this.chat;
    // The body's count as it will be sent: after the head, inside the template.
    let check: ((t: string) => number) | undefined;
    if (chat) check = (t) => chat.counter.count(head + t) - headTokens - chat.overhead;
    else if (head !== '') check = (t) => tok.count(head + t) - headTokens;
    const { recipe, text } = synthesize(this.bank, this.bodyKey(i), this.inputs[i]! - headTokens - (chat?.overhead ?? 0), head !== '', check);
    if (chat && chat.counter.count(head + text) !== this.inputs[i]) {
      throw new WorkloadError(
        `tokenizer "${tok.name}": the chat template around the prompt head does not add up to ${this.inputs[i]} tokens; change the prefix or salt`,
      );
    }
    this.cuts[i] = recipe.cut;
    this.attempts[i] = recipe.attempt;
  }

  private head(i: number, request: number): string {
    const prefix = this.prefixes.length > 0 ? this.prefixes[i % this.prefixes.length]! : '';
    return this.salter ? prefix + this.salter.text(request, prefix !== '') : prefix;
  }

  private bodyKey(i: number): string {
    return `${this.tag}:body:${i}`;
  }

  /** Prompt `i`; `request` picks the salt (defaults to i). */
  get(i: number, request = i): PromptRecord {
    if (!(Number.isInteger(i) && i >= 0 && i < this.length)) throw new RangeError(`prompt index ${i} out of range (0..${this.length - 1})`);
    const head = this.head(i, request);
    const body = recipeText(this.bank, this.bodyKey(i), { attempt: this.attempts[i]!, cut: this.cuts[i]! }, head !== '');
    const rec: PromptRecord = { index: i, prompt: head + body, input_tokens: this.inputs[i]! };
    if (this.outputs) {
      rec.max_tokens = this.outputs[i]!;
      if (this.o.ignoreEos) rec.ignore_eos = true;
      if (this.o.minTokens) rec.min_tokens = this.outputs[i]!;
    }
    if (this.prefixes.length > 0) rec.prefix_id = i % this.prefixes.length;
    return rec;
  }
}
