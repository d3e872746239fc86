// The benchmark harness's own logic (bench/*.mjs, plain Node modules run by `npm run bench`): the target
// comparison of `--check`, the command line, wrk's report, and the /proc CPU accounting on real processes.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const bench = path.resolve(import.meta.dirname, '../../bench');
// Imported by URL: the harness is JavaScript without declarations, so TypeScript types these loosely.
const load = (file: string): Promise<any> => import(pathToFileURL(path.join(bench, file)).href);
const { evaluate, checkRows, TARGETS, NOISY } = await load('checks.mjs');
const { parseArgs, BENCHES } = await load('args.mjs');
const { parseWrk } = await load('peers.mjs');
const { cpuRateBetween } = await load('proc-stats.mjs');
const { runMeasured } = await load('measured-process.mjs');
const { foldPerfScript, renderFlameGraph, LAYERS } = await load('flamegraph.mjs');

describe('bench --check targets', () => {
  const ran = new Set(['closed', 'memory']);

  it('passes within the tolerance on the bad side, fails beyond it', () => {
    const at = (id: string, value: number) => evaluate({ [id]: value }, ran, 0.1).find((r: any) => r.target.id === id);
    expect(at('closed.rps_vs_k6', 0.91).verdict).toBe('pass'); // ≥ 1.0 with 10 %: 0.9 still passes
    expect(at('closed.rps_vs_k6', 0.89).verdict).toBe('FAIL');
    expect(at('memory.mib_per_vu', 0.131).verdict).toBe('pass'); // ≤ 0.12 with 10 %: 0.132
    expect(at('memory.mib_per_vu', 0.133).verdict).toBe('FAIL');
    expect(evaluate({ 'closed.rps_vs_k6': 0.95 }, ran, 0).find((r: any) => r.target.id === 'closed.rps_vs_k6').verdict).toBe('FAIL');
  });

  it('checks only the benchmarks that ran; a missing measure fails, a skipped peer is skipped', () => {
    const results = evaluate({ 'closed.rps_vs_k6': { skipped: 'k6 not found' }, 'closed.cpu_vs_k6': Number.NaN }, ran, 0.1);
    expect(new Set(results.map((r: any) => r.target.bench))).toEqual(ran);
    const by = Object.fromEntries(results.map((r: any) => [r.target.id, r]));
    expect(by['closed.rps_vs_k6']).toMatchObject({ verdict: 'skipped', note: 'k6 not found' });
    expect(by['closed.cpu_vs_k6']).toMatchObject({ verdict: 'FAIL', note: 'not measured' });
    expect(by['memory.mib_per_vu_async']).toMatchObject({ verdict: 'FAIL', note: 'not measured' });
    const rows = checkRows(results, 0.1);
    expect(rows.find((r: any) => r.check === by['closed.rps_vs_k6'].target.what).verdict).toBe('skipped: k6 not found');
  });

  it('a ratio that falls short while the control varied beyond NOISY still fails, and says the machine was not steady', () => {
    const at = (spread: number | undefined, rps: number) =>
      evaluate({ 'closed.rps_vs_k6': rps, ...(spread === undefined ? {} : { 'closed.floor_spread': spread }) }, ran, 0.1).find(
        (r: any) => r.target.id === 'closed.rps_vs_k6',
      );
    expect(at(1.63, 0.8)).toMatchObject({ verdict: 'FAIL', note: expect.stringMatching(/not steady \(its control varied 1\.63× .*run again/) });
    expect(at(NOISY - 0.01, 0.8)).toEqual(expect.objectContaining({ verdict: 'FAIL' }));
    expect(at(NOISY - 0.01, 0.8).note).toBeUndefined();
    expect(at(undefined, 0.8).note).toBeUndefined();
    expect(at(1.63, 0.95)).toEqual(expect.objectContaining({ verdict: 'pass' })); // a pass is not annotated
    expect(at(1.63, 0.95).note).toBeUndefined();
    // Targets without a control are never annotated.
    const mem = evaluate({ 'memory.mib_per_vu': 0.2, 'closed.floor_spread': 2 }, ran, 0.1).find((r: any) => r.target.id === 'memory.mib_per_vu');
    expect(mem).toMatchObject({ verdict: 'FAIL' });
    expect(mem.note).toBeUndefined();
  });

  it('every target belongs to a benchmark that exists, with a unique id', () => {
    const names = new Set(BENCHES.map((b: any) => b.name));
    for (const t of TARGETS) expect(names.has(t.bench), t.id).toBe(true);
    expect(new Set(TARGETS.map((t: any) => t.id)).size).toBe(TARGETS.length);
  });
});

describe('bench command line', () => {
  it('runs every benchmark by default and only the targeted ones with --check', () => {
    expect(parseArgs([]).only).toEqual(BENCHES.map((b: any) => b.name));
    expect(parseArgs(['--check']).only).toEqual(['closed', 'arrival-cpu', 'idle', 'memory', 'streaming', 'warm', 'ttft']);
    expect(parseArgs(['--check', '--only=sync,closed'])).toMatchObject({ check: true, only: ['sync', 'closed'], tolerance: 0.1 });
  });

  it('reads rounds, seconds and tolerance, and refuses what it does not know', () => {
    expect(parseArgs(['--rounds=5', '--seconds=2.5', '--tolerance=0.2', '--long'])).toMatchObject({ rounds: 5, seconds: 2.5, tolerance: 0.2, long: true });
    expect(() => parseArgs(['--only=closed,nope'])).toThrow(/unknown benchmark "nope"/);
    expect(() => parseArgs(['--rounds=0'])).toThrow(/--rounds must be a positive number/);
    expect(() => parseArgs(['--tolerance=1.5'])).toThrow(/--tolerance/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown argument "--fast"/);
  });
});

describe('bench measurements', () => {
  it("reads wrk's request count and duration", () => {
    const report =
      'Running 10s test @ http://127.0.0.1:1\n  2 threads and 50 connections\n  312345 requests in 10.02s, 37.23MB read\nRequests/sec:  31172.16\n';
    expect(parseWrk(report)).toEqual({ requests: 312345, seconds: 10.02 });
    expect(parseWrk('  1500 requests in 900.00ms, 1MB read')).toEqual({ requests: 1500, seconds: 0.9 });
    expect(parseWrk('unable to connect')).toBeUndefined();
  });

  it('takes the CPU rate of a window between samples, interpolating', () => {
    const samples = [
      { t: 0, cpu: 0 },
      { t: 1000, cpu: 1 }, // start-up: one core
      { t: 2000, cpu: 1.1 },
      { t: 3000, cpu: 1.2 },
      { t: 4000, cpu: 2.2 }, // shutdown: one core
    ];
    expect(cpuRateBetween(samples, 1000, 3000)).toBeCloseTo(0.1, 10);
    expect(cpuRateBetween(samples, 1500, 2500)).toBeCloseTo(0.1, 10);
    expect(cpuRateBetween(samples, 500, 1500)).toBeCloseTo(0.55, 10);
  });

  it("counts the CPU of a process's descendants, live and reaped", async () => {
    // The measured process sleeps while its child burns 0.6 s of CPU (its own clock, so a busy machine cannot
    // shorten it), says so and lives 0.4 s longer: the mark sees it through the live tree, the end through the
    // reaped child's times.
    const burn = "while (process.cpuUsage().user < 600000); console.log('burnt'); setTimeout(() => {}, 400);";
    const parent = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(burn)}], { stdio: 'inherit' });`;
    const r = await runMeasured(process.execPath, ['-e', parent], {
      sampleMs: 20,
      onOutput: (text: string, mark: (name: string) => void) => /burnt/.test(text) && mark('burnt'),
    });
    expect(r.code).toBe(0);
    expect(r.marks.burnt.cpu).toBeGreaterThan(0.55);
    expect(r.cpuSeconds).toBeGreaterThan(0.55);
    expect(r.peakRssKb).toBeGreaterThan(10_000);
    const idle = await runMeasured(process.execPath, ['-e', 'setTimeout(() => {}, 600)'], { sampleMs: 20 });
    expect(idle.cpuSeconds).toBeLessThan(0.3);
  });

  it('marks the CPU used when a line appears (a peer saying its load starts)', async () => {
    const script = `while (process.cpuUsage().user < 400000); console.log('Starting main benchmark run'); setTimeout(() => {}, 200);`;
    const r = await runMeasured(process.execPath, ['-e', script], {
      sampleMs: 20,
      onOutput: (text: string, mark: (name: string) => void) => /Starting main/.test(text) && mark('start'),
    });
    expect(r.marks.start.cpu).toBeGreaterThan(0.35);
    expect(r.cpuSeconds - r.marks.start.cpu).toBeLessThan(0.15);
  });
});

describe('bench flame graphs (bench/flamegraph.mjs)', () => {
  // `perf script` blocks: a header, then frames leaf first, "ADDR SYMBOL+OFFSET (OBJECT)".
  const sample = (...frames: [string, string][]) =>
    `node 100/100 1.0: 500000 cpu-clock:\n${frames.map(([sym, obj]) => `\t    7f00 ${sym} (${obj})`).join('\n')}\n`;
  const NODE = '/usr/bin/node';
  const below = [
    ['uv_run', NODE],
    ['node::Start', NODE],
    ['_start', NODE],
  ] as [string, string][];
  const text = [
    sample(['JS:*request llmload:///bundle.js:1433:19', 'JIT'], ['ivm::ApplyRunner::Phase2+0x1f', '/x/isolated_vm.node'], ...below),
    sample(['JS:^request llmload:///bundle.js:1433:19', 'JIT'], ['ivm::ApplyRunner::Phase2+0x2a', '/x/isolated_vm.node'], ...below),
    sample(['tcp_sendmsg+0x10', '[kernel.kallsyms]'], ['JS:*slotLoop file:///w/dist/chunk-1.js:4934:26', 'JIT'], ...below),
    'garbage line without frames\n',
  ].join('\n');

  it('folds stacks below the event loop, one frame per function whatever its tier or offset, each with its layer', () => {
    const tree = foldPerfScript(text);
    expect(tree.value).toBe(3);
    const top = [...tree.children.values()];
    expect(top.map((n: any) => [n.name, n.value, LAYERS[n.layer][0]])).toEqual([
      ['ivm::ApplyRunner::Phase2', 2, 'isolated-vm (native)'],
      ['JS:slotLoop dist/chunk-1.js:4934:26', 1, 'llmload\u2019s host JavaScript'],
    ]);
    const [req] = [...top[0].children.values()];
    expect([req.name, req.value, LAYERS[req.layer][0]]).toEqual(['JS:request llmload:///bundle.js:1433:19', 2, expect.stringContaining('isolate')]);
    expect(LAYERS[[...top[1].children.values()][0].layer][0]).toBe('kernel');
  });

  it('draws each frame as wide as its share, leaves out the narrow ones, and escapes names', () => {
    const tree = foldPerfScript(text);
    const svg: string = renderFlameGraph(tree, 'a <b> & "c"', 0);
    expect(svg).toContain('<title>a &lt;b&gt; &amp; &quot;c&quot;</title>');
    const width = (name: string) =>
      Number(new RegExp(`<title>${name.replace(/[()*^.]/g, '\\$&')} \\([^)]*\\)</title><rect x="[\\d.]+" y="\\d+" width="([\\d.]+)"`).exec(svg)?.[1]);
    expect(width('all')).toBeCloseTo(1179.5, 1);
    expect(width('ivm::ApplyRunner::Phase2')).toBeCloseTo((1180 * 2) / 3 - 0.5, 0);
    expect(width('tcp_sendmsg')).toBeCloseTo(1180 / 3 - 0.5, 0);
    expect(renderFlameGraph(tree, 't', 0.5)).not.toContain('tcp_sendmsg');
    expect(() => foldPerfScript('')).not.toThrow();
  });
});
