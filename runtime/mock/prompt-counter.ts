/**
 * Prompt token counts with the run's tokenizer. Load tests send the same
 * prompts over and over (datasets, fixed prompts), and BPE encoding is the
 * mock's most expensive step per request, so recent counts are cached.
 */
import type { Tokenizer } from '../tokenizers/index.js';

const CACHE_SIZE = 4096;
/** Very long prompts are rarely repeated verbatim and would pin memory. */
const MAX_CACHED_LENGTH = 64 * 1024;

export class PromptCounter {
  private cache = new Map<string, number>();

  constructor(private readonly tokenizer: Tokenizer) {}

  /** Tokens of `prompt`; a number is already a token count (token-id prompts). */
  count(prompt: string | number): number {
    if (typeof prompt === 'number') return prompt;
    if (prompt === '') return 0;
    const hit = this.cache.get(prompt);
    if (hit !== undefined) return hit;
    const n = this.tokenizer.count(prompt);
    if (prompt.length <= MAX_CACHED_LENGTH) {
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(prompt, n);
    }
    return n;
  }
}
