// Smoke test: one VU, a few iterations, every check must pass.
//   npx llmload run -e BASE_URL=http://localhost:8000 scripts/http-smoke.ts
import { check, group } from 'llmload';
import http from 'llmload/http';

const BASE_URL = __ENV.BASE_URL ?? 'http://127.0.0.1:8000';

export const options = {
  vus: 1,
  iterations: 5,
  thresholds: {
    checks: ['rate==1'],
    http_req_failed: ['rate==0'],
  },
};

export default async function () {
  await group('health', async () => {
    const res = await http.get(`${BASE_URL}/`);
    check(res, { 'status is 200': (r) => r.status === 200 });
  });
}
