// waitFor / --wait-for against servers that are not up yet: the real CLI against the mock started late,
// run() against one that never starts; model: 'auto' discovery shown in the header.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { run, startMock, type MockServerHandle } from 'llmload/api';
import { repoRoot, runCli } from '../support/cli.js';

/** A loopback port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

const mocks: MockServerHandle[] = [];
afterAll(async () => {
  for (const m of mocks) await m.close();
});

const SCRIPT = `
import openai from 'llmload/openai';
const client = openai.client({ model: 'auto' });
export const options = { iterations: 4 };
export function setup() { console.log('setup ran'); }
export default async function () {
  const r = await client.chat({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 3, ignore_eos: true });
  if (!r.ok || r.model !== 'late-model') throw new Error('bad result ' + JSON.stringify(r.error) + ' ' + r.model);
}
`;

describe('waiting for the server', () => {
  it('--wait-for a server that starts listening 3 s late: the waiting line, then the header with the found model, then setup() and the test', async () => {
    const port = await freePort();
    let mock: Promise<MockServerHandle> | undefined;
    const late = setTimeout(() => {
      mock = startMock({ port, model: 'late-model', ttft: 5, itl: 1 });
      void mock.then((m) => mocks.push(m));
    }, 3000);
    const r = await runCli(['run', '-', '--wait-for', '/v1/models', '--wait-timeout', '30s', '-e', `LLMLOAD_BASE_URL=http://127.0.0.1:${port}`], {
      stdin: SCRIPT,
    });
    clearTimeout(late);
    expect(r.stderr).not.toContain('ERROR');
    expect(r.code).toBe(0);
    const url = `http://127.0.0.1:${port}/v1/models`;
    const waiting = r.stderr.indexOf(`waiting for ${url}: dial: connection refused (0.`);
    const ready = r.stderr.search(new RegExp(`server ready: ${url.replace(/[./]/g, '\\$&')} answered 200 listing 1 model after (\\d+\\.\\d)s`));
    const header = r.stderr.indexOf(`      model: auto → late-model (first listed at http://127.0.0.1:${port}/v1/models)`);
    const setup = r.stderr.indexOf('setup ran');
    expect(waiting).toBeGreaterThanOrEqual(0);
    expect(ready).toBeGreaterThan(waiting);
    expect(header).toBeGreaterThan(ready);
    expect(setup).toBeGreaterThan(header);
    // (The 3 s count from the spawn; the wait starts once the script is bundled.)
    const waited = Number(/answered 200 listing 1 model after (\d+\.\d)s/.exec(r.stderr)![1]);
    expect(waited).toBeGreaterThan(0.5);
    expect(waited).toBeLessThan(10);
    // The model the server listed was sent with every request (the mock echoes it into its records).
    const seen = await (await mock!).records();
    expect(seen.map((x) => x.model)).toEqual(['late-model', 'late-model', 'late-model', 'late-model']);
    expect(r.stdout).toMatch(/requests\.+: 4 ok, 0 failed/);
  });

  it('-q: no waiting line; a server that never starts exits 112 at the timeout, naming the URL and the last error', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/health`;
    const r = await runCli(['run', '-q', '-', '--wait-for', url, '--wait-timeout', '2s'], { stdin: 'export default function () {}' });
    expect(r.code).toBe(112);
    expect(r.stderr).toBe(
      `ERROR the server was not ready within 2s (waitFor): ${url}: dial: connection refused (raise waitFor.timeout or --wait-timeout if it is still loading its model)\n`,
    );
  });

  it('run({ options: { waitFor } }): ERR_NOT_READY within the timeout; bad waitFor options are exit 104', async () => {
    const port = await freePort();
    const t0 = performance.now();
    const never = await run({
      cwd: repoRoot,
      script: { source: 'export default function () {}' },
      options: { waitFor: { url: '/health', timeout: '1500ms' } },
      env: { LLMLOAD_BASE_URL: `http://127.0.0.1:${port}` },
    });
    const took = performance.now() - t0;
    expect(never.exitCode).toBe(112);
    expect(never.error).toEqual({
      code: 'ERR_NOT_READY',
      message: expect.stringContaining(`within 1.5s (waitFor): http://127.0.0.1:${port}/health: dial: connection refused`),
    });
    expect(never.summary).toBeUndefined();
    expect(took).toBeLessThan(1500 + 4000);

    // A path needs a base URL: exit 104 naming the option.
    const noBase = await run({ cwd: repoRoot, script: { source: 'export default function () {}' }, options: { waitFor: '/health' } });
    expect(noBase.exitCode).toBe(104);
    expect(noBase.error?.message).toMatch(/option "waitFor" "\/health" is a path: give a full URL, or set LLMLOAD_BASE_URL/);

    // Unknown keys are refused before anything runs.
    const typo = await run({ cwd: repoRoot, script: { source: 'export default function () {}' }, options: { waitFor: { url: '/health', timout: '1m' } } });
    expect(typo.exitCode).toBe(104);
    expect(typo.error?.message).toBe('run() options: option "waitFor": unknown option "timout" (did you mean "timeout"?)');
  });

  it("model: 'auto' against a server that lists no model stops the run before the test (exit 112)", async () => {
    const m = await startMock({});
    mocks.push(m);
    // /v1/models of the mock lists its one model: point the client at a path that lists none.
    const r = await run({
      cwd: repoRoot,
      script: {
        source: `import openai from 'llmload/openai';
const client = openai.client({ model: 'auto', baseUrl: __ENV.LLMLOAD_BASE_URL + '/nothing' });
export default async function () { await client.chat({ messages: [] }); }`,
      },
      env: { LLMLOAD_BASE_URL: m.url },
    });
    expect(r.exitCode).toBe(112);
    expect(r.error?.message).toMatch(new RegExp(`^openai.client\\(\\{ model: 'auto' \\}\\): GET ${m.url.replace(/[./]/g, '\\$&')}/nothing/models: HTTP 404`));
    expect(await m.records()).toEqual([]);
  });
});
