import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { parseExposition } from '../../plugins/telemetry/exposition-parser.js';
import { withExtraMetrics } from '../../plugins/telemetry/server-extra.js';
import { ServerMapper } from '../../plugins/telemetry/server-mapper.js';
import { parseServerOptions } from '../../plugins/telemetry/server-metrics.js';
import type { Sample } from '../../runtime/metrics/types.js';
import { repoRoot } from './cli.js';

/** A golden /metrics capture from test/fixtures/telemetry. */
export const telemetryFixture = (name: string) => readFileSync(path.join(repoRoot, 'test/fixtures/telemetry', name), 'utf8');

/**
 * The server source's mapping without its scrape loop: `scrape(text, t)` maps
 * one exposition as if scraped at `t`; `values(metric)` lists what it emitted.
 */
export function serverMapping(metrics: unknown[] = []) {
  const samples: Sample[] = [];
  const opts = parseServerOptions({ url: 'http://s:8000/metrics', metrics }, 'option "telemetry.server"')!;
  const mapper = new ServerMapper(withExtraMetrics(opts.extra), { push: (s) => samples.push(s) }, { testid: 't' });
  const scrape = (text: string, t: number) => mapper.map(parseExposition(text).series, t, 's:8000');
  const values = (metric: string) => samples.filter((s) => s.metric === metric).map((s) => s.value);
  return { samples, scrape, values, mapper, opts };
}

/** Adds `by` to the number after `name{…} ` (or `name `) on every line of that family; the family must be there. */
export function bump(text: string, name: string, by: number, labelled?: string): string {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^(${esc(name)}(?:\\{[^}]*${labelled ? esc(labelled) : ''}[^}]*\\})?) (\\S+)$`, 'gm');
  expect(re.test(text), name).toBe(true);
  re.lastIndex = 0;
  return text.replace(re, (_, head: string, v: string) => `${head} ${Number(v) + by}`);
}

/** Replaces the value of `name{…}` (every line of it, or the one with `labelled` in its labels). */
export function setValue(text: string, name: string, raw: string, labelled?: string): string {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^(${esc(name)}(?:\\{[^}]*${labelled ? esc(labelled) : ''}[^}]*\\})?) (\\S+)$`, 'gm');
  expect(re.test(text), name).toBe(true);
  re.lastIndex = 0;
  return text.replace(re, (_, head: string) => `${head} ${raw}`);
}
