/**
 * Per-request salts: K words, each exactly one token, spelling the request
 * number in base W (W = salt words the tokenizer has), least significant
 * digit first so consecutive requests already differ in their first token.
 * Unique for W^K requests (W is in the hundreds for real vocabularies), and
 * cheap: no tokenizer call per request.
 */
import { Random, type Seed } from '../random.js';
import { WorkloadError } from './workload-error.js';
import type { SentenceBank } from './sentence-bank.js';

/** Fewer words than this make salts too long to be unique. */
const MIN_WORDS = 8;

export class Salter {
  private readonly words: string[];

  constructor(
    bank: SentenceBank,
    readonly tokens: number,
    seed: Seed,
  ) {
    if (bank.saltWords.length < MIN_WORDS) {
      throw new WorkloadError(`tokenizer "${bank.tokenizer.name}" has only ${bank.saltWords.length} usable salt words (need ${MIN_WORDS})`);
    }
    // A seeded shuffle: different seeds give different salts for the same request number.
    const words = [...bank.saltWords];
    const rng = new Random(`${typeof seed}:${seed}:salt`);
    for (let i = words.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [words[i], words[j]] = [words[j]!, words[i]!];
    }
    this.words = words;
  }

  /** The salt of request `r` (r ≥ 0): "w1 w2 ..." or, after other text, " w1 w2 ...". */
  text(r: number, lead: boolean): string {
    const base = this.words.length;
    const out: string[] = [];
    let x = r;
    for (let i = 0; i < this.tokens; i++) {
      out.push(this.words[x % base]!);
      x = Math.floor(x / base);
    }
    return (lead ? ' ' : '') + out.join(' ');
  }
}
