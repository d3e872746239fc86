import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

/**
 * Issue 13's acceptance: a third party's plugin in a folder outside the
 * repository, depending only on the published `llmload/plugin` (and
 * `llmload/vu` in its VU module), type-checks against the generated
 * declarations, and `llmload run --plugin ./that-folder` uses its endpoint
 * (calls reach a local server) and its output (it receives the samples).
 * Broken plugins exit 104 naming the plugin and the problem; duplicate names
 * are refused naming both; LLMLOAD_PLUGINS and options.plugins find packages
 * from the working directory and from the script's folder.
 */
const fixture = path.join(repoRoot, 'test/fixtures/plugins/third-party/echo-plugin');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'llmload-third-party-'));
const received: { iter: number; vu: number }[] = [];
let server: http.Server;
let echoUrl = '';

const SCRIPT = `
import { check } from 'llmload';
import echo from 'llmload/x/echo';
export const options = { vus: 2, iterations: 6, echoUrl: __ENV.ECHO_URL, thresholds: { checks: ['rate==1'] }${'/*PLUGINS*/'} };
export default async function () {
  const r = await echo.send({ iter: __ITER, vu: __VU });
  check(r, { echoed: (x) => x.status === 200 && x.body.got.vu === __VU && x.calls > 0 });
}
`;
const script = (plugins?: string[]) => SCRIPT.replace('/*PLUGINS*/', plugins ? `, plugins: ${JSON.stringify(plugins)}` : '');

function write(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  // The user's project: the plugin folder, and node_modules with llmload (and Node's types) installed.
  cpSync(fixture, path.join(tmp, 'echo-plugin'), { recursive: true });
  mkdirSync(path.join(tmp, 'node_modules/@types'), { recursive: true });
  symlinkSync(repoRoot, path.join(tmp, 'node_modules/llmload'), 'dir');
  symlinkSync(path.join(repoRoot, 'node_modules/@types/node'), path.join(tmp, 'node_modules/@types/node'), 'dir');
  // The same plugin published as a package, installed in another project.
  cpSync(fixture, path.join(tmp, 'project/node_modules/llmload-plugin-echo'), { recursive: true });
  write('script.js', script());
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const got = JSON.parse(body) as { iter: number; vu: number };
      received.push(got);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ got }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  echoUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(tmp, { recursive: true, force: true });
});

const env = () => ({ ECHO_URL: echoUrl });

