/**
 * Text of an exact token count. A text is a seeded random sequence of corpus
 * sentences, its token ids cut at a length L and decoded; re-encoding the
 * text must give exactly the requested count (the round-trip check). When a
 * cut splits a word so that the pieces merge differently, L is corrected and
 * the check repeats; when that does not converge, another sentence sequence
 * (the next `attempt`) is drawn.
 *
 * A result is fully described by (key, attempt, cut): texts are rebuilt from
 * those on demand, so a set of 100,000 prompts costs a few bytes per prompt.
 */
import { Random } from '../random.js';
import { WorkloadError } from './errors.js';
import type { SentenceBank } from './sentence-bank.js';

/** How to rebuild one text: the seed key, the attempt that converged, the cut in ids. */
export interface TextRecipe {
  attempt: number;
  cut: number;
}

const MAX_ATTEMPTS = 16;
const MAX_CORRECTIONS = 6;

/**
 * The first `n` ids of the sentence stream of `key`: sentence i is the i-th
 * draw of Random(key), so a longer stream extends a shorter one.
 * `lead`: the text follows other text (every sentence in its " ..." form).
 */
export function streamIds(bank: SentenceBank, key: string, n: number, lead: boolean): number[] {
  const rng = new Random(key);
  const out: number[] = [];
  const count = bank.first.length;
  while (out.length < n) {
    const i = rng.int(count);
    const ids = out.length === 0 && !lead ? bank.first[i]! : bank.following[i]!;
    for (const id of ids) out.push(id);
  }
  return out;
}

const attemptKey = (key: string, attempt: number): string => (attempt === 0 ? key : `${key}#${attempt}`);

/** Rebuilds the text of a recipe. */
export function recipeText(bank: SentenceBank, key: string, recipe: TextRecipe, lead: boolean): string {
  if (recipe.cut === 0) return '';
  const ids = streamIds(bank, attemptKey(key, recipe.attempt), recipe.cut, lead);
  return bank.tokenizer.decode(ids.length === recipe.cut ? ids : ids.slice(0, recipe.cut));
}

/**
 * Finds a recipe whose text has exactly `n` tokens. `check(text)` returns the
 * count of the text as it will be used (default: the text alone); pass one
 * that counts head + text when the text follows a fixed head.
 */
export function synthesize(
  bank: SentenceBank,
  key: string,
  n: number,
  lead: boolean,
  check: (text: string) => number = (t) => bank.tokenizer.count(t),
): { recipe: TextRecipe; text: string } {
  if (n === 0) return { recipe: { attempt: 0, cut: 0 }, text: '' };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const k = attemptKey(key, attempt);
    let ids = streamIds(bank, k, n + 8, lead);
    let cut = n;
    for (let c = 0; c < MAX_CORRECTIONS && cut >= 1; c++) {
      if (cut > ids.length) ids = streamIds(bank, k, cut + 8, lead);
      const text = bank.tokenizer.decode(ids.slice(0, cut));
      const got = check(text);
      if (got === n) return { recipe: { attempt, cut }, text };
      cut += n - got;
    }
  }
  throw new WorkloadError(
    `tokenizer "${bank.tokenizer.name}": could not build a text of exactly ${n} tokens in ${MAX_ATTEMPTS} attempts ` +
      '(its merges cross word boundaries in ways the synthesizer cannot control)',
  );
}
