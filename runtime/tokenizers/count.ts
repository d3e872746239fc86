/**
 * Token counting in time linear in the text's length.
 *
 * BPE merges one pre-token (a word, a run of punctuation, a run of spaces) in
 * time quadratic in its length (gpt-tokenizer rescans the whole pre-token
 * after every merge), so one long run takes minutes and blocks its thread all
 * along. Degenerate model output (`!!!!…`, base64, minified code, endless
 * newlines) is made of such runs. So a text is counted piece by piece:
 *
 *  - pieces end before a blank (a space, a tab: whitespace that is not a line
 *    break) that precedes a non-whitespace character. tiktoken-style and
 *    byte-level pre-tokenizers start a pre-token there (" word" carries its
 *    leading space; a space before a space stays apart), so for ordinary text
 *    the sum over pieces is exactly the whole text's count;
 *  - a run (of non-whitespace, or of whitespace) longer than `maxRun` is cut
 *    too: at punctuation between two letters ("a.b", "中，文") when there is
 *    some in the run's last half, which is exact as well, else after `maxRun`
 *    characters. A hard cut makes the count approximate: within about one
 *    token per cut, since only the tokens around the cut can change.
 */

/** Longest run encoded in one go: longer ones cost more per character, shorter ones no less. */
export const MAX_RUN = 512;
/** Pieces end at the first exact cut past this length, so no encode call gets a huge text. */
export const PIECE = 8192;

export interface PieceOptions {
  /** Default MAX_RUN. */
  maxRun?: number;
  /** Default PIECE. */
  piece?: number;
}

/** JavaScript's `\s` (the class tiktoken-style pre-tokenizer regexes use), without a regex call per character. */
export function isWs(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}
/** Not a line break: "x.\n" and " \n" are one pre-token, so a cut before a newline could split one. */
const isBlank = (c: number): boolean => c !== 10 && c !== 13 && isWs(c);
const LETTER = /\p{L}/u;
const PUNCT = /[\p{P}\p{S}]/u;
const at = (text: string, i: number): string => text[i] ?? '';

/**
 * Punctuation between two letters ("a.b", "中，文"), not an apostrophe ("it's"
 * is one pre-token): the letters' pre-token ends there and the next one starts
 * with the punctuation, so a cut there is exact too. Used inside long runs.
 */
function isSoftCut(text: string, i: number): boolean {
  const c = at(text, i);
  return c !== "'" && PUNCT.test(c) && LETTER.test(at(text, i - 1)) && LETTER.test(at(text, i + 1));
}

/** Where to cut a run that reached `maxRun` at `i`: a soft cut in the run's second half, else `i`. */
function runCut(text: string, i: number, from: number, maxRun: number): number {
  // Only the second half, so each cut moves on by at least half a run: linear overall.
  for (let j = i - 1; j > from && j >= i - (maxRun >> 1); j--) if (isSoftCut(text, j)) return j;
  // Never between the halves of a surrogate pair: each half alone is a replacement character.
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff ? i - 1 : i;
}

/** The pieces `text` is counted in, in order; their concatenation is `text`. */
export function* pieces(text: string, opts: PieceOptions = {}): Generator<string> {
  const maxRun = opts.maxRun ?? MAX_RUN;
  const piece = opts.piece ?? PIECE;
  const n = text.length;
  let start = 0; // of the current piece
  let cut = -1; // the last exact cut point after `start`
  let runStart = 0; // of the current run of whitespace or of non-whitespace
  let prevWs = n > 0 && isWs(text.charCodeAt(0));
  for (let i = 1; i < n; i++) {
    const ws = isWs(text.charCodeAt(i));
    if (ws !== prevWs) {
      runStart = i;
      // A non-whitespace character after a blank: a pre-token starts at that blank.
      if (!ws && i - 1 > start && isBlank(text.charCodeAt(i - 1))) cut = runStart = i - 1;
      prevWs = ws;
    }
    if (i - start >= piece && cut > start) {
      yield text.slice(start, cut);
      start = cut;
    } else if (i - Math.max(runStart, start) >= maxRun) {
      const c = runCut(text, i, Math.max(runStart, start), maxRun);
      if (c > start) {
        yield text.slice(start, c);
        start = runStart = c;
      }
    }
  }
  if (start < n) yield text.slice(start);
}

/**
 * `count` summed over the pieces of `text`: exact for ordinary text, linear
 * in time for any text (see the file's comment).
 */
export function countInPieces(text: string, count: (piece: string) => number, opts?: PieceOptions): number {
  if (text.length <= (opts?.maxRun ?? MAX_RUN)) return count(text);
  let total = 0;
  for (const p of pieces(text, opts)) total += count(p);
  return total;
}
