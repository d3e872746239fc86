import { it } from 'vitest';
import { spawn } from 'node:child_process';
import { harness, info } from '../fixtures/scripts/_harness.js';

async function drive(source: string, vus: number, ms: number) {
  const h = await harness({ source });
  const list = [];
  for (let i = 1; i <= vus; i++) list.push(await h.factory.createVu(i));
  let n = 0, errors = 0;
  const end = performance.now() + ms;
  const t0 = performance.now();
  await Promise.all(list.map(async (vu) => {
    let it = 0;
    while (performance.now() < end) {
      const o = await vu.iterate(info(it++), undefined);
      if (o.status !== 'ok') { errors++; if (errors < 3) console.log(o); }
      n++;
    }
  }));
  const dt = (performance.now() - t0) / 1000;
  h.factory.dispose();
  return { rate: Math.round(n / dt), errors, samples: h.samples.length };
}

it('bench', async () => {
  const srv = spawn(process.execPath, ['/tmp/vu-scratch/server.cjs', '18080'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => srv.stdout!.once('data', r));
  try {
    const trivial = 'export default function () {}';
    const get = "import http from 'llmload/http';\nexport default async function () { const r = await http.get('http://127.0.0.1:18080/'); if (r.status !== 200) throw new Error('status ' + r.status + r.error); }";
    for (const [name, src] of [['trivial', trivial], ['http.get', get]] as const) {
      for (const vus of [1, 50]) console.log(name, vus, 'VUs', JSON.stringify(await drive(src, vus, 3000)));
    }
  } finally { srv.kill(); }
}, 120_000);
