// Sweep-style fixed input/output lengths (vLLM bench "random" / GuideLLM
// synthetic): one scenario per ISL/OSL pair, run one after the other at a
// fixed concurrency; every prompt has exactly ISL tokens (under the tokenizer)
// and the server is asked for exactly OSL tokens. Compare the scenarios in
// the summary with sub-metrics, e.g. llm_ttft{scenario:isl_1024_osl_128}.
//   npx llmload run --mock scripts/fixed-isl-osl.ts
//   npx llmload run --mock -e PAIRS=256x32,2048x32 -e STEP_S=5 scripts/fixed-isl-osl.ts
//   npx llmload run -e LLMLOAD_BASE_URL=http://localhost:8000 -e MODEL=m -e TOKENIZER=./tokenizer.json scripts/fixed-isl-osl.ts
import openai from 'llmload/openai';
import exec from 'llmload/execution';
import { Prompts, chatRequest } from 'llmload/data';

// "ISLxOSL,...": input and output tokens of each step.
const PAIRS: Array<[number, number]> = (__ENV.PAIRS ?? '128x128,1024x128,4096x256').split(',').map((p) => {
  const [isl, osl] = p.split('x').map(Number);
  return [isl!, osl!];
});
const CONCURRENCY = Number(__ENV.CONCURRENCY ?? 4);
const STEP_S = Number(__ENV.STEP_S ?? 20);
const GRACE_S = Number(__ENV.GRACE_S ?? 10);

const scenarioName = ([isl, osl]: [number, number]) => `isl_${isl}_osl_${osl}`;

export const options = {
  scenarios: Object.fromEntries(
    PAIRS.map((pair, i) => [
      scenarioName(pair),
      // One step after the other: the next starts when the previous one's graceful stop is over.
      { executor: 'constant-vus', vus: CONCURRENCY, duration: `${STEP_S}s`, startTime: `${i * (STEP_S + GRACE_S)}s`, gracefulStop: `${GRACE_S}s` },
    ]),
  ),
};

// Built once per run in the host, shared by all VUs; seed fixed → same prompts every run.
const sets = Object.fromEntries(
  PAIRS.map(([isl, osl]) => [
    scenarioName([isl, osl]),
    new Prompts(scenarioName([isl, osl]), { count: 200, input: isl, output: osl, ignoreEos: true, tokenizer: __ENV.TOKENIZER, seed: 1 }),
  ]),
);

const client = openai.client({ model: __ENV.MODEL ?? 'llmload-mock', tokenizer: __ENV.TOKENIZER });

export default async function () {
  const prompt = sets[exec.scenario.name]!.next();
  await client.chat({ ...chatRequest(prompt), temperature: 0 });
}
