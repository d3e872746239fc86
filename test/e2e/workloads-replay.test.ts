/**
 * Workloads end to end: the real CLI replays traces and sends synthetic
 * prompts to the built-in mock (and, where the prompt text itself must be
 * inspected, to a small recording server).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTokenizer } from '../../runtime/tokenizers/index.js';
import { runCli } from '../support/cli.js';
import { useMockWorkspace } from '../support/traces.js';

const ws = useMockWorkspace();
const { dir, write } = ws;

describe('trace-replay against the mock', () => {
  it('counts dropped iterations when no VU is free at a record time', async () => {
    write('burst.jsonl', [0, 0, 0, 0, 500].map((t) => JSON.stringify({ timestamp: t, prompt: 'hello there', max_tokens: 50 })).join('\n') + '\n');
    write(
      'burst.ts',
      `import openai from 'llmload/openai';
export const options = { scenarios: { burst: { executor: 'trace-replay', file: 'burst.jsonl', preAllocatedVUs: 2, maxVUs: 2 } } };
const client = openai.client({ model: 'm' });
export default async function (_setup, r) {
  await client.chat({ messages: [{ role: 'user', content: r.prompt }], max_tokens: r.max_tokens, ignore_eos: true });
}
`,
    );
    // 50 tokens at 1 ms each + 5 ms TTFT: the two VUs are free again by t = 500 ms.
    const res = await runCli(['run', '-q', '-e', `LLMLOAD_BASE_URL=${ws.mock.url}`, '--summary-export', 'burst.json', 'burst.ts'], { cwd: dir });
    expect(res.code).toBe(0);
    const m = (JSON.parse(readFileSync(path.join(dir, 'burst.json'), 'utf8')) as { metrics: Record<string, Record<string, number>> }).metrics;
    expect(m.iterations!.count).toBe(3);
    expect(m.dropped_iterations!.count).toBe(2);
  });

  it('does not start on a malformed trace, naming file and line', async () => {
    write('bad.jsonl', '{"timestamp": 0, "prompt": "a"}\n{"timestamp": 10, "prompt": "b"}\n{"timestamp": 5, "prompt": "c"}\n');
    write(
      'bad.ts',
      `export const options = { scenarios: { r: { executor: 'trace-replay', file: 'bad.jsonl', preAllocatedVUs: 1 } } };\nexport default function () {}\n`,
    );
    const res = await runCli(['run', '-q', 'bad.ts'], { cwd: dir });
    expect(res.code).toBe(104);
    expect(res.stderr).toContain(`scenario "r": trace bad.jsonl:3: timestamp 5 is before the previous record's 10 (line 2): records must be sorted by time`);
  });
});

describe('synthetic prompts on the wire', () => {
  let server: http.Server;
  let url = '';
  const bodies: Array<{ prefix: string; body: { messages: Array<{ content: string }>; max_tokens: number } }> = [];

  beforeAll(async () => {
    // Records every chat body, answers a minimal non-streamed completion.
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push({ prefix: String(req.headers['x-prefix']), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            id: 'c',
            object: 'chat.completion',
            model: 'm',
            choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each(['default', 'bpe'])('sends prompts of exact length that really share their first P tokens (%s tokenizer)', async (which) => {
    bodies.length = 0;
    const tokSpec = which === 'default' ? undefined : path.resolve('test/fixtures/tokenizers/bpe-small');
    write(
      'prefix.ts',
      `import openai from 'llmload/openai';
import { Prompts, chatRequest } from 'llmload/data';
export const options = { scenarios: { p: { executor: 'shared-iterations', vus: 4, iterations: 24 } } };
const prompts = new Prompts('p', { count: 12, input: { dist: 'uniform', min: 150, max: 400 }, output: 16, prefix: { count: 3, tokens: 100 }, salt: true, tokenizer: __ENV.TOK || undefined });
const client = openai.client({ model: 'm', stream: false });
export default async function () {
  const p = prompts.next();
  await client.chat(chatRequest(p), { headers: { 'x-prefix': String(p.prefix_id) + ':' + p.input_tokens } });
}
`,
    );
    const res = await runCli(['run', '-q', '-e', `LLMLOAD_BASE_URL=${url}`, '-e', `TOK=${tokSpec ?? ''}`, 'prefix.ts'], { cwd: dir });
    expect(res.code).toBe(0);
    expect(bodies).toHaveLength(24);
    const tok = getTokenizer(tokSpec, dir);
    const firsts = new Map<string, string>();
    const texts = new Set<string>();
    for (const { prefix, body } of bodies) {
      const [id, n] = prefix.split(':');
      const ids = tok.encode(body.messages[0]!.content);
      expect(ids).toHaveLength(Number(n));
      expect(body.max_tokens).toBe(16);
      const head = ids.slice(0, 100).join();
      expect(firsts.get(id!) ?? head).toBe(head);
      firsts.set(id!, head);
      texts.add(body.messages[0]!.content);
    }
    expect(new Set(firsts.values()).size).toBe(3);
    // 24 requests over 12 prompts: the salt makes every request unique.
    expect(texts.size).toBe(24);
  });
});
