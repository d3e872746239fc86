import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTokenizer } from '../../runtime/tokenizers/index.js';
import { binPath, repoRoot } from '../support/cli.js';
import { startSseServer, type SseServer } from '../support/sse-server.js';

/**
 * The real CLI (`npm run build` first) against a server that answers with one
 * huge content chunk and no usage: llmload counts the output itself, in time
 * linear in its length and off the main thread, so the run ends soon after the
 * response and Ctrl-C still stops it gracefully mid-count.
 */
let server: SseServer;
const dir = mkdtempSync(path.join(tmpdir(), 'llmload-token-count-e2e-'));
beforeAll(async () => {
  server = await startSseServer();
});
afterAll(() => server.close());

const MiB = 1024 * 1024;

interface Launch {
  exited: Promise<{ code: number | null; stdout: string; stderr: string; at: number }>;
  interrupt(): void;
}

function launch(env: Record<string, string>, extra: string[]): Launch {
  const vars = Object.entries({ LLMLOAD_BASE_URL: server.url, ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const child = spawn(process.execPath, [binPath, 'run', '-q', 'test/fixtures/e2e/openai-huge-chunk.ts', ...vars, ...extra], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return {
    exited: new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, at: Date.now() });
      });
    }),
    interrupt: () => child.kill('SIGINT'),
  };
}

/** Per-request records of `--out requests=`, with the response's end in epoch ms. */
function records(file: string): Array<{ end: number; tokens: { prompt: number; output: number; source: string } }> {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { start_unix_ms: number; timings: { e2e: number }; tokens: { prompt: number; output: number; source: string } })
    .map((r) => ({ end: r.start_unix_ms + r.timings.e2e, tokens: r.tokens }));
}

describe('llmload/openai counts a huge reply without usage', () => {
  const tok = getTokenizer('default', repoRoot);

  for (const [chars, limitMs] of [
    [MiB, 2_000],
    [10 * MiB, 20_000],
  ] as const) {
    it(`${chars / MiB} MiB in one chunk: the run ends < ${limitMs / 1000} s after the response, with the linear count`, async () => {
      const reqs = path.join(dir, `requests-${chars}.jsonl`);
      const r = await launch({ CHUNK_CHARS: String(chars) }, ['--out', `requests=${reqs}`]).exited;
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const [warm, big] = records(reqs);
      expect(warm!.tokens).toEqual({ prompt: 1, output: tok.count('y'.repeat(64 * 1024)), source: 'tokenizer' });
      expect(big!.tokens).toEqual({ prompt: 1, output: tok.count('y'.repeat(chars)), source: 'tokenizer' });
      // From the response's last byte to the process's exit: the count, the summary and shutdown.
      expect(r.at - big!.end).toBeLessThan(limitMs);
    });
  }

  it('Ctrl-C during the count of 10 MiB stops the run gracefully: exit 105 and the summary', async () => {
    const exp = path.join(dir, 'interrupted.json');
    const before = server.finished.length;
    // Random letters: no pre-token repeats, so counting 10 MiB takes many seconds.
    const run = launch({ CHUNK_CHARS: String(10 * MiB), CHUNK_TEXT: 'random' }, ['--summary-export', exp]);
    const deadline = Date.now() + 60_000;
    while (server.finished.length < before + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(server.finished.length).toBe(before + 2);
    // The last socket buffers and the event's JSON take well under this; the count takes far longer.
    await new Promise((r) => setTimeout(r, 1500));
    const sent = Date.now();
    run.interrupt();
    const r = await run.exited;
    expect(r.code, r.stdout + r.stderr).toBe(105);
    expect(r.stderr).toContain('received SIGINT: stopping gracefully');
    expect(r.stdout).toContain('LLM LATENCY AND THROUGHPUT');
    // Only the first reply was counted: the signal arrived while the second one was.
    expect(JSON.parse(readFileSync(exp, 'utf8')).llm).toMatchObject({ requests: 1, ok: 1 });
    expect(r.at - sent).toBeLessThan(10_000);
  });
});
