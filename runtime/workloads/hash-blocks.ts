/**
 * Mooncake-style prompts from hash ids: each id stands for one block of
 * `blockSize` tokens, and the same id (same seed and tokenizer) always gives
 * the same block text, so requests that share leading ids share exactly those
 * prefix tokens. A prompt of `inputLength` tokens takes min(blockSize, rest)
 * tokens from each id in turn (a short last block is the start of that id's
 * block) and, if the ids run out, unique filler tokens.
 *
 * Block texts start with a space and end without one, so the tokens of a
 * concatenation are the concatenation of the blocks' tokens for tokenizers
 * that split at spaces; each block passes the round-trip check when first
 * built. Building a block costs one encode (~0.1 ms); recipes are kept for
 * every id, texts for the most recent MAX_CACHED blocks.
 */
import type { Seed } from '../random.js';
import type { Tokenizer } from '../tokenizers/types.js';
import { spec } from './workload-error.js';
import { seedTag } from './options.js';
import { sentenceBank, type SentenceBank } from './sentence-bank.js';
import { recipeText, synthesize, type TextRecipe } from './synthesize.js';

const MAX_CACHED = 8192;
export const DEFAULT_BLOCK_SIZE = 512;

export class HashBlocks {
  private readonly bank: SentenceBank;
  private readonly tag: string;
  private readonly recipes = new Map<string, TextRecipe>();
  private readonly texts = new Map<string, string>();

  constructor(
    tokenizer: Tokenizer,
    readonly blockSize: number,
    seed: Seed,
  ) {
    // Built now (init code), not on the first request: it encodes the corpus.
    this.bank = sentenceBank(tokenizer);
    this.tag = seedTag(seed);
  }

  /** The prompt for `hashIds` with `inputLength` tokens. */
  prompt(hashIds: readonly number[], inputLength: number, where = 'hash ids'): string {
    if (!Number.isSafeInteger(inputLength) || inputLength < 1) throw spec(where, `input length must be an integer ≥ 1, got ${JSON.stringify(inputLength)}`);
    let rest = inputLength;
    let out = '';
    for (const id of hashIds) {
      if (rest === 0) break;
      if (!Number.isSafeInteger(id)) throw spec(where, `hash ids must be integers, got ${JSON.stringify(id)}`);
      const n = Math.min(this.blockSize, rest);
      out += this.block(`${this.tag}:block:${id}`, n);
      rest -= n;
    }
    // More tokens than ids cover: filler that is unique to this id list and length.
    if (rest > 0) out += this.block(`${this.tag}:tail:${hashIds.join(',')}:${inputLength}`, rest);
    return out;
  }

  private block(key: string, n: number): string {
    const k = n === this.blockSize ? key : `${key}/${n}`;
    const cached = this.texts.get(k);
    if (cached !== undefined) {
      // Map order is insertion order: re-insert to keep recent blocks.
      this.texts.delete(k);
      this.texts.set(k, cached);
      return cached;
    }
    const recipe = this.recipes.get(k);
    let text: string;
    if (recipe) text = recipeText(this.bank, key, recipe, true);
    else {
      const built = synthesize(this.bank, key, n, true);
      this.recipes.set(k, built.recipe);
      text = built.text;
    }
    this.texts.set(k, text);
    if (this.texts.size > MAX_CACHED) this.texts.delete(this.texts.keys().next().value!);
    return text;
  }
}
