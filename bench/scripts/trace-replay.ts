// Benchmark: replays TRACE (generic JSONL, one tiny chat request per record)
// against the mock; the mock records each request's arrival with its id.
import openai from 'llmload/openai';

export const options = {
  scenarios: { replay: { executor: 'trace-replay', file: __ENV.TRACE, preAllocatedVUs: Number(__ENV.VUS ?? 200), maxVUs: Number(__ENV.VUS ?? 200) } },
};

const client = openai.client({ model: 'bench', stream: false });

export default async function (_setup: unknown, r: { id: number; prompt: string; max_tokens: number }) {
  await client.chat(
    { messages: [{ role: 'user', content: r.prompt }], max_tokens: r.max_tokens, ignore_eos: true },
    { headers: { 'x-request-id': String(r.id) } },
  );
}
