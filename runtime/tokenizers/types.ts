/**
 * A model's chat template (Jinja, as in tokenizer_config.json or a GGUF's
 * `tokenizer.chat_template`) and the special tokens it is rendered with.
 */
export interface ChatTemplateSource {
  template: string;
  bosToken?: string;
  eosToken?: string;
  /**
   * The tokenizer adds BOS to every input (`add_bos_token`): a rendered chat
   * that does not start with BOS gets one in front (llama.cpp does this).
   */
  addBos: boolean;
}

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
  /** The model's chat template, when the tokenizer came with one (tokenizer_config.json, chat_template.jinja or a GGUF). */
  readonly chat?: ChatTemplateSource;
  /**
   * SentencePiece style: a "▁" is put before every text, so " word" after
   * other text is not encode(" word") but what follows the first token of
   * encode("a word"). Undefined (false) for byte-level and tiktoken encodings.
   */
  readonly prefixesSpace?: boolean;
}
