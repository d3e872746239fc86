/**
 * How llama.cpp splits text before byte-level BPE, by the GGUF's
 * `tokenizer.ggml.pre` name: a list of regexes applied one after the other
 * (each splits the pieces of the one before; text no regex matches stays a
 * piece of its own), which is HuggingFace's Split pre-tokenizer with
 * behavior "Isolated". These are the patterns llama.cpp's llama-vocab.cpp
 * uses for each name (its variants without `(?i:…)`), so a tokenizer built
 * from a GGUF splits text as the llama.cpp server serving that GGUF does.
 *
 * Names not listed here are refused rather than guessed: a wrong split
 * gives wrong token counts, and the model's own tokenizer.json can always
 * be given instead.
 */

/** A pre-tokenizer family: its regexes, and llama.cpp's per-family defaults. */
export interface PreTokenizerFamily {
  regexes: readonly string[];
  /** A pre-token that is itself in the vocabulary is one token, whatever the merges say (llama.cpp `ignore_merges`). */
  ignoreMerges: boolean;
  /** llama.cpp adds BOS for this family unless the GGUF says otherwise (`tokenizer.ggml.add_bos_token`). */
  addBos: boolean;
}

const CONTRACTIONS = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])";
/** GPT-2's pattern (the `|\s+` tail is what llama.cpp's custom GPT-2 splitter does with leftover blanks). */
const GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
const GPT2_NO_TAIL = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
const LLAMA3 = `${CONTRACTIONS}|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+`;
const QWEN2 = `${CONTRACTIONS}|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+`;
const SEED_CODER = `${CONTRACTIONS}|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1}| ?[^\\s\\p{L}\\p{N}\\r\\n]+|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+`;
// "Upper then lower" words written with look-aheads, as llama.cpp does (it has no \p{Lu}/\p{Ll}).
const UPPER = '((?=[\\p{L}])([^a-z]))';
const LOWER = '((?=[\\p{L}])([^A-Z]))';
const GPT4O =
  `[^\\r\\n\\p{L}\\p{N}]?${UPPER}*${LOWER}+${CONTRACTIONS}?|[^\\r\\n\\p{L}\\p{N}]?${UPPER}+${LOWER}*${CONTRACTIONS}?` +
  '|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+';
const TEKKEN = `[^\\r\\n\\p{L}\\p{N}]?${UPPER}*${LOWER}+|[^\\r\\n\\p{L}\\p{N}]?${UPPER}+${LOWER}*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+`;
const DEEPSEEK3 = [
  '\\p{N}{1,3}',
  '[一-龥぀-ゟ゠-ヿ]+',
  '[!"#$%&\'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\\r\\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+',
];

const family = (regexes: readonly string[], ignoreMerges = false, addBos = false): PreTokenizerFamily => ({ regexes, ignoreMerges, addBos });

const FAMILIES: ReadonlyArray<readonly [names: readonly string[], family: PreTokenizerFamily]> = [
  // What llama.cpp uses for a BPE GGUF without a known name (it warns that this is likely wrong).
  [['default'], family(['[\\p{P}\\$\\+<=>\\^~\\|]+', GPT2_NO_TAIL, '\\p{N}+', '[0-9][0-9][0-9]'])],
  [['llama3', 'llama-v3', 'llama-bpe', 'falcon3', 'falcon-h1', 'pixtral', 'midm-2.0', 'lfm2'], family([LLAMA3], true, true)],
  [['dbrx', 'smaug-bpe', 'glm4', 'chatglm-bpe'], family([LLAMA3])],
  [['qwen2', 'deepseek-r1-qwen', 'kormo', 'megrez', 'stablelm2', 'hunyuan', 'grok-2'], family([QWEN2])],
  [['seed-coder'], family([SEED_CODER])],
  [
    [
      'gpt-2',
      'phi-2',
      'jina-es',
      'jina-de',
      'gigachat',
      'jina-v2-es',
      'jina-v2-de',
      'a.x-4.0',
      'mellum',
      'exaone4',
      'mpt',
      'olmo',
      'jais',
      'trillion',
      'granite-docling',
    ],
    family([GPT2]),
  ],
  [['starcoder', 'refact', 'command-r', 'smollm', 'codeshell', 'exaone', 'minerva-7b'], family(['\\p{N}', GPT2])],
  [['falcon'], family(['[\\p{P}\\$\\+<=>\\^~\\|`]+', GPT2_NO_TAIL, '[0-9][0-9][0-9]'])],
  [['gpt-4o', 'llama4', 'minimax-m2'], family([GPT4O])],
  [['tekken'], family([TEKKEN], true, true)],
  [['deepseek-v3', 'hunyuan-dense'], family(DEEPSEEK3)],
];

const BY_NAME = new Map(FAMILIES.flatMap(([names, f]) => names.map((n) => [n, f] as const)));

/** The family of `tokenizer.ggml.pre` (a missing name is llama.cpp's "default"); undefined when unknown. */
export function preTokenizerFamily(pre: string | undefined): PreTokenizerFamily | undefined {
  return BY_NAME.get(pre ?? 'default');
}

/** Every name this table knows, for error messages. */
export const KNOWN_PRE_TOKENIZERS: readonly string[] = [...BY_NAME.keys()].sort();
