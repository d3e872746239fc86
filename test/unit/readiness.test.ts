import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AutoModels, withModel } from '../../plugins/endpoints/openai/auto-model.js';
import { flagsLayer, type RunFlags } from '../../runtime/cli/flags.js';
import { LlmloadError } from '../../runtime/errors.js';
import { mergeLayers } from '../../runtime/options/layers.js';
import { parseWaitFor, waitForUrl } from '../../runtime/options/wait-for.js';
import { waitForServer } from '../../runtime/readiness/wait-for-server.js';

const flags = (f: Partial<RunFlags>): RunFlags => ({
  script: 's.ts',
  thresholds: true,
  setup: true,
  teardown: true,
  quiet: false,
  color: false,
  includeSystemEnvVars: false,
  verbose: false,
  ...f,
});

describe('options.waitFor', () => {
  it('a URL or path, or { url, timeout, interval }, with defaults 5m and 2s', () => {
    expect(parseWaitFor('/health', 'options')).toEqual({ url: '/health', timeout: 300_000, interval: 2_000 });
    expect(parseWaitFor({ url: 'http://h:8000/v1/models', timeout: '30s', interval: 500 }, 'options')).toEqual({
      url: 'http://h:8000/v1/models',
      timeout: 30_000,
      interval: 500,
    });
    expect(parseWaitFor(undefined, 'options')).toBeUndefined();
  });

  it('rejects unknown keys, a missing or bad URL and bad durations, naming the option (exit 104)', () => {
    const err = (v: unknown) => {
      try {
        parseWaitFor(v, 'script options');
      } catch (e) {
        expect((e as LlmloadError).exitCode).toBe(104);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(err({ url: '/health', timout: '1m' })).toBe('script options: option "waitFor": unknown option "timout" (did you mean "timeout"?)');
    expect(err({ timeout: '1m' })).toMatch(/option "waitFor": option "url" is required/);
    expect(err('health')).toMatch(/option "url" must be an http\(s\) URL or a path starting with "\/", got "health"/);
    expect(err({ url: '/h', timeout: 'soon' })).toMatch(/option "timeout": invalid duration "soon"/);
    expect(err({ url: '/h', timeout: 0 })).toMatch(/option "timeout" must be more than 0/);
    expect(err({ url: '/h', interval: 10 })).toMatch(/option "interval" must be at least 50ms/);
    expect(err(42)).toMatch(/option "waitFor" must be a URL or \{ url, timeout, interval \}, got 42/);
  });

  it('a path resolves against LLMLOAD_BASE_URL (its /v1 too); without one it is an error', () => {
    expect(waitForUrl('/health', 'http://127.0.0.1:8000/v1', 'options')).toBe('http://127.0.0.1:8000/health');
    expect(waitForUrl('/v1/models', 'http://127.0.0.1:8000', 'options')).toBe('http://127.0.0.1:8000/v1/models');
    expect(waitForUrl('http://other:1/ready', 'http://127.0.0.1:8000', 'options')).toBe('http://other:1/ready');
    expect(() => waitForUrl('/health', undefined, 'options')).toThrow(/"\/health" is a path: give a full URL, or set LLMLOAD_BASE_URL/);
  });

  it('--wait-for and --wait-timeout merge key by key with the script', () => {
    const script = { waitFor: { url: '/v1/models', timeout: '10m' } };
    const merged = (f: Partial<RunFlags>) =>
      mergeLayers([
        { source: 'script', options: script },
        { source: 'flags', options: flagsLayer(flags(f)) },
      ]).options.waitFor;
    expect(merged({ waitTimeout: '1m' })).toEqual({ url: '/v1/models', timeout: '1m' });
    expect(merged({ waitFor: '/health' })).toEqual({ url: '/health', timeout: '10m' });
    expect(
      mergeLayers([
        { source: 'script', options: { waitFor: '/health' } },
        { source: 'flags', options: flagsLayer(flags({ waitTimeout: '3s' })) },
      ]).options.waitFor,
    ).toEqual({
      url: '/health',
      timeout: '3s',
    });
    expect(flagsLayer(flags({})).waitFor).toBeUndefined();
  });
});

/** A local server that answers with `answer(n)` for its n-th request (0-based). */
async function server(answer: (n: number, path: string) => { status: number; body?: string }): Promise<{ url: string; hits: string[]; srv: Server }> {
  const hits: string[] = [];
  const srv = createServer((req, res) => {
    const a = answer(hits.length, req.url ?? '');
    hits.push(`${req.url} ${req.headers.authorization ?? ''}`.trim());
    res.writeHead(a.status, { 'content-type': 'application/json' });
    res.end(a.body ?? '');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, hits, srv };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});
const sink = () => {
  const lines: string[] = [];
  return { lines, write: (s: string) => lines.push(s), isTTY: false };
};

describe('waitForServer', () => {
  it('polls on a back-off until a 2xx; one waiting line, then the ready line', async () => {
    const s = await server((n) => (n < 3 ? { status: 503, body: '{"error":"loading"}' } : { status: 200 }));
    servers.push(s.srv);
    const out = sink();
    const r = await waitForServer(
      `${s.url}/health`,
      { url: '/health', timeout: 10_000, interval: 2_000 },
      { stderr: out, quiet: false, signal: new AbortController().signal },
    );
    expect(s.hits).toHaveLength(4);
    expect(r.status).toBe(200);
    // 250 + 500 + 1000 ms of pauses
    expect(r.ms).toBeGreaterThanOrEqual(1700);
    expect(out.lines[0]).toMatch(/^waiting for http:\/\/127\.0\.0\.1:\d+\/health: HTTP 503: \{"error":"loading"\} \(0\.\ds of 10s\)\n$/);
    expect(out.lines.at(-1)).toMatch(/^server ready: http:\/\/127\.0\.0\.1:\d+\/health answered 200 after \d\.\ds\n$/);
  });

  it('a model list is ready only once it lists a model; -q writes nothing', async () => {
    const s = await server((n) => ({ status: 200, body: JSON.stringify({ object: 'list', data: n < 2 ? [] : [{ id: 'm1' }, { id: 'm2' }] }) }));
    servers.push(s.srv);
    const out = sink();
    await waitForServer(
      `${s.url}/v1/models`,
      { url: '/v1/models', timeout: 10_000, interval: 100 },
      { stderr: out, quiet: true, signal: new AbortController().signal },
    );
    expect(s.hits).toHaveLength(3);
    expect(out.lines).toEqual([]);
  });

  it('never ready: ERR_NOT_READY (exit 112) at the timeout, naming the URL and the last reason', async () => {
    const s = await server(() => ({ status: 200, body: '{"data":[]}' }));
    servers.push(s.srv);
    const t0 = performance.now();
    const err = (await waitForServer(
      `${s.url}/v1/models`,
      { url: '/v1/models', timeout: 1_200, interval: 200 },
      { stderr: sink(), quiet: false, signal: new AbortController().signal },
    ).catch((e: unknown) => e)) as LlmloadError;
    const took = performance.now() - t0;
    expect(err).toBeInstanceOf(LlmloadError);
    expect(err.code).toBe('ERR_NOT_READY');
    expect(err.exitCode).toBe(112);
    expect(err.message).toBe(
      `the server was not ready within 1.2s (waitFor): ${s.url}/v1/models: HTTP 200 but no model is listed yet (raise waitFor.timeout or --wait-timeout if it is still loading its model)`,
    );
    expect(took).toBeGreaterThanOrEqual(1_150);
    expect(took).toBeLessThan(2_500);
  });

  it('a refused connection is the reason; a stop ends the wait at once (ERR_SIGNAL)', async () => {
    const s = await server(() => ({ status: 200 }));
    await new Promise((r) => s.srv.close(r));
    const err = (await waitForServer(
      `${s.url}/health`,
      { url: '/health', timeout: 300, interval: 100 },
      { stderr: sink(), quiet: true, signal: new AbortController().signal },
    ).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/\/health: dial: connection refused/);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const t0 = performance.now();
    const stopped = (await waitForServer(
      `${s.url}/health`,
      { url: '/health', timeout: 60_000, interval: 5_000 },
      { stderr: sink(), quiet: true, signal: ac.signal },
    ).catch((e: unknown) => e)) as LlmloadError;
    expect(stopped.code).toBe('ERR_SIGNAL');
    expect(performance.now() - t0).toBeLessThan(1_500);
  });
});

describe("openai model: 'auto'", () => {
  it('the body gets the found model as its first key', () => {
    expect(withModel('{"messages":[{"role":"user","content":"hi"}]}', 'Qwen/Qwen3-0.6B')).toBe(
      '{"model":"Qwen/Qwen3-0.6B","messages":[{"role":"user","content":"hi"}]}',
    );
    expect(withModel('{}', 'm')).toBe('{"model":"m"}');
    expect(JSON.parse(withModel('{"prompt":"a\\"b","max_tokens":3}', 'a"b'))).toEqual({ model: 'a"b', prompt: 'a"b', max_tokens: 3 });
  });

  it('one GET /models per API base however many ask, with the client headers; a failure is ERR_NOT_READY and not kept', async () => {
    let up = false;
    const s = await server(() => (up ? { status: 200, body: JSON.stringify({ data: [{ id: 'first' }, { id: 'second' }] }) } : { status: 404, body: '{}' }));
    servers.push(s.srv);
    const auto = new AutoModels();
    const ask = { api: `${s.url}/v1`, headers: { authorization: 'Bearer k' } };
    const err = (await auto.resolve(ask).catch((e: unknown) => e)) as LlmloadError;
    expect(err.code).toBe('ERR_NOT_READY');
    expect(err.message).toBe(`openai.client({ model: 'auto' }): GET ${s.url}/v1/models: HTTP 404 (name the model, or wait for the server with waitFor)`);
    up = true;
    const got = await Promise.all([auto.resolve(ask), auto.resolve(ask), auto.resolve({ ...ask, headers: {} })]);
    expect(got).toEqual(['first', 'first', 'first']);
    expect(await auto.beforeTest([ask])).toEqual([`model: auto → first (first listed at ${s.url}/v1/models)`]);
    expect(s.hits).toEqual(['/v1/models Bearer k', '/v1/models Bearer k']);
  });
});
