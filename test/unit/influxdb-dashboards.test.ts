import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BUILTIN_METRICS } from '../../runtime/metrics/builtins.js';
import { LLM_METRICS } from '../../runtime/llm/samples.js';
import { GPU_METRICS } from '../../plugins/telemetry/dcgm-fields.js';
import { SERVER_METRICS } from '../../plugins/telemetry/server-fields.js';
import { repoRoot } from '../support/cli.js';

// Static checks of what `docker compose up` would load: there is no Docker
// engine here, so the files are validated as Grafana and Compose read them.

interface Target {
  refId: string;
  query: string;
  rawQuery?: boolean;
  datasource?: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { type: string; uid: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: Target[];
  fieldConfig?: { defaults: { unit?: string } };
}

const file = (p: string) => path.join(repoRoot, p);
const dashboardFiles = readdirSync(file('dashboards')).filter((f) => f.endsWith('.json'));
const dashboards = dashboardFiles.map((f) => ({ f, d: JSON.parse(readFileSync(file(`dashboards/${f}`), 'utf8')) }));

/** Every metric llmload emits: runtime built-ins, the openai endpoint, the telemetry sources, the output's ITL aggregates. */
const EMITTED = new Set<string>([
  ...BUILTIN_METRICS.map(([n]) => n),
  ...LLM_METRICS.map(([n]) => n),
  ...GPU_METRICS.map((m) => m.name),
  ...SERVER_METRICS.map((m) => m.metric),
]);
/** Metrics whose samples carry no `scenario` tag: a scenario filter would hide them. */
const NO_SCENARIO = (m: string) => m === 'vus' || m === 'vus_max' || m === 'llm_in_flight' || /^(gpu|server)_/.test(m);

const measurementsOf = (q: string) => [...q.matchAll(/\bFROM\s+"([^"]+)"/g)].map((m) => m[1]);

/** YAML parsed with the `yaml` package (what Grafana and Compose read). */
function loadYaml(p: string): unknown {
  return parseYaml(readFileSync(p, 'utf8'));
}

describe('Grafana dashboards', () => {
  test('there is a dashboard, and it is provisionable as is (no __inputs), refreshing every 5 s', () => {
    expect(dashboardFiles).toContain('llmload.json');
    for (const { d } of dashboards) {
      expect(d.__inputs).toBeUndefined();
      expect(JSON.stringify(d)).not.toMatch(/\$\{DS_[A-Z_]+\}/);
      expect(d.refresh).toBe('5s');
      expect(d.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    }
  });

  test('variables: datasource (InfluxDB), testid run selector, scenario filter', () => {
    for (const { d } of dashboards) {
      const vars = Object.fromEntries(d.templating.list.map((v: { name: string }) => [v.name, v]));
      expect(vars.datasource).toMatchObject({ type: 'datasource', query: 'influxdb' });
      expect(vars.testid).toMatchObject({ type: 'query', multi: false, datasource: { uid: '${datasource}' } });
      expect(vars.testid.query).toMatch(/^SHOW TAG VALUES FROM "vus" WITH KEY = "testid"$/);
      expect(vars.scenario).toMatchObject({ type: 'query', multi: true, includeAll: true, allValue: '.*' });
      expect(vars.scenario.query).toContain(`"testid" = '$testid'`);
    }
  });

  const panels: Array<{ f: string; p: Panel }> = dashboards.flatMap(({ f, d }) => (d.panels as Panel[]).map((p) => ({ f, p })));
  const dataPanels = panels.filter(({ p }) => p.type !== 'row');

  test('every panel and query uses the datasource variable, InfluxQL in raw mode', () => {
    expect(dataPanels.length).toBeGreaterThan(20);
    for (const { p } of dataPanels) {
      expect(p.datasource, p.title).toEqual({ type: 'influxdb', uid: '${datasource}' });
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets!) {
        expect(t.datasource, p.title).toEqual({ type: 'influxdb', uid: '${datasource}' });
        expect(t.rawQuery, p.title).toBe(true);
        expect(t.query, p.title).toMatch(/^SELECT /);
      }
      expect(p.description, p.title).toBeTruthy();
    }
  });

  test('every query reads a metric llmload emits, for the selected run and time range only', () => {
    for (const { p } of dataPanels) {
      for (const t of p.targets!) {
        const ms = measurementsOf(t.query);
        expect(ms, t.query).toHaveLength(1);
        const [m] = ms;
        expect(EMITTED.has(m), `${p.title}: "${m}" is not a metric llmload emits`).toBe(true);
        expect(t.query, p.title).toContain(`"testid" = '$testid'`);
        expect(t.query, p.title).toContain('$timeFilter');
        if (NO_SCENARIO(m)) expect(t.query, `${p.title}: ${m} has no scenario tag`).not.toContain('scenario');
        else expect(t.query, p.title).toContain(`"scenario" =~ /^$scenario$/`);
        if (p.type === 'timeseries') expect(t.query, p.title).toMatch(/GROUP BY time\(\$__interval\)/);
        // Per-second rates divide by the same interval Grafana groups by.
        if (t.query.includes('$__interval_ms')) expect(t.query).toContain('sum("value") / ($__interval_ms / 1000)');
      }
    }
  });

  test('the panels the issue lists are there', () => {
    const reads = (title: RegExp) => {
      const found = dataPanels.filter(({ p }) => title.test(p.title));
      expect(found.length, String(title)).toBeGreaterThan(0);
      return found.flatMap(({ p }) => p.targets!.map((t) => t.query)).join('\n');
    };
    expect(reads(/VUs and in-flight/)).toMatch(/FROM "vus"[\s\S]*FROM "llm_in_flight"/);
    expect(reads(/^Request rate$/)).toContain('FROM "llm_reqs"');
    expect(reads(/^Errors\/s by type$/)).toMatch(/FROM "llm_req_failed".*GROUP BY time\(\$__interval\), "error_type"/);
    for (const [title, m] of [
      [/^TTFT$/, 'llm_ttft'],
      [/^ITL$/, 'llm_itl'],
      [/^TPOT$/, 'llm_tpot'],
      [/^E2E latency$/, 'llm_e2e'],
    ] as const) {
      const q = reads(title);
      for (const pN of [50, 95, 99]) expect(q).toContain(`percentile("value", ${pN}) AS "p${pN}"`);
      expect(q).toContain(`FROM "${m}"`);
    }
    expect(reads(/^ITL$/)).toContain('max("p95")'); // the per-interval aggregates (LLMLOAD_INFLUXDB_ITL=aggregate)
    expect(reads(/^Output tokens\/s$/)).toContain('FROM "llm_output_tokens_total"');
    expect(reads(/^Goodput$/)).toContain('FROM "llm_goodput"');
    expect(reads(/Dropped iterations and schedule lag/)).toMatch(/FROM "dropped_iterations"[\s\S]*FROM "iteration_schedule_lag"/);
    expect(reads(/^Checks$/)).toMatch(/FROM "checks".*"check"/);
    for (const [title, m] of [
      [/GPU utilization/, 'gpu_utilization'],
      [/GPU memory/, 'gpu_memory_used'],
      [/GPU power/, 'gpu_power'],
      [/GPU temperature/, 'gpu_temperature'],
    ] as const) {
      expect(reads(title)).toMatch(new RegExp(`FROM "${m}".*GROUP BY time\\(\\$__interval\\), "host", "gpu"`));
    }
    expect(reads(/queue and running/)).toMatch(/server_requests_waiting[\s\S]*server_requests_running/);
    expect(reads(/KV cache/)).toContain('server_kv_cache_usage');
    const rows = panels.filter(({ p }) => p.type === 'row').map(({ p }) => p.title);
    expect(rows).toEqual(expect.arrayContaining(['GPU (DCGM)', 'Inference server']));
  });

  test('units follow the metrics: latencies in ms, GPU memory in bytes', () => {
    for (const { p } of dataPanels) {
      const ms = p.targets!.flatMap((t) => measurementsOf(t.query));
      const timeTrends = ['llm_ttft', 'llm_itl', 'llm_tpot', 'llm_e2e', 'http_req_duration'];
      if (ms.every((m) => timeTrends.includes(m) || m.endsWith('_intended'))) expect(p.fieldConfig?.defaults.unit, p.title).toBe('ms');
      if (ms.includes('gpu_memory_used')) expect(p.fieldConfig?.defaults.unit).toBe('bytes');
    }
  });

  test('panel ids are unique and the grid has no overlaps', () => {
    for (const { d } of dashboards) {
      const ps = d.panels as Panel[];
      expect(new Set(ps.map((p) => p.id)).size).toBe(ps.length);
      const cells = new Set<string>();
      for (const p of ps) {
        expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
        for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
          for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
            expect(cells.has(`${x},${y}`), `${p.title} overlaps at ${x},${y}`).toBe(false);
            cells.add(`${x},${y}`);
          }
        }
      }
    }
  });
});

