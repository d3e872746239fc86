// Prefix-cache scenario: 8 shared "system prompts" of 1,024 tokens, each
// request = one of them + a unique suffix (total 1,536 ± 256 tokens), at a
// fixed arrival rate. Compare with PREFIX=0 (no shared prefix) or SALT=1
// (a unique salt right after the prefix: only the prefix can be cached) to
// see what the server's prefix cache is worth.
//   npx llmload run --mock scripts/shared-prefix.ts
import openai from 'llmload/openai';
import { Prompts, chatRequest } from 'llmload/data';

export const options = {
  scenarios: {
    prefix: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE ?? 10),
      duration: __ENV.DURATION ?? '20s',
      preAllocatedVUs: 20,
      maxVUs: 100,
    },
  },
};

const prefixTokens = Number(__ENV.PREFIX ?? 1024);
const prompts = new Prompts('shared-prefix', {
  count: 500,
  input: { dist: 'normal', mean: prefixTokens + 512, stddev: 128, min: prefixTokens + 64, max: prefixTokens + 1024 },
  output: 64,
  prefix: prefixTokens > 0 ? { count: 8, tokens: prefixTokens } : undefined,
  salt: __ENV.SALT === '1',
  tokenizer: __ENV.TOKENIZER,
  seed: 7,
});

const client = openai.client({ model: __ENV.MODEL ?? 'llmload-mock', tokenizer: __ENV.TOKENIZER });

export default async function () {
  const p = prompts.next();
  // The prefix id as a tag: llm_ttft{prefix:3} in thresholds and outputs.
  await client.chat(chatRequest(p), { tags: { prefix: String(p.prefix_id ?? 'none') } });
}
