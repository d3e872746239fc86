/** Test helpers for trace replay: a deterministic Mooncake trace, percentiles, a workspace with a mock. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startMockServer, type MockServer } from '../../runtime/mock/index.js';

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * p;
  return s[Math.floor(i)]! + (s[Math.ceil(i)]! - s[Math.floor(i)]!) * (i - Math.floor(i));
};

/** A Mooncake trace: ~25 req/s of trace time (50 req/s replayed at timeScale 2), bursts included, shared hash-id prefixes. */
export function mooncakeTrace(n: number): Array<{ id: number; timestamp: number; input_length: number; output_length: number; hash_ids: number[] }> {
  let s = 7;
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    if (i % 10 !== 3) t += Math.round(-Math.log(1 - r()) * 40); // every 10th record shares its predecessor's time
    const blocks = 1 + Math.floor(r() * 4);
    const ids = Array.from({ length: blocks }, (_, k) => (k < 2 && r() < 0.5 ? k : 1000 + i * 10 + k));
    out.push({ id: i, timestamp: t, input_length: (blocks - 1) * 64 + 1 + Math.floor(r() * 64), output_length: 1 + Math.floor(r() * 3), hash_ids: ids });
  }
  return out;
}

/**
 * A temp directory for trace and script files plus a mock LLM server (5 ms
 * TTFT, 1 ms ITL), set up before the file's tests and removed after them.
 */
export function useMockWorkspace(): { dir: string; readonly mock: MockServer; write(name: string, text: string): string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'llmload-workloads-'));
  let mock: MockServer | undefined;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, ttft: 'fixed:5', itl: 'fixed:1', seed: 1 });
  });
  afterAll(async () => {
    await mock?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    get mock() {
      if (!mock) throw new Error('the mock starts in beforeAll');
      return mock;
    },
    write(name, text) {
      writeFileSync(path.join(dir, name), text);
      return name;
    },
  };
}
