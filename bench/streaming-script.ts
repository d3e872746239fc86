// Load for bench/streaming.mjs (the streaming benchmark), against `llmload mock`.
//   MODE=closed VUS=N DURATION=15s     as many streamed requests as N VUs can do
//   MODE=rate RATE=R VUS=N DURATION=…  R requests/s on an absolute schedule
//   MODE=open VUS=N PER_VU=K           N·K streams held open at once (Promise.all per VU)
//   MAX_TOKENS=n                       output tokens per response (default 128)
import openai from 'llmload/openai';

const MODE = __ENV.MODE ?? 'closed';
const VUS = Number(__ENV.VUS ?? 50);
const DURATION = __ENV.DURATION ?? '15s';
const PER_VU = Number(__ENV.PER_VU ?? 1);

// The VU number in a header lets the benchmark pair its requests with the mock's records.
const client = openai.client({ model: 'llmload-mock', headers: { 'x-request-id': `vu-${__VU}` } });
// ignore_eos + max_tokens: exactly MAX_TOKENS one-token chunks per response.
const body = { messages: [{ role: 'user' as const, content: 'Hi' }], max_tokens: Number(__ENV.MAX_TOKENS ?? 128), ignore_eos: true };

const scenarios = {
  closed: { executor: 'constant-vus', vus: VUS, duration: DURATION },
  rate: { executor: 'constant-arrival-rate', rate: Number(__ENV.RATE ?? 100), timeUnit: '1s', duration: DURATION, preAllocatedVUs: VUS, maxVUs: VUS },
  open: { executor: 'per-vu-iterations', vus: VUS, iterations: 1, maxDuration: '5m' },
};

export const options = {
  scenarios: { s: scenarios[MODE as keyof typeof scenarios] },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(99)', 'count'],
};

export default async function () {
  if (PER_VU > 1) await Promise.all(Array.from({ length: PER_VU }, () => client.chat(body)));
  else await client.chat(body);
}
