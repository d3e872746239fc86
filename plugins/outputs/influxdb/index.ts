import { defineOutput, type OutputContext, type OutputPlugin, type Output } from 'llmload/plugin';
import { randomBytes } from 'node:crypto';
import { parseInfluxConfig, type InfluxApi } from './config.js';
import { InfluxOutput } from './output.js';
import { v1Target, v2Target } from './writers.js';

/**
 * A run id for the `testid` tag, sortable by start time so the dashboard's run
 * selector lists the newest first: `20250102-030405-a1b2` (UTC).
 */
export function generateTestId(now: Date = new Date()): string {
  const iso = now.toISOString(); // 2025-01-02T03:04:05.678Z
  const stamp = iso.slice(0, 10).replace(/-/g, '') + '-' + iso.slice(11, 19).replace(/:/g, '');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** One generated id per run, shared by all InfluxDB outputs of the run (they get the same runTags object). */
const generated = new WeakMap<object, string>();

function testIdFor(runTags: Record<string, string>): string {
  if (runTags.testid) return runTags.testid;
  let id = generated.get(runTags);
  if (id === undefined) generated.set(runTags, (id = generateTestId()));
  return id;
}

function factory(name: string, api: InfluxApi): OutputPlugin {
  return defineOutput({
    name,
    create(ctx: OutputContext): Output {
      const cfg = parseInfluxConfig(api, ctx.arg, ctx.env);
      const testid = testIdFor(ctx.runTags);
      return new InfluxOutput(name, ctx, cfg, api === 'v1' ? v1Target(cfg) : v2Target(cfg), testid);
    },
  });
}

/** `--out influxdb=http://host:8086/db` (InfluxDB 1.x /write) */
export const influxdbOutput = factory('influxdb', 'v1');
/** `--out influxdb2=http://host:8086` (/api/v2/write: InfluxDB 2.x, 3.x, 1.8+, VictoriaMetrics) */
export const influxdb2Output = factory('influxdb2', 'v2');
