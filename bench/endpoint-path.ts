// The host side of a plain request without VUs: 50 loops against --url=URL
// (start `node bench/server.mjs` first), in interleaved slices (bench/slices.ts):
//   undici    undici's Client.request() + body.text(), nothing else (the floor);
//   endpoint  the llmload/http endpoint's call() (request state machine, phase timings, tags, samples into a metrics engine);
//   cloned    the same with the request as a VU hands it over (a structured clone, as the isolate's copy makes it).
// `node bench/run-ts.mjs bench/endpoint-path.ts --url=URL [--rounds=10]`
import { setMaxListeners } from 'node:events';
import { Client } from 'undici';
import { httpEndpointWithEngine } from './http-endpoint.js';
import { flag, interleave, printSlices } from './slices.js';

const args = process.argv.slice(2);
const url = flag(args, 'url');
if (!url) throw new Error('usage: node bench/run-ts.mjs bench/endpoint-path.ts --url=URL [--rounds=10]');
const rounds = Number(flag(args, 'rounds') ?? 10);
const { engine, endpoint } = httpEndpointWithEngine();

const request = { method: 'GET', url, headers: { 'User-Agent': 'llmload' }, timeout: 60_000, responseType: 'text' };
const loops = Array.from({ length: 50 }, (_, i) => {
  const ac = new AbortController();
  setMaxListeners(0, ac.signal);
  return {
    op: { vuId: i + 1, signal: ac.signal, tags: Object.freeze({ scenario: 'default', group: '' }), sink: engine, state: endpoint.createState(i + 1) },
    client: new Client(new URL(url).origin),
  };
});

async function one(mode: string, l: (typeof loops)[0]): Promise<void> {
  if (mode === 'undici') {
    const res = await l.client.request({ path: new URL(url!).pathname, method: 'GET' });
    await res.body.text();
  } else {
    await endpoint.call(mode === 'cloned' ? structuredClone(request) : request, l.op as never);
  }
}

const results = await interleave(
  ['undici', 'endpoint', 'cloned'],
  async (mode, until) => {
    const counts = await Promise.all(
      loops.map(async (l) => {
        let n = 0;
        while (performance.now() < until) {
          await one(mode, l);
          n++;
        }
        return n;
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  },
  { rounds, sliceMs: 300 },
);
printSlices(`plain GET, 50 loops, ${rounds} rounds:`, results, 'request');
process.exit(0);
