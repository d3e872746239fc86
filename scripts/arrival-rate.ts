// Open model: a fixed arrival rate whatever the latency; thresholds make it a CI gate. Try it with no server:
//   npx llmload run --mock scripts/arrival-rate.ts
// or against yours (-e RATE=… -e DURATION=… to change the load):
//   npx llmload run -e LLMLOAD_BASE_URL=http://127.0.0.1:8000 scripts/arrival-rate.ts
import { check } from 'llmload';
import http from 'llmload/http';

// --mock sets LLMLOAD_BASE_URL; BASE_URL is the name these examples used before.
const BASE_URL = (__ENV.LLMLOAD_BASE_URL ?? __ENV.BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/+$/, '');

export const options = {
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE ?? 50),
      timeUnit: '1s',
      duration: __ENV.DURATION ?? '30s',
      preAllocatedVUs: 20,
      maxVUs: 100,
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<500', { threshold: 'p(99)<1000', abortOnFail: true, delayAbortEval: '10s' }],
    dropped_iterations: ['count==0'],
    iteration_schedule_lag: ['p(99)<50'],
  },
};

export default async function () {
  const res = await http.get(`${BASE_URL}/`);
  check(res, { 'status is 200': (r) => r.status === 200 });
}
