// Closed loop: VUS VUs send http.get back to back for DURATION.
import http from 'llmload/http';

export const options = { vus: Number(__ENV.VUS ?? 50), duration: __ENV.DURATION ?? '10s', summaryTrendStats: ['avg', 'p(99)', 'count'] };

export default async function () {
  await http.get(__ENV.BASE_URL!);
}
