// Closed-model ramp: VUs go 0 → 10 → 10 → 0; each VU loops requests with think time.
//   npx llmload run -e BASE_URL=http://localhost:8000 scripts/ramp.ts
import { check, sleep } from 'llmload';
import http from 'llmload/http';
import { Trend } from 'llmload/metrics';

const BASE_URL = __ENV.BASE_URL ?? 'http://127.0.0.1:8000';
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
  thresholds: { http_req_duration: ['p(95)<500'] },
};

export default async function () {
  const res = await http.get(`${BASE_URL}/`);
  check(res, { 'status is 200': (r) => r.status === 200 });
  bodySize.add(res.body.length);
  await sleep(0.1);
}
