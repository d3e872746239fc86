import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * The real CLI against the mock, which reports usage counted with o200k_base:
 * the client recounts each reply with the tokenizer the script names, and
 * the records, the llm_token_count_diff trend and the summary's token check
 * all hold the same client − server differences.
 */
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-token-check-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

interface RecordTokens {
  prompt: number;
  output: number;
  source: string;
  client_output?: number;
  output_diff?: number;
}

async function run(clientTokenizer: string) {
  const reqs = path.join(tmp, `${clientTokenizer.replace(/\W/g, '_')}.jsonl`);
  const exp = path.join(tmp, `${clientTokenizer.replace(/\W/g, '_')}.json`);
  const r = await runCli([
    'run',
    '--mock',
    '-e',
    `CLIENT_TOKENIZER=${clientTokenizer}`,
    '--out',
    `requests=${reqs}`,
    '--summary-export',
    exp,
    'test/fixtures/e2e/openai-token-diff.ts',
  ]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const records = (await readFile(reqs, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { ok: boolean; tokens: RecordTokens })
    .filter((x) => x.ok);
  return { out: r.stdout, records, summary: JSON.parse(await readFile(exp, 'utf8')) };
}

describe('the token check (client − server output tokens)', () => {
  it('a different client tokenizer: every record has its count and difference, one sign; the summary says "different tokenizer"', async () => {
    const { out, records, summary } = await run('test/fixtures/tokenizers/bpe-small');
    expect(records).toHaveLength(12);
    for (const { tokens } of records) {
      // The mock's words are one o200k token each; bpe-small splits many of them.
      expect(tokens).toMatchObject({ output: 40, source: 'server' });
      expect(tokens.output_diff).toBe(tokens.client_output! - tokens.output);
      expect(tokens.output_diff).toBeGreaterThan(0);
    }
    const diffs = records.map((x) => x.tokens.output_diff!);
    const total = diffs.reduce((a, b) => a + b, 0);
    const m = summary.metrics;
    expect(m.llm_token_count_mismatch.count).toBe(12);
    expect(m.llm_token_count_diff.min).toBe(Math.min(...diffs));
    expect(m.llm_token_count_diff.max).toBe(Math.max(...diffs));
    expect(m.llm_token_count_diff.avg).toBeCloseTo(total / 12, 6);
    expect(summary.llm.token_check).toMatchObject({
      compared: 12,
      differing: 12,
      fewer: 0,
      more: 12,
      server_tokens: 480,
      client_tokens: 480 + total,
      diff_total: total,
      verdict: 'tokenizer',
    });
    expect(out).toMatch(new RegExp(`token check\\.*:? +12 of 12 requests differ \\(0 fewer, 12 more\\); client − server \\+${total} of 480 tokens`));
    expect(out).toContain("looks like a different tokenizer than the server's");
  });

  it("the server's own tokenizer: no difference anywhere", async () => {
    const { out, records, summary } = await run('o200k_base');
    expect(records).toHaveLength(12);
    for (const { tokens } of records) expect(tokens).toMatchObject({ output: 40, client_output: 40, output_diff: 0 });
    expect(summary.metrics.llm_token_count_mismatch?.count ?? 0).toBe(0);
    expect(summary.metrics.llm_token_count_diff).toMatchObject({ min: 0, max: 0 });
    expect(summary.llm.token_check).toMatchObject({ compared: 12, differing: 0, verdict: 'agree' });
    expect(out).toContain('the client tokenizer agrees with the server on all 12 requests');
  });
});