describe('provisioning and docker-compose.yml', () => {
  type Compose = {
    services: Record<string, { image: string; profiles?: string[]; environment?: Record<string, string>; volumes?: string[]; ports?: string[] }>;
    volumes: Record<string, unknown>;
  };
  const compose = () => loadYaml(file('docker-compose.yml')) as Compose;

  test('images are pinned: InfluxDB to a 1.x/2.x major (latest is InfluxDB 3), Grafana to a version', () => {
    const s = compose().services;
    expect(s.influxdb.image).toMatch(/^influxdb:[12]\.\d+/);
    expect(s.grafana.image).toMatch(/^grafana\/grafana(-oss)?:\d+\.\d+\.\d+$/);
    expect(s['dcgm-exporter'].image).toMatch(/^nvcr\.io\/nvidia\/k8s\/dcgm-exporter:\d/);
  });

  test('grafana: anonymous read, provisioning and dashboards mounted from this repository, data in named volumes', () => {
    const c = compose();
    const g = c.services.grafana;
    expect(g.environment).toMatchObject({ GF_AUTH_ANONYMOUS_ENABLED: 'true', GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer' });
    const mounts = Object.fromEntries(g.volumes!.map((v) => v.split(':')).map(([src, dst]) => [dst, src]));
    expect(mounts['/etc/grafana/provisioning']).toBe('./dashboards/provisioning');
    expect(mounts['/var/lib/grafana/dashboards']).toBe('./dashboards');
    expect(mounts['/var/lib/grafana']).toBe('grafana-data');
    const home = g.environment!.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH.replace('/var/lib/grafana/dashboards/', 'dashboards/');
    expect(existsSync(file(home))).toBe(true);
    expect(c.services.influxdb.volumes).toContain('influxdb-data:/var/lib/influxdb');
    // llmload-results: the distributed profile's summaries (test/unit/deploy-manifests.test.ts).
    expect(Object.keys(c.volumes).sort()).toEqual(['grafana-data', 'influxdb-data', 'llmload-results']);
  });

  test('the datasource points at the compose InfluxDB and its database; the dashboard provider at the mount', () => {
    const c = compose();
    const ds = loadYaml(file('dashboards/provisioning/datasources/llmload.yaml')) as {
      apiVersion: number;
      datasources: Array<{ type: string; url: string; uid: string; jsonData: { dbName: string } }>;
    };
    expect(ds.apiVersion).toBe(1);
    expect(ds.datasources).toHaveLength(1);
    expect(ds.datasources[0]).toMatchObject({ type: 'influxdb', url: 'http://influxdb:8086' });
    expect(ds.datasources[0].jsonData.dbName).toBe(c.services.influxdb.environment!.INFLUXDB_DB);
    const prov = loadYaml(file('dashboards/provisioning/dashboards/llmload.yaml')) as {
      providers: Array<{ type: string; options: { path: string } }>;
    };
    expect(prov.providers[0]).toMatchObject({ type: 'file', options: { path: '/var/lib/grafana/dashboards' } });
  });

  test("the gpu profile runs dcgm-exporter with a short collect interval and llmload's counter list", () => {
    const d = compose().services['dcgm-exporter'];
    expect(d.profiles).toEqual(['gpu']);
    expect(Number(d.environment!.DCGM_EXPORTER_INTERVAL)).toBeLessThanOrEqual(1000);
    const [src, dst] = d.volumes![0].split(':');
    expect(dst).toBe(d.environment!.DCGM_EXPORTER_COLLECTORS);
    const csv = readFileSync(file(src), 'utf8');
    for (const f of ['DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_DEV_FB_USED', 'DCGM_FI_DEV_POWER_USAGE', 'DCGM_FI_DEV_GPU_TEMP']) {
      expect(csv).toMatch(new RegExp(`^${f},`, 'm'));
    }
  });
});
