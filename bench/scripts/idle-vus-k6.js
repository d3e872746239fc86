// VUS VUs that only sleep, k6 style: the memory cost of a VU running a synchronous script.
import { sleep } from 'k6';

export const options = { vus: Number(__ENV.VUS ?? 1000), duration: __ENV.DURATION ?? '10s' };

export default function () {
  sleep(1);
}
