/**
 * The corpus, split into sentences and encoded once per tokenizer. Each
 * sentence is kept in two forms: as it starts a text ("The sun ...") and as
 * it follows other text (" The sun ..."). Concatenating the token ids of a
 * first form and any number of following forms gives the ids of the
 * concatenated text for every tokenizer that splits words at spaces before
 * merging (GPT byte-level BPE, Metaspace): synthesis builds on that, and
 * checks every result by re-encoding it.
 */
import type { Tokenizer } from '../tokenizers/types.js';
import { CORPUS } from './corpus.js';

export interface SentenceBank {
  readonly tokenizer: Tokenizer;
  /** Ids of each sentence at the start of a text. */
  readonly first: readonly (readonly number[])[];
  /** Ids of " " + each sentence. */
  readonly following: readonly (readonly number[])[];
  /**
   * Lower-case words w for which both "w" and " w" are single tokens:
   * the alphabet of unique salts (" w1 w2 ..." has exactly one token per word).
   */
  readonly saltWords: readonly string[];
}

export const CORPUS_SENTENCES: readonly string[] = CORPUS.trim().split(/(?<=[.!?])\s+/);

const banks = new WeakMap<Tokenizer, SentenceBank>();

/**
 * Ids of " " + `s` where it follows other text. A SentencePiece tokenizer
 * puts "▁" before any text, so encode(" s") would start with "▁▁": take the
 * ids after those of a leading word instead.
 */
function followingIds(tokenizer: Tokenizer, s: string): number[] {
  if (!tokenizer.prefixesSpace) return tokenizer.encode(' ' + s);
  return tokenizer.encode('a ' + s).slice(tokenizer.encode('a').length);
}

/** The bank of `tokenizer` (built on first use, ~10k tokens to encode). */
export function sentenceBank(tokenizer: Tokenizer): SentenceBank {
  let bank = banks.get(tokenizer);
  if (!bank) {
    const words = [...new Set(CORPUS.toLowerCase().match(/[a-z]+/g) ?? [])].sort();
    bank = {
      tokenizer,
      first: CORPUS_SENTENCES.map((s) => tokenizer.encode(s)),
      following: CORPUS_SENTENCES.map((s) => followingIds(tokenizer, s)),
      saltWords: words.filter(
        (w) => tokenizer.count(w) === 1 && (tokenizer.prefixesSpace || tokenizer.count(' ' + w) === 1) && tokenizer.count(`${w} ${w}`) === 2,
      ),
    };
    banks.set(tokenizer, bank);
  }
  return bank;
}