describe('a third-party plugin outside the repository', () => {
  it('type-checks against the published llmload/plugin and llmload/vu declarations', async () => {
    const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
    const r = await promisify(execFile)(process.execPath, [tsc, '-p', path.join(tmp, 'echo-plugin/tsconfig.json')]).catch((e: { stdout: string }) => e);
    expect(r.stdout).toBe('');
  });

  it('llmload run --plugin ./echo-plugin uses its endpoint (llmload/x/echo) and its output', async () => {
    received.length = 0;
    const counts = path.join(tmp, 'counts.json');
    const exp = path.join(tmp, 'summary.json');
    const r = await runCli(
      ['run', '--plugin', './echo-plugin', '--out', `tally=${counts}`, '--summary-export', exp, '--summary-trend-stats', 'count,avg', 'script.js'],
      { cwd: tmp, env: env() },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(received).toHaveLength(6);
    expect(new Set(received.map((g) => g.vu))).toEqual(new Set([1, 2]));
    const tally = JSON.parse(readFileSync(counts, 'utf8')) as Record<string, number>;
    expect(tally).toMatchObject({ echo_duration: 6, iterations: 6, checks: 6 });
    const summary = JSON.parse(readFileSync(exp, 'utf8')) as { metrics: Record<string, Record<string, number>> };
    expect(summary.metrics.echo_duration).toMatchObject({ count: 6 });
    expect(summary.metrics.checks).toMatchObject({ passes: 6, fails: 0 });
    expect(r.stdout + r.stderr).toContain(`tally (${counts})`);
    expect(r.stdout).toContain('TALLY OUTPUT');
  });
});

describe('a broken plugin: exit 104 naming it and the problem', () => {
  const cases: [string, string, string, string[]?][] = [
    [
      'old-api.js',
      "export default { kind: 'output', name: 'old-api', apiVersion: 0, create() {} };",
      'plugin "./broken/old-api.js" (--plugin): output plugin "old-api" was written for plugin API 0; this llmload has API 1',
    ],
    [
      'missing.js',
      "export default [{ kind: 'endpoint', name: 'half', apiVersion: 1 }];",
      'plugin "./broken/missing.js" (--plugin): endpoint plugin "half" lacks "create()"',
    ],
    [
      'factory.js',
      "export default { kind: 'endpoint', name: 'grumpy', apiVersion: 1, create() { throw new Error('no licence key'); } };",
      'endpoint plugin "grumpy": create() failed: no licence key',
    ],
    [
      'output-factory.js',
      "export default { kind: 'output', name: 'sulky', apiVersion: 1, create() { throw new Error('disk full'); } };",
      'output plugin "sulky": create() failed: disk full',
      ['--out', 'sulky'],
    ],
    ['load.js', "throw new Error('missing config file');", 'plugin "./broken/load.js" (--plugin) failed to load: missing config file'],
    ['syntax.ts', "export default { kind: 'output', name: ;", 'plugin "./broken/syntax.ts" (--plugin): '],
  ];
  it.each(cases)('%s', async (file, source, message, extra = []) => {
    write(`broken/${file}`, source);
    // The echo plugin too: the script's llmload/x/echo is then not the problem.
    const r = await runCli(['run', '--plugin', './echo-plugin', '--plugin', `./broken/${file}`, ...extra, 'script.js'], { cwd: tmp, env: env() });
    expect(r.code, r.stderr).toBe(104);
    expect(r.stderr).toContain(message);
    if (file === 'syntax.ts') expect(r.stderr).toMatch(/syntax\.ts:1:\d+: Unexpected ";"/);
    expect(r.stderr).not.toMatch(/^\s+at /m); // a message, not a stack
  });
});

describe('duplicate names', () => {
  it('are refused naming both origins, also against a built-in', async () => {
    write('dup/index.js', "export default { kind: 'endpoint', name: 'echo', apiVersion: 1, create() {} };");
    const a = await runCli(['run', '--plugin', './echo-plugin', '--plugin', './dup', 'script.js'], { cwd: tmp, env: env() });
    expect(a.code).toBe(104);
    expect(a.stderr).toContain(
      'plugin "./dup" (--plugin): an endpoint named "echo" is already registered by plugin "./echo-plugin" (--plugin); plugin names must be unique per kind',
    );
    write('json-out.js', "export default { kind: 'output', name: 'json', apiVersion: 1, create() {} };");
    const b = await runCli(['run', '--plugin', './json-out.js', 'script.js'], { cwd: tmp, env: env() });
    expect(b.code).toBe(104);
    expect(b.stderr).toContain('plugin "./json-out.js" (--plugin): an output named "json" is already registered by llmload itself (built-in)');
  });
});

describe('LLMLOAD_PLUGINS and options.plugins', () => {
  const calls = async (args: string[], cwd: string, extra: Record<string, string> = {}) => {
    received.length = 0;
    const r = await runCli(['run', '-q', ...args], { cwd, env: { ...env(), ...extra } });
    expect(r.code, r.stderr).toBe(0);
    return received.length;
  };

  it('LLMLOAD_PLUGINS names a package found from the working directory', async () => {
    expect(await calls([path.join(tmp, 'script.js')], path.join(tmp, 'project'), { LLMLOAD_PLUGINS: 'llmload-plugin-echo' })).toBe(6);
  });

  it("options.plugins names a package found from the script's folder, or else from the working directory", async () => {
    write('project/scripts/by-script.js', script(['llmload-plugin-echo']));
    expect(await calls([path.join(tmp, 'project/scripts/by-script.js')], tmp)).toBe(6);
    write('elsewhere/by-cwd.js', script(['llmload-plugin-echo']));
    expect(await calls([path.join(tmp, 'elsewhere/by-cwd.js')], path.join(tmp, 'project'))).toBe(6);
  });

  it('options.plugins paths are relative to the script', async () => {
    write('elsewhere/by-path.js', script(['../echo-plugin']));
    expect(await calls([path.join(tmp, 'elsewhere/by-path.js')], os.tmpdir())).toBe(6);
  });
});
