// Replays a Mooncake trace: each record is sent at its timestamp (÷ timeScale),
// its prompt built from its hash_ids (each id = the same 512-token block
// wherever it appears, so shared ids hit the server's prefix cache exactly as
// in production), asking for exactly output_length tokens.
//   npx llmload run --mock scripts/mooncake-replay.ts                 (from the repo root)
//   npx llmload run -e LLMLOAD_BASE_URL=http://localhost:8000 -e MODEL=my-model \
//     -e TRACE=traces/mooncake.jsonl -e TIME_SCALE=1 scripts/mooncake-replay.ts
import openai from 'llmload/openai';
import { HashIdPrompts } from 'llmload/data';

interface MooncakeRecord {
  timestamp: number;
  input_length: number;
  output_length: number;
  hash_ids: number[];
}

export const options = {
  scenarios: {
    replay: {
      executor: 'trace-replay',
      // Relative to the directory llmload runs in.
      file: __ENV.TRACE ?? 'scripts/data/mooncake-sample.jsonl',
      timeScale: Number(__ENV.TIME_SCALE ?? 4),
      // Enough VUs for the trace's peak concurrency: an arrival with no idle VU is dropped.
      preAllocatedVUs: Number(__ENV.VUS ?? 60),
      maxVUs: Math.max(200, Number(__ENV.VUS ?? 0)),
    },
  },
  thresholds: {
    dropped_iterations: ['count == 0'],
  },
};

const client = openai.client({ model: __ENV.MODEL ?? 'llmload-mock', tokenizer: __ENV.TOKENIZER });
// Init code: loads the tokenizer once, before the replay starts.
const blocks = new HashIdPrompts({ blockSize: 512, tokenizer: __ENV.TOKENIZER });

// The record arrives as the second argument (the first is setup() data).
export default async function (_setup: unknown, record: MooncakeRecord) {
  const prompt = blocks.prompt(record.hash_ids, record.input_length);
  await client.chat({
    messages: [{ role: 'user', content: prompt }],
    max_tokens: Math.max(1, record.output_length),
    ignore_eos: true,
  });
}
