// The distributed example: chat completions at a fixed global rate, split across the agents by
// execution segments (each agent starts only its stripe of the arrivals), with SLO thresholds that
// the coordinator evaluates on the merged metrics. deploy/k8s ships it as the ConfigMap
// llmload-scenario (mounted at /scripts/scenario.ts); docker compose mounts this file there too.
// It targets the mock that both deployments start (Service / network alias llmload-mock); point it
// at your server by editing BASE_URL below, or try it on one machine:
//   npx llmload run --mock deploy/k8s/scenario.ts
import { check } from 'llmload';
import openai from 'llmload/openai';

// --mock sets LLMLOAD_BASE_URL; in the cluster and in compose the mock answers as llmload-mock.
const BASE_URL = __ENV.LLMLOAD_BASE_URL ?? 'http://llmload-mock:8000';
const client = openai.client({ baseUrl: BASE_URL, model: __ENV.MODEL ?? 'llmload-mock' });

export const options = {
  scenarios: {
    chat: {
      executor: 'constant-arrival-rate',
      // The global rate: 3 agents start 1/3 of the arrivals each, on the same schedule.
      rate: Number(__ENV.RATE ?? 30),
      timeUnit: '1s',
      duration: __ENV.DURATION ?? '1m',
      // Global counts too: each agent gets its share. ~3 s per answer from the mock × 30/s ≈ 90 in flight.
      preAllocatedVUs: Number(__ENV.VUS ?? 150),
      maxVUs: 4 * Number(__ENV.VUS ?? 150),
    },
  },
  thresholds: {
    llm_ttft: ['p(95)<500'],
    llm_tpot: ['p(99)<50'],
    llm_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '10s' }],
  },
  goodput: { llm_ttft: 500, llm_tpot: 50 },
};

export default async function () {
  const res = await client.chat({ messages: [{ role: 'user', content: 'Tell me a story about a load tester.' }], max_tokens: 128 });
  check(res, {
    ok: (r) => r.ok,
    'has tokens': (r) => r.usage.completion_tokens > 0,
  });
}
