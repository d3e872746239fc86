import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startSseServer, type SseServer } from '../support/sse-server.js';

/**
 * The closed-loop warm start: before the clock starts, every VU opens its
 * connection to the server its openai.client() names, so the first wave of
 * requests does not pay the connects; `--no-warmup` leaves it out.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'llmload-warm-start-'));
let sse: SseServer;
beforeEach(async () => {
  sse = await startSseServer();
});
afterEach(() => sse.close());

const run = (script: string, exp: string, extra: string[] = []) =>
  runCli(['run', '-q', `test/fixtures/e2e/${script}`, '-e', `LLMLOAD_BASE_URL=${sse.url}`, '-e', 'VUS=8', '-e', 'N=200', '--summary-export', exp, ...extra]);

describe('closed-loop warm start', () => {
  it('opens one connection per VU before the first request, and the test reuses them', async () => {
    const exp = path.join(dir, 'warm.json');
    // The scenario starts 300 ms into the test: connections opened before the clock started are that much older
    // than the first request (lazily opened ones would be as old as it). The server accepts a connection and reads
    // a request in whatever order its event loop finds them, so a margin, not a strict order.
    const r = await run('openai-many.ts', exp, ['-e', 'START_TIME=300ms']);
    expect(r.code, r.stderr).toBe(0);
    expect(sse.receivedAt).toHaveLength(200);
    expect(sse.connections).toBe(8);
    expect(Math.min(...sse.receivedAt) - Math.max(...sse.connectedAt)).toBeGreaterThan(200);
    const s = JSON.parse(readFileSync(exp, 'utf8'));
    expect(s.metrics.llm_reqs.count).toBe(200);
    expect(s.metrics.llm_req_failed.passes ?? 0).toBe(0);
  });

  it('connects the VUs that never send a request too, and not at all with --no-warmup', async () => {
    // 8 VUs, and only VU 1 sends a request.
    const warm = await run('preconnect-one.ts', path.join(dir, 'one-warm.json'));
    expect(warm.code, warm.stderr).toBe(0);
    expect(sse.receivedAt).toHaveLength(1);
    expect(sse.connections).toBe(8);
    const cold = await run('preconnect-one.ts', path.join(dir, 'one-cold.json'), ['--no-warmup']);
    expect(cold.code, cold.stderr).toBe(0);
    expect(sse.receivedAt).toHaveLength(2);
    expect(sse.connections).toBe(9);
  });
});
