// VUS VUs that only sleep, k6 style: the memory cost of a VU. Runs unchanged under llmload and k6 (no `??`:
// k6 v0.49's Babel does not parse it).
import { sleep } from 'k6';

export const options = { vus: Number(__ENV.VUS || 1000), duration: __ENV.DURATION || '10s' };

export default function () {
  sleep(1);
}
