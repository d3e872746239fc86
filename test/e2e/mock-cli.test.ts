import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import parsePrometheus from 'parse-prometheus-text-format';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, repoRoot, runCli } from '../support/cli.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-mock-e2e-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Spawns `llmload mock ...` and resolves once it printed its URL. */
function startMockProcess(args: string[]): Promise<{ url: string; child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [binPath, 'mock', ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock did not start: ${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child, output: () => out, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`mock exited (${code}): ${out}`)));
  });
}

const fx = (name: string) => path.join('test/fixtures/mock', name);

describe('llmload mock (a separate process)', () => {
  it('serves SSE with the configured timing, records it, serves fake telemetry, and stops on SIGINT', async () => {
    const m = await startMockProcess(['--port', '0', '--ttft', '30', '--itl', '5', '--output-tokens', '16', '--seed', '3', '--gpus', '2']);
    expect(m.output()).toContain('(seed 3)');
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await request(`${m.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'x-request-id': `req-${i}` },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } }),
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-request-id']).toBe(`req-${i}`);
      texts.push(await res.body.text());
    }
    for (const t of texts) {
      const ev = t.split('\n\n').filter(Boolean);
      expect(ev.at(-1)).toBe('data: [DONE]');
      expect(ev.filter((e) => e.includes('"content":" '))).toHaveLength(16);
      expect(JSON.parse(ev.at(-2)!.slice(6)).usage.completion_tokens).toBe(16);
    }
    // Same seed → same words in the same request slot across processes is not promised; same request → same text within one is not either.
    const { records } = (await (await request(`${m.url}/mock/requests`)).body.json()) as {
      records: { requestId: string; received: number; firstWrite: number; lastWrite: number; chunks: number }[];
    };
    expect(records.map((r) => r.requestId)).toEqual(['req-0', 'req-1', 'req-2']);
    for (const r of records) {
      expect(r.firstWrite - r.received).toBeGreaterThanOrEqual(30 - 0.8); // ±0.75 ms once busy-waiting is over budget
      // 15 gaps of 5 ms; a late chunk may catch up at most one gap, never burst.
      expect(r.lastWrite - r.firstWrite).toBeGreaterThanOrEqual(15 * 5 - 5);
      expect(r.chunks).toBe(16);
    }
    const vllm = parsePrometheus((await (await request(`${m.url}/metrics`)).body.text()) as string);
    const names = vllm.map((f) => f.name);
    for (const n of [
      'vllm:num_requests_running',
      'vllm:num_requests_waiting',
      'vllm:gpu_cache_usage_perc',
      'vllm:kv_cache_usage_perc',
      'vllm:num_preemptions_total',
      'vllm:prompt_tokens_total',
      'vllm:generation_tokens_total',
      'vllm:request_queue_time_seconds',
    ]) {
      expect(names).toContain(n);
    }
    expect(Number(vllm.find((f) => f.name === 'vllm:generation_tokens_total')!.metrics[0]!.value)).toBe(48);
    const dcgm = parsePrometheus((await (await request(`${m.url}/dcgm/metrics`)).body.text()) as string);
    expect(dcgm.find((f) => f.name === 'DCGM_FI_DEV_POWER_USAGE')!.metrics).toHaveLength(2);
    m.child.kill('SIGINT');
    expect(await m.exited).toBe(0);
  });

  it('rejects bad settings with exit 104 naming the setting', async () => {
    const r = await runCli(['mock', '--port', '0', '--ttft', 'normal:abc']);
    expect(r.code).toBe(104);
    expect(r.stderr).toContain('"ttft"');
    const u = await runCli(['mock', '--ttft-ms', '5']);
    expect(u.code).toBe(104);
    // A port in use is a setting to change (104), not a crash.
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const busy = await runCli(['mock', '--port', String(port)]);
    blocker.close();
    expect(busy.code).toBe(104);
    expect(busy.stderr).toContain(`cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
  });
});

describe('llmload run --mock', () => {
  it('starts the mock only once the script and its options validated', async () => {
    const r = await runCli(['run', '--mock', 'test/fixtures/e2e/bad-options.ts']);
    expect(r.code).toBe(104);
    expect(r.stderr).not.toContain('mock LLM server');
  });

  it('starts a mock for the run and passes its URL as __ENV.LLMLOAD_BASE_URL (llmload/http)', async () => {
    const out = path.join(tmp, 'http.json');
    const r = await runCli(['run', '--mock', '--mock-option', 'ttft=5', '--mock-option', 'itl=1', '--summary-export', out, fx('http-mock.ts')]);
    expect(r.stderr).toMatch(/mock LLM server: http:\/\/127\.0\.0\.1:\d+/);
    expect(r.code).toBe(0);
    const s = JSON.parse(await readFile(out, 'utf8'));
    expect(s.metrics.checks).toMatchObject({ passes: 12, fails: 0 });
  });

  it('--mock-option settings reach the mock (errors=500:1 fails every check: exit 99)', async () => {
    const r = await runCli(['run', '-q', '--mock', '--mock-option', 'errors=500:1', fx('http-mock.ts')]);
    expect(r.code).toBe(99);
    const bad = await runCli(['run', '-q', '--mock', '--mock-option', 'tft=5', fx('http-mock.ts')]);
    expect(bad.code).toBe(104);
    expect(bad.stderr).toContain('did you mean "ttft"');
  });

  it('drives the openai module: exact token counts and the configured TTFT', async () => {
    const out = path.join(tmp, 'openai.json');
    const r = await runCli(['run', '-q', '--mock', '--mock-option', 'ttft=60', '--mock-option', 'itl=4', '--summary-export', out, fx('openai-mock.ts')]);
    expect(r.stderr).not.toContain('ERROR');
    expect(r.code).toBe(0);
    const m = JSON.parse(await readFile(out, 'utf8')).metrics;
    expect(m.llm_reqs.count).toBe(20);
    expect(m.llm_output_tokens.min).toBe(24);
    expect(m.llm_output_tokens.max).toBe(24);
    expect(m.llm_token_count_mismatch?.count ?? 0).toBe(0);
    // The settings reached the mock: nothing is faster than they allow (upper bounds
    // would measure the client on a shared 2-core CI box; the benchmark does that).
    expect(m.llm_ttft.min).toBeGreaterThanOrEqual(59.2);
    expect(m.llm_e2e.min).toBeGreaterThanOrEqual(60 + 23 * 4 - 4);
    expect(m.llm_ttft.med).toBeLessThan(1000);
  });
});
