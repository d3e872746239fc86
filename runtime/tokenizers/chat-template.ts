/**
 * Prompt tokens as a server counts them: the model's chat template rendered
 * around the messages (with @huggingface/jinja, the Jinja subset chat
 * templates use), then tokenized with special tokens parsed. BOS is counted
 * once: when the rendered text does not start with it and the tokenizer adds
 * BOS (`add_bos_token`), one is added in front, as llama.cpp does (vLLM adds
 * none there; templates that matter put `{{ bos_token }}` in themselves).
 */
import type { Template } from '@huggingface/jinja';
import { jinja } from '../lazy-packages.js';
import { LlmloadError } from '../errors.js';
import type { ChatTemplateSource, Tokenizer } from './types.js';

/** A tokenizer's chat template, compiled. */
export interface ChatCounter {
  /** The text the server tokenizes for one user message (generation prompt included). */
  render(content: string): string;
  /** Its tokens: what the server reports as `usage.prompt_tokens` for that message. */
  count(content: string): number;
}

const counters = new WeakMap<Tokenizer, ChatCounter>();

function compile(src: ChatTemplateSource, name: string, where: string): Template {
  try {
    return new (jinja().Template)(src.template);
  } catch (err) {
    throw new LlmloadError('ERR_INVALID_OPTION', `${where}: the chat template of tokenizer "${name}" does not parse (${(err as Error).message})`);
  }
}

/**
 * The chat counter of `tok` (compiled once per tokenizer). Throws
 * LlmloadError('ERR_INVALID_OPTION') naming `where` when it has no template
 * or the template cannot render a user message.
 */
export function chatCounter(tok: Tokenizer, where: string): ChatCounter {
  const known = counters.get(tok);
  if (known) return known;
  const src = tok.chat;
  if (!src) {
    throw new LlmloadError(
      'ERR_INVALID_OPTION',
      `${where}: tokenizer "${tok.name}" has no chat template; give the model's tokenizer.json (with its tokenizer_config.json or chat_template.jinja) or its GGUF file`,
    );
  }
  const template = compile(src, tok.name, where);
  const bos = src.bosToken ?? '';
  const render = (content: string): string =>
    template.render({
      messages: [{ role: 'user', content }],
      add_generation_prompt: true,
      bos_token: bos,
      eos_token: src.eosToken ?? '',
    });
  const extraBos = (text: string): number => (src.addBos && bos !== '' && !text.startsWith(bos) ? 1 : 0);
  const counter: ChatCounter = {
    render,
    count: (content) => {
      const text = render(content);
      return tok.encode(text).length + extraBos(text);
    },
  };
  try {
    counter.count('probe');
  } catch (err) {
    if (err instanceof LlmloadError) throw err;
    throw new LlmloadError('ERR_INVALID_OPTION', `${where}: the chat template of tokenizer "${tok.name}" fails on a user message (${(err as Error).message})`);
  }
  counters.set(tok, counter);
  return counter;
}
