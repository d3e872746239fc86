// constant-arrival-rate of an empty iteration: RATE/s for DURATION. What the scheduler alone costs (the `arrival-cpu`
// and `idle` benchmarks). Runs unchanged under llmload and k6 (no `??`: k6 v0.49's Babel does not parse it).
export const options = {
  scenarios: {
    open: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 1000),
      timeUnit: '1s',
      duration: __ENV.DURATION || '20s',
      preAllocatedVUs: Number(__ENV.VUS || 20),
      maxVUs: Number(__ENV.MAX_VUS || 100),
    },
  },
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(99)', 'max', 'count'],
};

export default function () {}
