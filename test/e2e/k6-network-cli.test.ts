import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * k6's network options (issue 11) through the real CLI: options from the
 * script, flags and K6_* variables reach both endpoints, the scheduler and
 * the VUs (blockHostnames, rps, noVUConnectionReuse, httpDebug, systemTags),
 * and bad values stop the run before it starts (exit 104, naming the option).
 */
let server: http.Server;
let base = '';
let connections = 0;
let requests = 0;
const dir = mkdtempSync(path.join(tmpdir(), 'llmload-net-cli-'));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"pong":true}'));
  });
  server.on('connection', () => connections++);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

let seq = 0;
/** Runs a k6-style script (its `options` and body) with these extra CLI args and env. */
async function run(options: string, body: string, args: string[] = [], env: Record<string, string> = {}) {
  const file = path.join(dir, `s${seq++}.js`);
  writeFileSync(
    file,
    `import http from 'k6/http';\nimport { check, group } from 'k6';\nexport const options = ${options};\nexport default function () {\n${body}\n}\n`,
  );
  const exp = path.join(dir, `s${seq}.summary.json`);
  const before = { connections, requests };
  const r = await runCli(['run', '-q', '-e', `BASE_URL=${base}`, '--summary-export', exp, ...args, file], { env });
  let summary: Record<string, any> = {};
  try {
    summary = JSON.parse(readFileSync(exp, 'utf8'));
  } catch {
    // the run did not start
  }
  return { ...r, summary, connections: connections - before.connections, requests: requests - before.requests };
}

/** The Point lines of a --out json file, per metric. */
function points(file: string, metric: string): Array<Record<string, string>> {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((p) => p.type === 'Point' && p.metric === metric)
    .map((p) => p.data.tags);
}

