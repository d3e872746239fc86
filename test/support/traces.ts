/** Test helpers for trace replay: a deterministic Mooncake trace and percentiles. */
export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * p;
  return s[Math.floor(i)]! + (s[Math.ceil(i)]! - s[Math.floor(i)]!) * (i - Math.floor(i));
};

/** A Mooncake trace: ~25 req/s of trace time (50 req/s replayed at timeScale 2), bursts included, shared hash-id prefixes. */
export function mooncakeTrace(n: number): Array<{ id: number; timestamp: number; input_length: number; output_length: number; hash_ids: number[] }> {
  let s = 7;
  const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
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

