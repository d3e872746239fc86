// constant-arrival-rate of http.get at RATE/s for DURATION.
import http from 'llmload/http';

export const options = {
  scenarios: {
    open: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE ?? 2000),
      duration: __ENV.DURATION ?? '30s',
      preAllocatedVUs: Number(__ENV.VUS ?? 200),
      maxVUs: Number(__ENV.MAX_VUS ?? 1000),
    },
  },
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(99)', 'max', 'count'],
};

export default async function () {
  await http.get(__ENV.BASE_URL!);
}
