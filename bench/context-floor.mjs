// The memory floor of a VU: what one isolated-vm context costs before any
// llmload code runs in it (V8 builds every context's global object and
// builtins afresh). `node --no-node-snapshot bench/context-floor.mjs [N]`
// prints MiB per context, by V8's heap statistics and by RSS, for N contexts
// packed 50 to an isolate as llmload packs VUs.
import ivm from 'isolated-vm';

const n = Number(process.argv[2] ?? 1000);
const perIsolate = 50;

function rssMiB() {
  return process.memoryUsage().rss / 2 ** 20;
}

export function contextFloor(count = n) {
  globalThis.gc?.();
  const rss0 = rssMiB();
  const isolates = [];
  const contexts = [];
  for (let i = 0; i < count; i++) {
    if (i % perIsolate === 0) isolates.push(new ivm.Isolate({ memoryLimit: 256 }));
    contexts.push(isolates.at(-1).createContextSync());
  }
  let used = 0;
  let total = 0;
  for (const iso of isolates) {
    const h = iso.getHeapStatisticsSync();
    used += h.used_heap_size;
    total += h.total_heap_size;
  }
  const rss = rssMiB() - rss0;
  for (const iso of isolates) iso.dispose();
  return { contexts: count, heapUsedMiB: used / count / 2 ** 20, heapTotalMiB: total / count / 2 ** 20, rssMiB: rss / count };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = contextFloor();
  console.log(
    `${r.contexts} bare contexts (${perIsolate} per isolate): ${r.heapUsedMiB.toFixed(3)} MiB heap used, ` +
      `${r.heapTotalMiB.toFixed(3)} MiB heap reserved, ${r.rssMiB.toFixed(3)} MiB RSS per context`,
  );
}
