/** A loaded tokenizer: synchronous, immutable, shared by every VU of a run. */
export interface Tokenizer {
  /** `o200k_base`, or the tokenizer.json path it came from. */
  readonly name: string;
  /**
   * Token ids of `text` with no BOS/EOS added. Built-in encodings treat
   * special-token strings ("<|endoftext|>") as ordinary text; a tokenizer.json
   * matches its added tokens the way the model's server does.
   */
  encode(text: string): number[];
  /** Text of `ids` (special tokens kept, no clean-up), so decode(encode(t)) == t for ordinary text. */
  decode(ids: readonly number[]): string;
  /**
   * What getTokenizer() loads this tokenizer from in any working directory:
   * the encoding's name or the tokenizer.json's absolute path (a counting
   * thread loads its own copy from it). Absent for tokenizers made elsewhere.
   */
  readonly source?: string;
  /**
   * encode(text).length for ordinary text, in time linear in the text's length
   * whatever the text (runtime/tokenizers/count.ts): a run of more than
   * MAX_RUN characters with no space in it (`!!!!…`, base64) is counted in
   * slices, within about one token per slice.
   */
  count(text: string): number;
}
