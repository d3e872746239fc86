/**
 * A script that uses every script module of runtime/module-table.json (and
 * k6's names for them) through the published declarations: `npm run
 * typecheck` compiles it, so a generated file that does not compile, or a
 * surface that loses something scripts use, fails there. The `@ts-expect-error`
 * lines fail when the types become looser than the modules.
 */
import llmload, { check, group, sleep, type Checker } from 'llmload';
import data, { Conversation, Dataset, open, Prompts, SharedArray, tokenizer, type Prompt } from 'llmload/data';
import encoding, { b64decode, b64encode } from 'llmload/encoding';
import exec from 'llmload/execution';
import http, { Response, type Params } from 'llmload/http';
import { Counter, Gauge, Rate, Trend } from 'llmload/metrics';
import openai, { type Result } from 'llmload/openai';
import { clearInterval, setInterval } from 'llmload/timers';
import vu from 'llmload/vu';
import { sleep as k6sleep } from 'k6';
import k6http from 'k6/http';
import { Trend as K6Trend } from 'k6/metrics';
import k6exec from 'k6/execution';
import { SharedArray as K6SharedArray } from 'k6/data';
import k6encoding from 'k6/encoding';
import { setTimeout as k6setTimeout } from 'k6/timers';

const isOk: Checker<Response> = (r) => r.status === 200;
const prompts = new Prompts('p', { input: { dist: 'normal', mean: 100, stddev: 10 }, output: 64, seed: 1 });
const records = new Dataset('d', { file: './d.jsonl' });
const shared = new SharedArray('s', () => [1, 2, 3]);
const k6shared = new K6SharedArray('k', () => ['a']);
const tokens = new Counter('tokens');
const level = new Gauge('level');
const hits = new Rate('hits');
const latency = new Trend('latency', true);
const k6latency = new K6Trend('k6_latency');
const client = openai.client({ baseUrl: __ENV.BASE_URL, model: 'm', timeout: '30s' });
const notes: string = open('./notes.txt');
const bytes: ArrayBuffer = open('./notes.txt', 'b');
const tok = tokenizer();

export default async function (): Promise<void> {
  const params: Params = { timeout: '10s', tags: { name: 'x' }, jar: http.cookieJar(), responseCallback: http.expectedStatuses(200, { min: 400, max: 404 }) };
  const res = await http.get(http.url`${__ENV.BASE_URL}/items/${__VU}`, params);
  check(res, { ok: isOk, 'has body': (r) => r.body !== null });
  const [a, b] = await http.batch([['GET', __ENV.BASE_URL], { url: __ENV.BASE_URL, method: 'POST', body: { f: http.file('x') } }]);
  const sync = k6http.post(`${__ENV.BASE_URL}/login`, { user: 'ada' });
  const syncAll: Response[] = k6http.batch([__ENV.BASE_URL]);
  const p: Prompt = prompts.next();
  const result: Result = await client.chat({ messages: [{ role: 'user', content: p.prompt }], max_tokens: p.max_tokens });
  const convo = new Conversation({ maxTurns: 4, thinkTime: { min: 0, max: 1 } });
  convo.user(String(records.get(0).prompt));
  convo.assistant(result.text);
  tokens.add(result.usage.completion_tokens, { model: result.model });
  level.add(shared.length + k6shared.length);
  hits.add(result.ok);
  latency.add(result.timings.ttft ?? result.timings.e2e);
  k6latency.add(sync.timings.waiting + (a?.status ?? 0) + (b?.status ?? 0) + syncAll.length);
  const id = setInterval(() => {}, 1000);
  clearInterval(id);
  k6setTimeout(() => {}, 1);
  const text: string = b64decode(b64encode(notes + bytes.byteLength + tok.count('x')), 'std', 's');
  exec.vu.tags.phase = text;
  await group('g', () => sleep(exec.scenario.progress + k6exec.vu.idInTest));
  k6sleep(encoding.b64encode('x').length + k6encoding.b64decode('eA==').byteLength + data.sampleLengths(10, 1).length);
  vu.stringTags({ n: 1 });
  await llmload.sleep(0);
  // @ts-expect-error: a URL is a string or an http.url`…`.
  await http.get(42);
  // @ts-expect-error: responses are read-only.
  res.status = 1;
  // @ts-expect-error: only llmload makes responses.
  new Response();
  // @ts-expect-error: k6/http is synchronous, the Response itself.
  void k6http.get('u').then;
  // @ts-expect-error: metric tags are strings, numbers or booleans.
  tokens.add(1, { model: {} });
}
