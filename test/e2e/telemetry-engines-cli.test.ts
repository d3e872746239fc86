import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, stderrBesidesHealth } from '../support/cli.js';
import { type LlamacppServer, startLlamacppServer } from '../support/llamacpp-server.js';
import { telemetryFixture } from '../support/server-mapping.js';

// `npm run build` first: these spawn the real CLI. A local llama-server stand-in streams the chats and
// serves llama.cpp's golden /metrics capture with counters that follow what it served.
const SCRIPT = 'test/fixtures/telemetry/llamacpp-chat.ts';
/** 20 requests of 8 tokens; each prompt is 6 words + 10 template tokens (the stand-in's count). */
const GENERATED = 20 * 8;
const PROMPT = 20 * 16;
const APP_METRICS =
  '# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 12.5\n# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 1027\n';

let server: LlamacppServer;
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-engines-'));
  server = await startLlamacppServer(telemetryFixture('llamacpp-metrics.txt'), { '/app/metrics': APP_METRICS, '/json/metrics': '{"iterations": []}' });
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

const readJson = async (f: string) => JSON.parse(await readFile(f, 'utf8'));
const run = (exportFile: string, ...args: string[]) =>
  runCli(['run', '-q', '--summary-export', exportFile, '-e', `LLMLOAD_BASE_URL=${server.url}`, ...args, SCRIPT], { timeoutMs: 90_000 });
