/**
 * ShareGPT JSON: `[{ id, conversations: [{ from: "human" | "gpt", value }] }]`.
 * As vLLM's benchmark: the first human turn is the prompt and the reply after
 * it gives the output length (its token count); conversations with fewer than
 * two turns are skipped, and so are pairs that fail the length filters
 * (defaults are vLLM's: both ≥ 4 tokens, prompt ≤ 1024, prompt + reply ≤ 2048).
 * Records also carry every human turn and the token counts of the replies,
 * for multi-turn replay.
 */
import type { Tokenizer } from '../tokenizers/types.js';
import { spec } from './workload-error.js';
import { checkKeys, optInt, type Obj } from './options.js';

export const SHAREGPT_KEYS = ['minTokens', 'maxPromptTokens', 'maxTotalTokens'] as const;

export interface ShareGptFilters {
  minTokens: number;
  maxPromptTokens: number;
  maxTotalTokens: number;
}

export interface ShareGptRecord {
  id?: string;
  prompt: string;
  input_tokens: number;
  /** Tokens of the reference reply. */
  max_tokens: number;
  /** Every human turn, in order (turns[0] === prompt). */
  turns: string[];
  /** Tokens of the reference reply to each human turn (0 where there is none). */
  reply_tokens: number[];
}

export function readShareGptFilters(o: Obj, where: string): ShareGptFilters {
  return {
    minTokens: optInt(o, 'minTokens', where, 0, 4)!,
    maxPromptTokens: optInt(o, 'maxPromptTokens', where, 1, 1024)!,
    maxTotalTokens: optInt(o, 'maxTotalTokens', where, 1, 2048)!,
  };
}

type Turn = { from?: unknown; value?: unknown };

/** Parses the file's conversations into candidate records (no token counts yet). */
export function parseShareGpt(text: string, file: string): Array<{ id?: string; turns: Turn[] }> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw spec(file, `not valid JSON (${(err as Error).message}); ShareGPT files are one JSON array`);
  }
  if (!Array.isArray(data)) throw spec(file, 'a ShareGPT file must hold a JSON array of { conversations: [...] }');
  return data.map((c: unknown, i) => {
    const conv = (c as { conversations?: unknown; id?: unknown } | null)?.conversations;
    if (!Array.isArray(conv)) throw spec(file, `entry ${i} has no "conversations" array`);
    const id = (c as { id?: unknown }).id;
    return { id: typeof id === 'string' ? id : undefined, turns: conv as Turn[] };
  });
}

/** The record of one conversation, or undefined when it is filtered out. */
export function shareGptRecord(conv: { id?: string; turns: Turn[] }, tok: Tokenizer, f: ShareGptFilters): ShareGptRecord | undefined {
  const turns = conv.turns.filter((t) => typeof t?.value === 'string');
  if (turns.length < 2) return undefined;
  const first = turns.findIndex((t) => t.from === 'human' || t.from === 'user');
  if (first < 0 || first + 1 >= turns.length) return undefined;
  const prompt = turns[first]!.value as string;
  const inputTokens = tok.count(prompt);
  const outputTokens = tok.count(turns[first + 1]!.value as string);
  if (inputTokens < f.minTokens || outputTokens < f.minTokens) return undefined;
  if (inputTokens > f.maxPromptTokens || inputTokens + outputTokens > f.maxTotalTokens) return undefined;
  const humans: string[] = [];
  const replies: number[] = [];
  for (let i = first; i < turns.length; i++) {
    const t = turns[i]!;
    if (t.from === 'human' || t.from === 'user') {
      humans.push(t.value as string);
      const next = turns[i + 1];
      replies.push(next && next.from !== 'human' && next.from !== 'user' ? (i === first ? outputTokens : tok.count(next.value as string)) : 0);
    }
  }
  const rec: ShareGptRecord = { prompt, input_tokens: inputTokens, max_tokens: outputTokens, turns: humans, reply_tokens: replies };
  if (conv.id !== undefined) rec.id = conv.id;
  return rec;
}

export function checkShareGptKeys(o: Obj, common: readonly string[], where: string): void {
  checkKeys(o, [...common, ...SHAREGPT_KEYS], where);
}
