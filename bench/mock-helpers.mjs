// The mock LLM server as a benchmark target (`llmload mock` in its own process), and the pairing of the client's
// request records with the mock's own, for the streaming benchmarks (bench/streaming.mjs, bench/warm-bench.mjs).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client } from 'undici';
import { cliArgv, root } from './lib.mjs';

/** Starts `llmload mock --port 0 …args` in its own process; resolves with its URL, pid and stop(). */
export function startMock(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgv(['mock', '--port', '0', ...args]), {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], pid: child.pid, stop: () => child.kill('SIGINT') });
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`mock exited (${code}) before it listened: ${out}`)));
  });
}

/**
 * Warms a fresh mock the way a server under test is warmed before a benchmark (its own code runs cold for its
 * first bursts, which delays its receipt of a first wave: bench/README.md): `rounds` bursts of `concurrency`
 * short streamed chats on kept connections, then its records are cleared.
 */
export async function warmMock(url, { concurrency = 64, rounds = 5 } = {}) {
  const body = JSON.stringify({ model: 'warm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2, stream: true });
  const headers = { 'content-type': 'application/json' };
  const clients = Array.from({ length: concurrency }, () => new Client(url));
  try {
    for (let r = 0; r < rounds; r++) {
      await Promise.all(
        clients.map(async (c) => {
          const res = await c.request({ path: '/v1/chat/completions', method: 'POST', headers, body });
          await res.body.text();
        }),
      );
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
  await clearMockLog(url);
}

/**
 * fetch() once more when the first try fails: the mock closes a kept connection after 5 s idle, and a request
 * that fetch's pool writes to it just then fails with "other side closed" (seen after a 3 s run).
 */
async function fetchAgain(url, init) {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

/** Empties the mock's log of requests (`DELETE /mock/requests`). */
export async function clearMockLog(url) {
  await fetchAgain(`${url}/mock/requests`, { method: 'DELETE' });
}

/** The mock's own records (/mock/requests). */
export async function mockRecords(url) {
  return (await (await fetchAgain(`${url}/mock/requests`)).json()).records;
}

/** The mock's own TTFT of each streamed request it answered: first content chunk written − request received. */
export function mockTtfts(records) {
  return records.filter((r) => !r.error && r.stream && r.firstWrite !== undefined).map((r) => r.firstWrite - r.received);
}

/** Percentile `p` (0–1) of `xs`, interpolated between the closest ranks. */
export function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * p;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
}

/**
 * Client request records (--out requests=) paired with the mock's records of the same VU (the script sends
 * `x-request-id: vu-N`), in order: client TTFT − the mock's TTFT of the same request. A VU whose counts differ
 * (a request the mock saw and the client did not finish) is left out and counted in `skipped`.
 */
export function pairTtft(requestsFile, records) {
  const client = new Map();
  for (const line of readFileSync(requestsFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    if (!r.ok || r.timings.ttft === null) continue;
    const k = `vu-${r.vu}`;
    (client.get(k) ?? client.set(k, []).get(k)).push(r);
  }
  const server = new Map();
  for (const r of records) {
    if (r.error || r.firstWrite === undefined) continue;
    (server.get(r.requestId) ?? server.set(r.requestId, []).get(r.requestId)).push(r);
  }
  const errors = [];
  const serverTtft = [];
  let skipped = 0;
  for (const [vu, cs] of client) {
    const ss = server.get(vu) ?? [];
    if (ss.length !== cs.length) {
      skipped += cs.length;
      continue;
    }
    cs.sort((a, b) => a.start_unix_ms - b.start_unix_ms);
    ss.sort((a, b) => a.received - b.received);
    cs.forEach((c, i) => {
      const st = ss[i].firstWrite - ss[i].received;
      serverTtft.push(st);
      errors.push(c.timings.ttft - st);
    });
  }
  return { errors, serverTtft, skipped };
}
