import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, requireService, spawnService, stopProcess, waitForHttp } from './services.js';

/** The Debian `victoria-metrics` package's single-node server; undefined when not installed (outside CI). */
export const victoriaMetricsBinary = (): string | undefined => requireService('victoria-metrics', 'victoria-metrics');

/** One exported series: VictoriaMetrics names a line-protocol field `<measurement>_<field>`. */
export interface VmSeries {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

/**
 * A real VictoriaMetrics on 127.0.0.1 (it accepts InfluxDB's /api/v2/write),
 * free port, temp data dir, no query latency offset so fresh points show.
 */
export interface VictoriaMetrics {
  url: string;
  close(): Promise<void>;
  /** Raw samples of the series matching a PromQL selector (after a storage flush). */
  exportSeries(selector: string): Promise<VmSeries[]>;
}

export async function startVictoriaMetrics(): Promise<VictoriaMetrics> {
  const bin = victoriaMetricsBinary();
  if (!bin) throw new Error('victoria-metrics is not installed');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'llmload-vm-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc: { child: ChildProcess; log: () => string } = spawnService(bin, [
    `-storageDataPath=${dir}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    '-search.latencyOffset=0s',
    '-loggerLevel=ERROR',
  ]);
  await waitForHttp(`${url}/health`, 20_000, proc.child, proc.log);
  return {
    url,
    async close() {
      await stopProcess(proc.child);
      await rm(dir, { recursive: true, force: true });
    },
    async exportSeries(selector) {
      await fetch(`${url}/internal/force_flush`);
      const res = await fetch(`${url}/api/v1/export`, {
        method: 'POST',
        body: new URLSearchParams({ 'match[]': selector, start: '0' }),
      });
      if (!res.ok) throw new Error(`export ${selector}: HTTP ${res.status} ${await res.text()}`);
      const text = await res.text();
      return text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as VmSeries);
    },
  };
}
