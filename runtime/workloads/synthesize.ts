/**
 * Text of an exact token count. A text is a seeded random sequence of corpus
 * sentences, cut after L of their token ids (whole sentences as written, the
 * last one's ids decoded up to the cut); re-encoding the
 * text must give exactly the requested count (the round-trip check). When a
 * cut splits a word so that the pieces merge differently, L is corrected and
 * the check repeats; when that does not converge, another sentence sequence
 * (the next `attempt`) is drawn.
 *
 * A result is fully described by (key, attempt, cut): texts are rebuilt from
 * those on demand, so a set of 100,000 prompts costs a few bytes per prompt.
 */
import { Random } from '../random.js';
import { WorkloadError } from './workload-error.js';
import { CORPUS_SENTENCES, type SentenceBank } from './sentence-bank.js';

/** How to rebuild one text: the seed key, the attempt that converged, the cut in ids. */
export interface TextRecipe {
  attempt: number;
  cut: number;
}

const MAX_ATTEMPTS = 16;
const MAX_CORRECTIONS = 6;

/**
 * The sentence stream of `key`: sentence k is the k-th draw of Random(key),
 * so a longer stream extends a shorter one. `ends[k]` counts the ids of
 * sentences 0..k. `lead`: the text follows other text (every sentence in its
 * " ..." form; otherwise the first one starts the text).
 */
interface Stream {
  picks: number[];
  ends: number[];
}

function stream(bank: SentenceBank, key: string, n: number, lead: boolean): Stream {
  const rng = new Random(key);
  const picks: number[] = [];
  const ends: number[] = [];
  let total = 0;
  while (total < n) {
    const i = rng.int(bank.first.length);
    total += (picks.length === 0 && !lead ? bank.first[i]! : bank.following[i]!).length;
    picks.push(i);
    ends.push(total);
  }
  return { picks, ends };
}

/**
 * The text of the stream's first `cut` ids: whole sentences as written (no
 * decoding), then the decoded ids of the sentence the cut falls in.
 */
function streamText(bank: SentenceBank, s: Stream, cut: number, lead: boolean): string {
  let out = '';
  let k = 0;
  for (; k < s.picks.length && s.ends[k]! <= cut; k++) out += k === 0 && !lead ? CORPUS_SENTENCES[s.picks[k]!] : ' ' + CORPUS_SENTENCES[s.picks[k]!];
  const done = k === 0 ? 0 : s.ends[k - 1]!;
  if (cut > done) {
    const following = k > 0 || lead;
    let part = bank.tokenizer.decode((following ? bank.following : bank.first)[s.picks[k]!]!.slice(0, cut - done));
    // Some decoders (Metaspace) drop the space of a leading "▁word".
    if (following && !part.startsWith(' ')) part = ' ' + part;
    out += part;
  }
  return out;
}

const attemptKey = (key: string, attempt: number): string => (attempt === 0 ? key : `${key}#${attempt}`);

/** Rebuilds the text of a recipe. */
export function recipeText(bank: SentenceBank, key: string, recipe: TextRecipe, lead: boolean): string {
  if (recipe.cut === 0) return '';
  return streamText(bank, stream(bank, attemptKey(key, recipe.attempt), recipe.cut, lead), recipe.cut, lead);
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
    let s = stream(bank, k, n + 8, lead);
    let cut = n;
    for (let c = 0; c < MAX_CORRECTIONS && cut >= 1; c++) {
      if (cut > s.ends[s.ends.length - 1]!) s = stream(bank, k, cut + 8, lead);
      const text = streamText(bank, s, cut, lead);
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
