import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FRAMINGS } from '../../runtime/mock/framing.js';
import { startMockServer } from '../../runtime/mock/index.js';
import { request } from 'undici';
import { binPath, repoRoot, runCli, stderrBesidesHealth } from '../support/cli.js';

/**
 * llmload's client (llmload/openai, the real CLI) against the mock under each
 * framing: the same tokens, chunks and finish reason, and a TTFT that is the
 * mock's own plus one loopback trip, whichever engine's chunks it reads. Under
 * vllm-early-role the role chunk comes at once: a client that took it for the
 * first token would read TTFT ≈ 0 instead of 60 ms.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'llmload-framing-'));
const TTFT = 60;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface ClientRecord {
  ok: boolean;
  finish_reason: string | null;
  content_chunks: number;
  timings: { ttft: number; itl: number[] };
  tokens: { output: number; source: string };
}

const results = new Map<string, { ttft: number[]; excess: number[]; records: ClientRecord[] }>();
afterAll(() => results.clear());

describe('llmload/openai reads every framing the same', () => {
  it.each(FRAMINGS)('%s: exact tokens and chunks, TTFT as the mock wrote it', { retry: 1 }, async (framing) => {
    const mock = await startMockServer({ ttft: TTFT, itl: 5, seed: 3, framing });
    try {
      const out = path.join(dir, `${framing}.jsonl`);
      const r = await runCli(['run', '-q', 'test/fixtures/e2e/openai-framing.ts', '-e', `LLMLOAD_BASE_URL=${mock.url}`, '--out', `requests=${out}`], {
        timeoutMs: 60_000,
      });
      expect(stderrBesidesHealth(r.stderr)).toBe('');
      expect(r.code).toBe(0);
      const records = readFileSync(out, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as ClientRecord);
      expect(records).toHaveLength(12);
      for (const c of records) {
        expect(c).toMatchObject({ ok: true, finish_reason: 'length', content_chunks: 16, tokens: { output: 16, source: 'server' } });
        expect(c.timings.itl).toHaveLength(15);
      }
      // Paired with the mock's own record of each request: the client's TTFT is the mock's plus the way in and back.
      const own = new Map(mock.records().map((m) => [m.requestId, m.firstWrite! - m.received]));
      const excess = records.map((c, i) => c.timings.ttft - own.get(`r-${i}`)!);
      expect(Math.min(...records.map((c) => c.timings.ttft))).toBeGreaterThanOrEqual(TTFT);
      expect(Math.min(...excess)).toBeGreaterThan(0);
      expect(median(excess)).toBeLessThan(3);
      results.set(framing, { ttft: records.map((c) => c.timings.ttft), excess, records });
    } finally {
      await mock.close();
    }
  });

  it('measures the same TTFT under every framing', () => {
    expect(results.size).toBe(FRAMINGS.length);
    // Beyond what the mock itself took (its lateness varies with the machine's load), each framing costs the
    // client the same; a client fooled by a role-only chunk would be ~60 ms apart, one counting a gap too many 5 ms.
    const excess = [...results.values()].map((x) => median(x.excess));
    expect(Math.max(...excess) - Math.min(...excess)).toBeLessThan(2);
    const ttft = [...results.values()].map((x) => median(x.ttft));
    expect(Math.max(...ttft) - Math.min(...ttft)).toBeLessThan(5);
  });
});

describe('choosing a framing from the CLI', () => {
  it('llmload mock --framing sglang serves SGLang chunks', async () => {
    const child = spawn(process.execPath, [binPath, 'mock', '--port', '0', '--ttft', '1', '--itl', '0', '--framing', 'sglang'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('close', (code) => reject(new Error(`mock exited (${code}): ${out}`)));
      });
      const res = await request(`${url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }], stream: true, max_tokens: 2 }),
      });
      const text = await res.body.text();
      expect(text).toContain('"finish_reason":"length","matched_stop":null}],"usage":null}');
    } finally {
      child.kill('SIGINT');
    }
  });

  it('run --mock --mock-option framing=tgi: the run reads TGI chunks (and rejects an unknown framing, exit 104)', async () => {
    const r = await runCli([
      'run',
      '-q',
      '--mock',
      '--mock-option',
      'framing=tgi',
      '--mock-option',
      'ttft=5',
      '-e',
      'REQUESTS=3',
      'test/fixtures/e2e/openai-framing.ts',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ 16 tokens/);
    const bad = await runCli(['run', '-q', '--mock', '--mock-option', 'framing=tgl', 'test/fixtures/e2e/openai-framing.ts']);
    expect(bad.code).toBe(104);
    expect(bad.stderr).toContain('"framing": must be one of vllm, sglang, tgi, vllm-early-role');
  });
});