const warnings = (stderr: string) => stderrBesidesHealth(stderr).match(/^WARN .*$/gm) ?? [];

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('--server-metrics against llama.cpp (end to end)', () => {
  it("maps llamacpp:* to server_*, counts every answered scrape as ok, and puts the server's tokens beside the client's", async () => {
    const exportFile = path.join(tmp, 'llamacpp.json');
    const before = server.served('/metrics');
    const r = await run(exportFile, '--server-metrics', `${server.url}/metrics`);
    expect(stderrBesidesHealth(r.stderr)).not.toMatch(/WARN|ERROR/);
    expect(r.code).toBe(0);
    const scrapes = server.served('/metrics') - before;
    expect(scrapes).toBeGreaterThanOrEqual(2); // the baseline and the final scrape at least
    const s = await readJson(exportFile);
    expect(s.metrics.llm_output_tokens_total.count).toBe(GENERATED);
    expect(s.metrics.server_generation_tokens.count).toBe(GENERATED);
    expect(s.metrics.llm_prompt_tokens_total.count).toBe(PROMPT);
    expect(s.metrics.server_prompt_tokens.count).toBe(PROMPT);
    expect(s.metrics.server_requests_waiting.avg).toBe(2); // llamacpp:requests_deferred
    expect(s.metrics.server_requests_running.max).toBeLessThanOrEqual(2); // 2 VUs
    expect(s.metrics.server_kv_cache_usage).toBeUndefined(); // this llama.cpp version has no KV-cache gauge

    expect(r.stdout).toMatch(/SERVER METRICS/);
    expect(r.stdout).toMatch(new RegExp(`/metrics\\.+: ${scrapes} scrapes ok \\(llama\\.cpp\\)\\n`));
    expect(r.stdout).toMatch(/generation tokens server \/ client\.+: 160 \/ 160/);
    expect(r.stdout).toMatch(/prompt tokens server \/ client\.+: 320 \/ 320/);
  });

  it('reachable with no family llmload knows: its own warning, scrapes ok; unreachable and HTTP errors stay failures', async () => {
    const exportFile = path.join(tmp, 'unknown.json');
    const closed = `http://127.0.0.1:${await closedPort()}/metrics`;
    const args = ['--server-metrics', `${server.url}/app/metrics`, '--server-metrics', `${server.url}/json/metrics`, '--server-metrics', closed];
    const r = await run(exportFile, ...args, '--server-metrics', `${server.url}/missing/metrics`, '-e', 'ITERATIONS=4');
    expect(r.code).toBe(0);
    const w = warnings(r.stderr);
    expect(w).toContain(
      `WARN telemetry server: ${server.url}/app/metrics is reachable but has no metric family llmload knows: it serves 2 other families ` +
        '(process_cpu_seconds_total, http_requests_total); llmload reads vLLM, SGLang, TGI, llama.cpp, TensorRT-LLM (trtllm-serve, Triton) ' +
        'and LMDeploy names: list the families to keep in telemetry.server.metrics',
    );
    expect(w).toContain(
      `WARN telemetry server: ${server.url}/json/metrics is reachable but has a JSON body, not Prometheus text ` +
        "(trtllm-serve's /metrics is JSON: its Prometheus metrics are at /prometheus/metrics)",
    );
    const unreachable = w.filter((l) => l.includes('metrics unreachable'));
    expect(unreachable).toHaveLength(1);
    expect(unreachable[0]).toContain(`${closed} (connect ECONNREFUSED`);
    expect(unreachable[0]).toContain(`${server.url}/missing/metrics (HTTP 404: File Not Found)`);
    expect(unreachable[0]).not.toContain('/app/metrics');
    expect(w).toHaveLength(3);

    const app = server.served('/app/metrics'); // every one answered, all by this run
    expect(r.stdout).toMatch(new RegExp(`/app/metrics\\.+: ${app} scrapes ok, no metric family llmload knows\\n`));
    expect(r.stdout).toMatch(/\/json\/metrics\.+: \d+ scrapes ok, a JSON body, not Prometheus text/);
    expect(r.stdout).toMatch(/\/missing\/metrics\.+: 0 scrapes ok, \d+ failed \(HTTP 404: File Not Found\)/);
    expect(app).toBeGreaterThanOrEqual(2);
    const s = await readJson(exportFile);
    expect(s.metrics.server_generation_tokens).toBeUndefined();
  });

  it('telemetry.server.metrics: "as" feeds a built-in metric; a listed family that never appears is warned about', async () => {
    const exportFile = path.join(tmp, 'listed.json');
    const metrics = [
      { name: 'llamacpp:n_busy_slots_per_decode', as: 'server_requests_running' },
      'llamacpp:prompt_seconds_total',
      'llamacpp:busy_slots_per_decode',
    ];
    const r = await run(exportFile, '-e', `METRICS=${JSON.stringify(metrics)}`, '-e', 'ITERATIONS=4');
    expect(r.code).toBe(0);
    const scrapes = (r.stdout.match(/\/metrics\.+: (\d+) scrapes ok/) ?? [])[1];
    expect(warnings(r.stderr)).toEqual([
      `WARN telemetry server: metrics[2] "llamacpp:busy_slots_per_decode" never appeared in ${scrapes} answered scrapes ` +
        '(did you mean "llamacpp:n_busy_slots_per_decode"?), so server_llamacpp_busy_slots_per_decode has no samples from it',
    ]);
    const s = await readJson(exportFile);
    expect(s.metrics.server_requests_running.avg).toBeCloseTo(3.01128, 9); // the alias, not llamacpp:requests_processing
    expect(s.metrics.server_llamacpp_prompt_seconds.count).toBe(0); // listed, present, not moving in the capture
    expect(s.metrics.server_generation_tokens.count).toBe(4 * 8);
  });

  it('an alias that does not fit its built-in metric exits 104 and says so once', async () => {
    const metrics = [{ name: 'llamacpp:requests_deferred', as: 'server_prompt_tokens', type: 'gauge' }];
    const r = await run(path.join(tmp, 'bad.json'), '-e', `METRICS=${JSON.stringify(metrics)}`);
    expect(r.code).toBe(104);
    expect(r.stderr.match(/ERROR/g)).toHaveLength(1);
    expect(r.stderr).toContain(
      'ERROR option "telemetry.server": option "metrics[0].type" "server_prompt_tokens" is a counter: alias a counter, or a histogram (its _sum is counted), not a gauge',
    );
  });
});
