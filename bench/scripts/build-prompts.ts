// Benchmark: builds COUNT synthetic prompts of ISL tokens in init code (host
// side, once per run) and reports the build time; one iteration reads a few.
import { Prompts } from 'llmload/data';

export const options = { iterations: 1 };

const count = Number(__ENV.COUNT ?? 100000);
const isl = Number(__ENV.ISL ?? 1000);
const t0 = Date.now();
const prompts = count > 0 ? new Prompts('bench', { count, input: isl, output: 100, seed: 1 }) : undefined;
if (__VU === 0) console.log(`built ${count} prompts of ${isl} tokens in ${Date.now() - t0} ms`);

export default function () {
  if (!prompts) return;
  const t = Date.now();
  let chars = 0;
  for (let i = 0; i < 1000; i++) chars += prompts.next().prompt.length;
  console.log(`read 1000 prompts (${(chars / 1000).toFixed(0)} chars each) in ${Date.now() - t} ms`);
}