describe('k6 network options through the CLI', () => {
  it('httpDebug: --http-debug=full dumps requests and responses, bodies included, on stderr', async () => {
    const r = await run('{ iterations: 1 }', `http.post(\`\${__ENV.BASE_URL}/debug\`, 'ping-body', { headers: { 'X-Trace': 't1' } });`, ['--http-debug=full']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/INFO Request:\nPOST \/debug HTTP\/1\.1\nHost: 127\.0\.0\.1:\d+\n/);
    expect(r.stderr).toContain('X-Trace: t1\n');
    expect(r.stderr).toContain('\n\nping-body\n');
    expect(r.stderr).toMatch(/INFO Response:\nHTTP\/1\.1 200 OK\n/);
    expect(r.stderr).toContain('\n\n{"pong":true}\n');
    expect(r.stderr).toMatch(/request_id=\S+ scenario=default source=http-debug vu=1/);
    expect(r.stdout).not.toContain('Request:');
  });

  it('httpDebug from K6_HTTP_DEBUG=headers: no bodies', async () => {
    const r = await run('{ iterations: 1 }', `http.post(\`\${__ENV.BASE_URL}/debug\`, 'ping-body');`, [], { K6_HTTP_DEBUG: 'headers' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('INFO Request:\nPOST /debug HTTP/1.1');
    expect(r.stderr).toContain('INFO Response:\nHTTP/1.1 200 OK');
    expect(r.stderr).not.toContain('ping-body');
    expect(r.stderr).not.toContain('pong');
  });

  it('systemTags: --out json points carry only the chosen system tags, vu and iter when asked', async () => {
    const json = path.join(dir, 'tags.json');
    const body = `group('g', () => { const r = http.get(\`\${__ENV.BASE_URL}/t\`); check(r, { ok: (x) => x.status === 200 }); });`;
    const r = await run("{ iterations: 2, tags: { team: 'a' } }", body, ['--system-tags', 'status,vu,iter', '--out', `json=${json}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(points(json, 'http_reqs')).toEqual([
      { team: 'a', status: '200', vu: '1', iter: '0' },
      { team: 'a', status: '200', vu: '1', iter: '1' },
    ]);
    expect(points(json, 'checks')).toEqual([
      { team: 'a', vu: '1', iter: '0' },
      { team: 'a', vu: '1', iter: '1' },
    ]);
    expect(points(json, 'iterations')).toEqual([{ team: 'a' }, { team: 'a' }]);

    const all = path.join(dir, 'default-tags.json');
    const d = await run("{ iterations: 1, tags: { team: 'a' } }", body, ['--out', `json=${all}`]);
    expect(d.code, d.stderr).toBe(0);
    expect(points(all, 'http_reqs')[0]).toEqual({
      team: 'a',
      scenario: 'default',
      group: '::g',
      name: `${base}/t`,
      url: `${base}/t`,
      method: 'GET',
      status: '200',
      proto: 'HTTP/1.1',
      expected_response: 'true',
    });
    expect(points(all, 'checks')[0]).toEqual({ team: 'a', scenario: 'default', group: '::g', check: 'ok' });
  });

  it('blockHostnames from K6_BLOCK_HOSTNAMES: error_code 1111, no connection', async () => {
    const json = path.join(dir, 'blocked.json');
    const port = new URL(base).port;
    const r = await run(
      '{ iterations: 1 }',
      `const r = http.get('http://localhost:${port}/'); check(r, { blocked: (x) => x.error_code === 1111 && x.error === 'hostname is blocked' });`,
      ['--out', `json=${json}`],
      {
        K6_BLOCK_HOSTNAMES: 'LOCALHOST,*.example.com',
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.summary.metrics.checks).toMatchObject({ passes: 1, fails: 0 });
    expect(points(json, 'http_reqs')[0]).toMatchObject({ status: '0', error_code: '1111', error: 'hostname is blocked' });
    expect(r.connections).toBe(0);
    expect(r.stderr).toContain('hostname is blocked (error_code 1111)');
  });

  it('blacklistIPs from --blacklist-ip: error_code 1110', async () => {
    const r = await run(
      '{ iterations: 1 }',
      `const r = http.get(__ENV.BASE_URL); check(r, { refused: (x) => x.error_code === 1110 && x.error === 'ip is blacklisted' });`,
      ['--blacklist-ip', '127.0.0.0/8,::1/128'],
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.summary.metrics.checks).toMatchObject({ passes: 1, fails: 0 });
    expect(r.connections).toBe(0);
  });

  it('rps 20 with 10 VUs for 1 s: about 20 requests, none of them slowed by the wait', async () => {
    const r = await run("{ scenarios: { s: { executor: 'constant-vus', vus: 10, duration: '1s', gracefulStop: '0s' } } }", 'http.get(__ENV.BASE_URL);', [
      '--rps',
      '20',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const n = r.summary.metrics.http_reqs.count;
    expect(n).toBeGreaterThanOrEqual(18);
    expect(n).toBeLessThanOrEqual(23);
    // The iteration waits for its slot (~0.5 s); the request's own timings do not include it.
    expect(r.summary.metrics.http_req_duration.max).toBeLessThan(150);
    expect(r.summary.metrics.iteration_duration.med).toBeGreaterThan(300);
  });

  it('noVUConnectionReuse (--no-vu-connection-reuse): a new connection per iteration, keep-alive within it', async () => {
    const body = 'http.get(__ENV.BASE_URL); http.get(__ENV.BASE_URL);';
    const fresh = await run('{ iterations: 3 }', body, ['--no-vu-connection-reuse']);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect([fresh.requests, fresh.connections]).toEqual([6, 3]);
    const reused = await run('{ iterations: 3 }', body);
    expect([reused.requests, reused.connections]).toEqual([6, 1]);
  });

  it.each([
    [['--rps', '-5'], {}, '{}', 'command-line flags: option "rps" must be a number of requests per second ≥ 0'],
    [['--system-tags', 'status,methd'], {}, '{}', 'option "systemTags" has unknown tag "methd" (did you mean "method"?)'],
    [['--blacklist-ip', '10.0.0.0/99'], {}, '{}', 'option "blacklistIPs" has "10.0.0.0/99": the prefix length must be 0 to 32'],
    [
      [],
      { K6_BLOCK_HOSTNAMES: 'http://x.com' },
      '{}',
      'environment variable K6_BLOCK_HOSTNAMES: option "blockHostnames" has "http://x.com" is not a host name',
    ],
    [[], {}, "{ httpDebug: 'loud' }", 'option "httpDebug" must be "headers" (or true), "full" or false, got "loud"'],
    [[], {}, "{ noVUConnectionReuse: 'yes' }", 'option "noVUConnectionReuse" must be true or false, got "yes"'],
  ])('%j %j %s: exit 104 naming the option', async (args, env, options, message) => {
    const r = await run(options, 'http.get(__ENV.BASE_URL);', args, env);
    expect(r.code).toBe(104);
    expect(r.stderr).toContain(message);
    expect(r.requests).toBe(0);
  });
});
