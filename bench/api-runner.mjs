// One run through `run()` of llmload/api (dist/api.js), in its own process as the CLI runs in its own:
// node --no-node-snapshot bench/api-runner.mjs SCRIPT SUMMARY_FILE [KEY=VALUE...] (__ENV).
import { run } from '../dist/api.js';

const [script, summaryExport, ...pairs] = process.argv.slice(2);
const env = Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
const result = await run({ script, summaryExport, env });
process.exitCode = result.exitCode;
if (result.error) process.stderr.write(`${result.error.code}: ${result.error.message}\n`);
