// Closed-model ramp: VUs go 0 → 10 → 10 → 0; each VU loops requests with think time. Try it with no server:
//   npx llmload run --mock scripts/ramp.ts
// or against yours (-e RAMP=… -e HOLD=… to change the stages):
//   npx llmload run -e LLMLOAD_BASE_URL=http://127.0.0.1:8000 scripts/ramp.ts
import { check, sleep } from 'llmload';
import http from 'llmload/http';
import { Trend } from 'llmload/metrics';

// --mock sets LLMLOAD_BASE_URL; BASE_URL is the name these examples used before.
const BASE_URL = (__ENV.LLMLOAD_BASE_URL ?? __ENV.BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/+$/, '');
const bodySize = new Trend('body_size');

export const options = {
  scenarios: {
    ramp: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: __ENV.RAMP ?? '10s', target: 10 },
        { duration: __ENV.HOLD ?? '20s', target: 10 },
        { duration: __ENV.RAMP ?? '10s', target: 0 },
      ],
      gracefulRampDown: '5s',
    },
  },
  // Latency alone would pass on a server that only answers errors, fast.
  thresholds: { http_req_duration: ['p(95)<500'], http_req_failed: ['rate<0.01'], checks: ['rate>0.99'] },
};

export default async function () {
  const res = await http.get(`${BASE_URL}/`);
  check(res, { 'status is 200': (r) => r.status === 200 });
  bodySize.add(res.body.length);
  await sleep(0.1);
}
