// The floor under llmload's closed loop: undici alone, 50 concurrent loops of
// Client.request() + body.text() against the same target, no VUs, no samples.
// `node bench/undici-floor.mjs URL [seconds]` (start `node bench/server.mjs` first).
import { Client } from 'undici';

const [url, secs = '6'] = process.argv.slice(2);
if (!url) throw new Error('usage: node bench/undici-floor.mjs URL [seconds]');
const origin = new URL(url).origin;
const end = performance.now() + Number(secs) * 1000;
let n = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await Promise.all(
  Array.from({ length: 50 }, async () => {
    const client = new Client(origin);
    while (performance.now() < end) {
      const res = await client.request({ path: '/', method: 'GET' });
      await res.body.text();
      n++;
    }
    await client.close();
  }),
);
const cpu = process.cpuUsage(cpu0);
const s = (performance.now() - t0) / 1000;
console.log(`undici Client.request, 50 loops: ${(n / s).toFixed(0)} req/s, ${((cpu.user + cpu.system) / n).toFixed(1)} µs CPU per request`);
