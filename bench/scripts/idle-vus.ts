// VUS VUs that only sleep: the memory cost of a VU.
import { sleep } from 'llmload';

export const options = { vus: Number(__ENV.VUS ?? 1000), duration: __ENV.DURATION ?? '10s' };

export default async function () {
  await sleep(1);
}
