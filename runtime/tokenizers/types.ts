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
  /** encode(text).length, possibly faster. */
  count(text: string): number;
}
