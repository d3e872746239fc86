// The closed-loop benchmark written as a k6 user writes it: synchronous calls (awaited by the bundler).
import http from 'k6/http';

export const options = { vus: Number(__ENV.VUS ?? 50), duration: __ENV.DURATION ?? '10s', summaryTrendStats: ['avg', 'p(99)', 'count'] };

export default function () {
  http.get(__ENV.BASE_URL);
}
