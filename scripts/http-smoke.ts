// Smoke test: one VU, a few iterations, every check must pass. Try it with no server:
//   npx llmload run --mock scripts/http-smoke.ts
// or against yours:
//   npx llmload run -e LLMLOAD_BASE_URL=http://127.0.0.1:8000 scripts/http-smoke.ts
import { check, group } from 'llmload';
import http from 'llmload/http';

// --mock sets LLMLOAD_BASE_URL; BASE_URL is the name these examples used before.
const BASE_URL = (__ENV.LLMLOAD_BASE_URL ?? __ENV.BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/+$/, '');

export const options = {
  vus: 1,
  iterations: Number(__ENV.ITERATIONS ?? 5),
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
