import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures/scripts/_harness.js';

const script = `
import http from 'llmload/http';
import { check, group, sleep } from 'llmload';
import exec from 'llmload/execution';
import { Counter, Trend } from 'llmload/metrics';
import { SharedArray } from 'llmload/data';

export const options = { vus: 2, duration: '10s' };
const prompts = new SharedArray('p', () => [{ text: 'hi' }]);
const tokens = new Counter('tokens');
const ttft = new Trend('ttft', true);
const notes: string = open('./notes.txt');

export default async function () {
  const r = await http.post(__ENV.URL + '/v1/chat', { prompt: prompts[__ITER % prompts.length]!.text }, { timeout: '30s', tags: { name: 'chat' } });
  check(r, { 'status 200': (res) => res.status === 200, 'has body': (res) => typeof res.body === 'string' });
  const u = r.json<{ usage: { completion_tokens: number } }>().usage;
  tokens.add(u.completion_tokens, { model: 'm' });
  ttft.add(r.timings.waiting);
  exec.vu.tags.phase = 'warm';
  await group('g', async () => sleep(0.1));
  if (exec.scenario.progress > 2) exec.test.abort('never');
  console.log('notes', notes.length);
  return notes.length + __VU;
}
`;
// A k6 script in TypeScript, as k6 types it: synchronous requests and sleep.
const k6script = `
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Trend } from 'k6/metrics';
import exec from 'k6/execution';
import encoding from 'k6/encoding';

const waiting = new Trend('waiting', true);
export default function () {
  const res = http.post(__ENV.URL + '/login', { user: 'ada' });
  check(res, { ok: (r) => r.status === 200 });
  waiting.add(res.timings.waiting);
  const all = http.batch([['GET', __ENV.URL], { method: 'GET', url: __ENV.URL }]);
  const n: number = all.length + exec.vu.idInTest + encoding.b64encode('x').length;
  sleep(n > 0 ? 1 : 0);
}
`;
const wrong = `
import http from 'llmload/http';
export default async function () {
  const r = await http.get(42);
  r.status = 1;
}
`;

function tsc(dir: string, moduleResolution: string): string {
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      // preserveSymlinks: the package is seen where an install puts it (node_modules/llmload), as a user's is.
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        module: moduleResolution === 'NodeNext' ? 'NodeNext' : 'ESNext',
        moduleResolution,
        strict: true,
        noEmit: true,
        types: [],
        preserveSymlinks: true,
      },
      include: ['*.ts'],
    }),
  );
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    return '';
  } catch (err) {
    return (err as { stdout: string }).stdout;
  }
}

describe('user-facing types', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'llmload-types-'));
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(repoRoot, path.join(dir, 'node_modules/llmload'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module","dependencies":{"llmload":"*"}}');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const resolution of ['NodeNext', 'Bundler', 'Node10']) {
    it(`type-check a script that depends on llmload (moduleResolution ${resolution})`, () => {
      writeFileSync(path.join(dir, 'script.ts'), script);
      writeFileSync(path.join(dir, 'k6script.ts'), k6script);
      rmSync(path.join(dir, 'wrong.ts'), { force: true });
      expect(tsc(dir, resolution)).toBe('');
      writeFileSync(path.join(dir, 'wrong.ts'), wrong);
      const out = tsc(dir, resolution);
      expect(out).toContain("wrong.ts(4,28): error TS2345: Argument of type 'number' is not assignable to parameter of type 'string | HttpURL'.");
      expect(out).toContain("wrong.ts(5,5): error TS2540: Cannot assign to 'status' because it is a read-only property.");
    }, 60_000);
  }
});
