// The closed-loop benchmark written as a k6 user writes it: synchronous calls (awaited by llmload's bundler).
// The same file runs under k6 itself (the `closed` peer), so it keeps to what k6 v0.49's Babel parses (no `??`).
import http from 'k6/http';

export const options = {
  vus: Number(__ENV.VUS || 50),
  duration: __ENV.DURATION || '10s',
  summaryTrendStats: ['avg', 'p(99)', 'count'],
};

export default function () {
  http.get(__ENV.BASE_URL);
}
