// Chat completions at a steady rate, with SLOs as thresholds. Try it with no server:
//   npx llmload run --mock scripts/chat.ts
// or against yours:
//   npx llmload run -e LLMLOAD_BASE_URL=http://127.0.0.1:8000 -e MODEL=my-model -e OPENAI_API_KEY=… scripts/chat.ts
import { check } from 'llmload';
import openai from 'llmload/openai';

// baseUrl defaults to __ENV.LLMLOAD_BASE_URL (set by --mock), apiKey to __ENV.OPENAI_API_KEY.
const client = openai.client({ model: __ENV.MODEL ?? 'llmload-mock' });

export const options = {
  scenarios: {
    chat: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE ?? 5),
      timeUnit: '1s',
      duration: __ENV.DURATION ?? '20s',
      preAllocatedVUs: 20,
      maxVUs: 50,
    },
  },
  thresholds: {
    llm_ttft: ['p(95)<500'],
    llm_tpot: ['p(99)<50'],
    llm_req_failed: ['rate<0.01'],
  },
  // A request is "good" when it meets every SLO: llm_goodput, and good requests/s in the summary.
  goodput: { llm_ttft: 500, llm_tpot: 50 },
};

export default async function () {
  const res = await client.chat({ messages: [{ role: 'user', content: 'Tell me a story about a load tester.' }], max_tokens: 128 });
  check(res, {
    ok: (r) => r.ok,
    'has tokens': (r) => r.usage.completion_tokens > 0,
  });
}
