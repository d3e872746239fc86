import { defineOutput, type OutputContext, type OutputPlugin, type Output } from 'llmload/plugin';
import { parseInfluxConfig, type InfluxApi } from './config.js';
import { InfluxOutput } from './output.js';
import { v1Target, v2Target } from './writers.js';

function factory(name: string, api: InfluxApi): OutputPlugin {
  return defineOutput({
    apiVersion: 1,
    name,
    create(ctx: OutputContext): Output {
      const cfg = parseInfluxConfig(api, ctx.arg, ctx.env);
      return new InfluxOutput(name, ctx, cfg, api === 'v1' ? v1Target(cfg) : v2Target(cfg), ctx.testid);
    },
  });
}

/** `--out influxdb=http://host:8086/db` (InfluxDB 1.x /write) */
export const influxdbOutput = factory('influxdb', 'v1');
/** `--out influxdb2=http://host:8086` (/api/v2/write: InfluxDB 2.x, 3.x, 1.8+, VictoriaMetrics) */
export const influxdb2Output = factory('influxdb2', 'v2');
