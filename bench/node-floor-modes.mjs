// The crossing shapes of bench/node-floor.mjs side by side: each mode as its own process, in interleaved rounds
// (the order reversed every other round) against one bench/server.mjs, medians of req/s and µs of process CPU
// per request. Separate runs on the development VM move by up to 2×, so only rounds of one invocation compare.
// `node bench/node-floor-modes.mjs [--modes=host,callback,stepwise,llmload,outbox] [--rounds=6] [--seconds=4]`
import { parseArgs } from 'node:util';
import { interleaved, median, num, runFloor, startServer, table } from './lib.mjs';
import { runAutocannon } from './peers.mjs';

const { values } = parseArgs({
  options: {
    modes: { type: 'string', default: 'host,callback,stepwise,llmload,outbox' },
    rounds: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '4' },
  },
});
const modes = values.modes.split(',');
const srv = await startServer();
try {
  // A fresh Node target is cold JIT code: warm it before anything is measured.
  await runAutocannon(srv.url, { connections: 50, seconds: 2 });
  const per = await interleaved(Number(values.rounds), modes, async (mode) => {
    const { out } = await runFloor(mode, { url: srv.url, seconds: Number(values.seconds) });
    return { rps: out.rps, us: (out.cpuSeconds / out.requests) * 1e6, perTurn: out.perTurn };
  });
  const rows = modes.map((mode) => ({
    mode,
    'µs CPU per request': num(median(per[mode].map((x) => x.us)), 1),
    'req/s': num(median(per[mode].map((x) => x.rps))),
    'requests per turn': mode === 'host' ? '' : num(median(per[mode].map((x) => x.perTurn)), 1),
    rounds: per[mode].map((x) => num(x.rps)).join(', '),
  }));
  console.log(table(rows));
} finally {
  srv.stop();
}
