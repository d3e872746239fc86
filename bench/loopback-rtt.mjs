// The floor under a client-vs-server TTFT difference on this machine: one byte to an echo server in another Node
// process and back over loopback TCP, the two processes idle in between (as the request and the first chunk of a
// 20 ms-TTFT stream find them: each wakes the other). `node bench/loopback-rtt.mjs [gapMs]` prints it alone.
import { fork } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { pct } from './mock-helpers.mjs';

const SELF = fileURLToPath(import.meta.url);

/** Round trips `gapMs` apart; resolves with their p50, p90 and p99 in ms. */
export async function loopbackRtt({ gapMs = 20, count = 200 } = {}) {
  const child = fork(SELF, ['--echo-server'], { stdio: 'ignore' });
  try {
    const port = await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('error', reject);
    });
    const sock = net.connect(port, '127.0.0.1');
    sock.setNoDelay(true);
    await new Promise((resolve, reject) => sock.once('connect', resolve).once('error', reject));
    const rtts = [];
    for (let i = 0; i < count; i++) {
      await new Promise((r) => setTimeout(r, gapMs));
      const t0 = performance.now();
      const back = new Promise((r) => sock.once('data', r));
      sock.write('x');
      await back;
      rtts.push(performance.now() - t0);
    }
    sock.destroy();
    return { p50: pct(rtts, 0.5), p90: pct(rtts, 0.9), p99: pct(rtts, 0.99) };
  } finally {
    child.kill();
  }
}

if (process.argv[1] === SELF) {
  if (process.argv[2] === '--echo-server') {
    const srv = net.createServer((s) => s.on('data', (d) => s.write(d)));
    srv.listen(0, '127.0.0.1', () => process.send(srv.address().port));
  } else {
    const gapMs = Number(process.argv[2] ?? 20);
    const r = await loopbackRtt({ gapMs });
    console.log(`loopback round trip, ${gapMs} ms apart: p50 ${r.p50.toFixed(3)} ms, p90 ${r.p90.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms`);
  }
}
