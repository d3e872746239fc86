import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, requireService, spawnService, stopProcess, waitForHttp } from './services.js';

/** The Debian `influxdb` package's server (1.6.7); undefined when not installed (outside CI). */
export const influxdBinary = (): string | undefined => requireService('influxd', 'influxdb');

/**
 * A real InfluxDB 1.x on 127.0.0.1, free ports, a temp data dir. `stop()` and
 * `start()` take it down and bring it back on the same port with the same data
 * (for outage tests); `close()` stops it for good and removes the data.
 */
export interface InfluxServer {
  url: string;
  port: number;
  running: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
  /** Runs InfluxQL (POST /query) and returns the statements' results; throws on an HTTP error. */
  query(q: string, db?: string): Promise<InfluxResult[]>;
  /** `count("field")` of a measurement, optionally filtered by a WHERE clause. */
  count(db: string, measurement: string, where?: string, field?: string): Promise<number>;
}

export interface InfluxResult {
  statement_id: number;
  error?: string;
  series?: Array<{ name: string; columns: string[]; values: unknown[][]; tags?: Record<string, string> }>;
}

export interface InfluxOptions {
  /** Enables auth and creates this admin user. */
  admin?: { user: string; password: string };
  /** Do not start it yet (a test that brings the database up late). */
  deferStart?: boolean;
}

export async function startInfluxd(opts: InfluxOptions = {}): Promise<InfluxServer> {
  const bin = influxdBinary();
  if (!bin) throw new Error('influxd is not installed');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'llmload-influxd-'));
  const [port, rpcPort] = [await freePort(), await freePort()];
  const config = path.join(dir, 'influxdb.conf');
  await writeFile(
    config,
    [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${rpcPort}"`,
      '[meta]',
      `  dir = "${dir}/meta"`,
      '[data]',
      `  dir = "${dir}/data"`,
      `  wal-dir = "${dir}/wal"`,
      '  query-log-enabled = false',
      '[monitor]',
      '  store-enabled = false',
      '[continuous_queries]',
      '  enabled = false',
      '[http]',
      `  bind-address = "127.0.0.1:${port}"`,
      `  auth-enabled = ${opts.admin ? 'true' : 'false'}`,
      '  log-enabled = false',
      '[logging]',
      '  level = "warn"',
      '',
    ].join('\n'),
  );
  const url = `http://127.0.0.1:${port}`;
  const auth: Record<string, string> = opts.admin
    ? { authorization: 'Basic ' + Buffer.from(`${opts.admin.user}:${opts.admin.password}`).toString('base64') }
    : {};
  let proc: { child: ChildProcess; log: () => string } | undefined;
  let userCreated = false;

  const query = async (q: string, db?: string): Promise<InfluxResult[]> => {
    const body = new URLSearchParams({ q, ...(db ? { db } : {}) });
    const res = await fetch(`${url}/query`, { method: 'POST', body, headers: userCreated ? auth : {} });
    const text = await res.text();
    if (!res.ok) throw new Error(`InfluxQL ${q}: HTTP ${res.status} ${text}`);
    return (JSON.parse(text) as { results: InfluxResult[] }).results;
  };

  const server: InfluxServer = {
    url,
    port,
    get running() {
      return proc !== undefined;
    },
    async start() {
      if (proc) return;
      proc = spawnService(bin, ['-config', config]);
      await waitForHttp(`${url}/ping`, 20_000, proc.child, proc.log);
      if (opts.admin && !userCreated) {
        // With auth on, the first user may be created without credentials.
        const r = await query(`CREATE USER "${opts.admin.user}" WITH PASSWORD '${opts.admin.password}' WITH ALL PRIVILEGES`);
        if (r[0]?.error) throw new Error(r[0].error);
        userCreated = true;
      }
    },
    async stop() {
      const p = proc;
      proc = undefined;
      if (p) await stopProcess(p.child);
    },
    async close() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
    query,
    async count(db, measurement, where, field = 'value') {
      const r = await query(`SELECT count("${field}") FROM "${measurement}"${where ? ` WHERE ${where}` : ''}`, db);
      if (r[0]?.error) throw new Error(r[0].error);
      return Number(r[0]?.series?.[0]?.values?.[0]?.[1] ?? 0);
    },
  };
  if (!opts.deferStart) await server.start();
  return server;
}

/** The InfluxDB output's block of the text summary: testid, points written, dropped points. */
export function outputSummary(stdout: string): { testid: string; written: number; dropped: number; droppedDetail: string } {
  const block = /INFLUXDB2? OUTPUT\n([\s\S]*?)(?:\n\n {2}[A-Z█]|$)/.exec(stdout)?.[1];
  if (!block) throw new Error(`no InfluxDB output block in the summary:\n${stdout}`);
  const row = (label: string) => new RegExp(`${label}\\.+: (.*)`).exec(block)?.[1] ?? '';
  const dropped = row('llmload_output_dropped_points');
  return { testid: row('testid'), written: Number(row('points written')), dropped: Number(dropped.split(' ')[0]), droppedDetail: dropped };
}
