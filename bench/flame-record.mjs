// Records a flame graph of a running `llmload run`'s main thread (bench/flame/*.svg, bench/README "Flame graphs").
// `node bench/flame-record.mjs --out=bench/flame/NAME.svg [--dir=CHECKOUT] [--after=4] [--seconds=5] [--title=T] -- SCRIPT -e K=V…`
// Starts DIR's dist/cli.js with --perf-basic-prof (so that `perf` names JIT frames, the isolate's among them), waits
// --after seconds, samples the main thread with `perf record -g` for --seconds, and renders `perf script` with
// bench/flamegraph.mjs. The title gets the CPU of the process and its children over the window (all threads). Needs Linux `perf`.
import { execFileSync, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { perfScriptToSvg } from './flamegraph.mjs';
import { cpuOf } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    dir: { type: 'string', default: path.resolve(here, '..') },
    after: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '5' },
    title: { type: 'string', default: '' },
  },
});
if (!values.out || positionals.length === 0) throw new Error('usage: --out=FILE.svg [--dir=…] -- SCRIPT [-e K=V …]');

const sleep = (s) => new Promise((r) => setTimeout(r, s * 1000));

const flags = ['--no-node-snapshot', '--no-memory-reducer', '--perf-basic-prof'];
const child = spawn(process.execPath, [...flags, path.join(values.dir, 'dist/cli.js'), 'run', '-q', ...positionals], {
  cwd: values.dir,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const exited = new Promise((r) => child.on('exit', r));
await sleep(Number(values.after));
const data = path.join(os.tmpdir(), `llmload-flame-${child.pid}.data`);
const cpu0 = cpuOf(child.pid);
const seconds = Number(values.seconds);
execFileSync('perf', ['record', '-F', '1999', '-g', '-t', String(child.pid), '-o', data, '--', 'sleep', String(seconds)], { stdio: 'ignore' });
const cores = (cpuOf(child.pid) - cpu0) / seconds;
const script = execFileSync('perf', ['script', '-i', data], { maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
rmSync(data, { force: true });
const title = `${values.title || positionals.join(' ')}: main thread, ${seconds} s; the process and its children ${cores.toFixed(2)} cores`;
writeFileSync(values.out, perfScriptToSvg(script, title));
await exited;
rmSync(`/tmp/perf-${child.pid}.map`, { force: true });
console.log(`${values.out}: ${title}`);
