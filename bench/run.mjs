// llmload benchmarks (npm run bench): llmload beside its peers (k6, wrk, autocannon, vLLM's benchmark client),
// measured in the same run, in interleaved rounds, on the same target and scenario shape. Prints one table;
// `--check` also compares the numbers with the targets (bench/checks.mjs) and exits 1 naming each one that falls
// short. `--help` lists the benchmarks and options. Numbers depend on the machine: bench/README.md lists ours.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiBench } from './api.mjs';
import { arrivalCpuBench, idleBench } from './arrival-bench.mjs';
import { parseArgs, USAGE } from './args.mjs';
import { checkRows, evaluate } from './checks.mjs';
import { closedBench } from './closed-bench.mjs';
import { arrivalBench, steadyBench, syncBench } from './core-bench.mjs';
import { table } from './lib.mjs';
import { memoryBench } from './memory-bench.mjs';
import { mergeBench } from './merge-bench.mjs';
import { distributedBench } from './distributed-bench.mjs';
import { reportBench } from './report-bench.mjs';
import { k6Version, wrkAvailable } from './peers.mjs';
import { streamingBench } from './streaming.mjs';
import { startupBench } from './startup-bench.mjs';
import { sweepBench } from './sweep-bench.mjs';
import { ttftBench, warmBench } from './warm-bench.mjs';

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error(err.message);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'llmload-bench-'));
// Flags override each benchmark's own defaults only when given.
const opts = { tmp, long: args.long, ...(args.rounds && { rounds: args.rounds }), ...(args.seconds && { seconds: args.seconds }) };
// The check needs the 5,000 open streams of its target; 10,000 (the headroom) takes minutes more.
if (args.check) opts.openTargets = [5000];
const RUN = {
  closed: closedBench,
  'arrival-cpu': arrivalCpuBench,
  idle: idleBench,
  memory: memoryBench,
  streaming: streamingBench,
  warm: warmBench,
  ttft: ttftBench,
  startup: startupBench,
  arrival: arrivalBench,
  sync: syncBench,
  steady: steadyBench,
  api: async (o) => ({ rows: await apiBench(o), measures: {} }),
  sweep: sweepBench,
  report: reportBench,
  merge: mergeBench,
  distributed: distributedBench,
};

console.error(
  `peers: ${k6Version() ?? 'k6 not found (K6_BIN)'}; ${wrkAvailable() ? 'wrk' : 'no wrk'}; autocannon; vLLM client ${process.env.VLLM_BENCH ? `at ${process.env.VLLM_BENCH}` : 'not set (VLLM_BENCH)'}`,
);
const rows = [];
const measures = {};
const ran = new Set();
const broken = [];
for (const name of args.only) {
  const t0 = Date.now();
  console.error(`bench ${name} …`);
  try {
    const r = await RUN[name](opts);
    rows.push(...r.rows);
    Object.assign(measures, r.measures);
  } catch (err) {
    // One broken benchmark does not hide the others' numbers; its targets count as not measured.
    broken.push(name);
    rows.push({ benchmark: name, result: `FAILED: ${err.message.split('\n')[0]}`, detail: '' });
    console.error(err.message);
  }
  ran.add(name);
  console.error(`bench ${name}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

console.log(table(rows));
if (args.check) {
  const results = evaluate(measures, ran, args.tolerance);
  if (results.length > 0) console.log(`\n${table(checkRows(results, args.tolerance))}`);
  const failed = results.filter((r) => r.verdict === 'FAIL');
  const skipped = results.filter((r) => r.verdict === 'skipped');
  console.log(`\ncheck: ${results.length - failed.length - skipped.length} passed, ${failed.length} failed, ${skipped.length} skipped`);
  for (const r of failed) console.log(`  short of target: ${r.target.what} (${r.target.id})`);
  if (failed.length > 0 || broken.length > 0) process.exitCode = 1;
} else if (broken.length > 0) process.exitCode = 1;
