// Two checkouts' VU paths side by side in one process, in interleaved slices (their order reversed every
// round): µs of CPU per iteration of 50 VUs in a closed loop, each checkout with its own runtime and in-isolate
// modules. Separate runs on a shared VM move by tens of percent; slices of one process do not.
// `node bench/ab-vu.mjs --base=DIR --url=URL [--mode=real|immediate] [--rounds=16] [--vus=50] [script]`
// DIR: another checkout with node_modules (e.g. `git worktree add /tmp/base <rev>`, then link node_modules).
// --url: a target such as `node bench/server.mjs` (mode immediate sends it one request, and answers every
// request with that response on the next turn: the VU path without the network).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    base: { type: 'string' },
    url: { type: 'string' },
    mode: { type: 'string', default: 'real' },
    rounds: { type: 'string', default: '16' },
    vus: { type: 'string', default: '50' },
    child: { type: 'boolean', default: false },
  },
});
const script = positionals[0] ?? 'bench/scripts/closed-loop-k6.js';
const trees = { base: values.base && path.resolve(values.base), this: path.resolve(here, '..') };

if (!values.child) {
  if (!trees.base) throw new Error('--base=DIR: the checkout to compare with');
  if (!values.url) throw new Error('--url=URL: the target (e.g. `node bench/server.mjs`)');
  const { build } = await import('esbuild');
  for (const root of Object.values(trees)) {
    // Bundled inside the checkout, so that its package root (runtime/bundle/paths.ts) and `../runtime` are its own.
    mkdirSync(path.join(root, '.abcache'), { recursive: true });
    copyFileSync(path.join(here, 'ab-vu-set.ts'), path.join(root, '.abcache', 'vu-set.ts'));
    await build({
      entryPoints: [path.join(root, '.abcache', 'vu-set.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: path.join(root, '.abcache', 'vu-set.mjs'),
      logLevel: 'error',
    });
  }
  execFileSync(process.execPath, ['--no-node-snapshot', fileURLToPath(import.meta.url), '--child', ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(0);
}

const sets = {};
for (const [name, root] of Object.entries(trees)) {
  const { makeSet } = await import(path.join(root, '.abcache', 'vu-set.mjs'));
  sets[name] = await makeSet(script, values.url, Number(values.vus), values.mode);
}
const perIteration = { base: [], this: [] };
for (let r = 0; r < Number(values.rounds); r++) {
  for (const name of r % 2 ? ['this', 'base'] : ['base', 'this']) {
    const t0 = process.cpuUsage();
    const n = await sets[name].run(performance.now() + 400);
    const t = process.cpuUsage(t0);
    // The first round warms both up.
    if (r > 0) perIteration[name].push((t.user + t.system) / n);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
console.log(`${path.basename(script)}, ${values.vus} VUs, mode ${values.mode}, ${values.rounds} rounds of 400 ms slices:`);
for (const [name, xs] of Object.entries(perIteration)) {
  xs.sort((a, b) => a - b);
  const label = name === 'base' ? `base (${trees.base})` : 'this checkout';
  console.log(`  ${label}: median ${xs[xs.length >> 1].toFixed(1)} µs CPU per iteration, min ${xs[0].toFixed(1)}`);
}
for (const s of Object.values(sets)) s.dispose();
process.exit(0);
