import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LlmloadError } from '../../runtime/errors.js';
import { registerBuiltins } from '../../runtime/metrics/builtins.js';
import { MetricRegistry } from '../../runtime/metrics/metric-registry.js';
import type { Sample } from '../../runtime/metrics/types.js';
import type { OutputContext } from '../../runtime/plugin-api/output.js';
import { CSV_HEADER, parseCsvArg } from '../../plugins/outputs/csv.js';
import { builtinOutputs } from '../../plugins/outputs/index.js';
import { parseOutputSpec } from '../../runtime/run-outputs.js';
import { RecordBus } from '../../runtime/record-channel.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'llmload-out-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function ctx(env: Record<string, string> = {}): Omit<OutputContext, 'arg'> {
  const registry = new MetricRegistry();
  registerBuiltins(registry);
  return { cwd: dir, runTags: {}, testid: 'test-1', env, warn: () => undefined, metric: (n) => registry.get(n), records: new RecordBus() };
}

/** `--out name=arg` as a run makes it. */
function createOutput(spec: string, c: Omit<OutputContext, 'arg'>) {
  const { name, arg } = parseOutputSpec(spec);
  return builtinOutputs.find((o) => o.name === name)!.create({ ...c, arg });
}

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5, 678); // 2025-01-02T03:04:05.678Z
const samples: Sample[] = [
  {
    metric: 'http_reqs',
    time: T0,
    value: 1,
    tags: { scenario: 'default', group: '', method: 'GET', status: '200', url: 'http://127.0.0.1:1/a', name: 'http://127.0.0.1:1/a' },
  },
  {
    metric: 'http_req_duration',
    time: T0 + 0.4,
    value: 12.5,
    tags: { scenario: 'default', group: '::g', method: 'GET', status: '200', model: 'tiny', vu: '3', iter: '7' },
  },
  { metric: 'http_reqs', time: T0 + 1500, value: 1, tags: { scenario: 'default', check: 'a "quoted", name' } },
];

async function write(spec: string, env?: Record<string, string>, batches: Sample[][] = [samples]) {
  const out = createOutput(spec, ctx(env));
  await out.start();
  for (const b of batches) out.addSamples(b);
  await out.stop();
  return out;
}

describe('json output', () => {
  const expected = [
    '{"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"}',
    '{"metric":"http_reqs","type":"Point","data":{"time":"2025-01-02T03:04:05.678Z","value":1,"tags":{"scenario":"default","group":"","method":"GET","status":"200","url":"http://127.0.0.1:1/a","name":"http://127.0.0.1:1/a"}}}',
    '{"type":"Metric","data":{"name":"http_req_duration","type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"http_req_duration"}',
    '{"metric":"http_req_duration","type":"Point","data":{"time":"2025-01-02T03:04:05.678Z","value":12.5,"tags":{"scenario":"default","group":"::g","method":"GET","status":"200","model":"tiny","vu":"3","iter":"7"}}}',
    '{"metric":"http_reqs","type":"Point","data":{"time":"2025-01-02T03:04:07.178Z","value":1,"tags":{"scenario":"default","check":"a \\"quoted\\", name"}}}',
  ];

  test('NDJSON: a Metric line before the first Point of each metric', async () => {
    const out = await write('json=res.json');
    expect(out.description()).toBe('json (res.json)');
    expect(readFileSync(path.join(dir, 'res.json'), 'utf8')).toBe(expected.join('\n') + '\n');
  });

  test('gzip when the file name ends in .gz; Metric lines once across batches', async () => {
    await write('json=res.json.gz', {}, [samples.slice(0, 2), samples.slice(2)]);
    expect(gunzipSync(readFileSync(path.join(dir, 'res.json.gz'))).toString('utf8')).toBe(expected.join('\n') + '\n');
  });

  test('a large run survives backpressure: every line reaches the file', async () => {
    const many: Sample[][] = [];
    for (let b = 0; b < 50; b++) {
      many.push(Array.from({ length: 2000 }, (_, i) => ({ metric: 'iterations', time: T0, value: b * 2000 + i, tags: { scenario: 's' } })));
    }
    await write('json=big.json', {}, many);
    const lines = readFileSync(path.join(dir, 'big.json'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(100_001);
    expect(JSON.parse(lines[100_000]!).data.value).toBe(99_999);
  });

  test('a file that cannot be opened fails start() with ERR_OUTPUT', async () => {
    const out = createOutput('json=no/such/dir/x.json', ctx());
    const err = await out.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmloadError);
    expect((err as LlmloadError).code).toBe('ERR_OUTPUT');
    expect((err as LlmloadError).message).toMatch(/^output json: cannot open "no\/such\/dir\/x.json": ENOENT/);
  });
});

describe('csv output', () => {
  test("k6's columns, unix seconds, extra_tags and metadata", async () => {
    const out = await write('csv=res.csv');
    expect(out.description()).toBe('csv (res.csv)');
    expect(readFileSync(path.join(dir, 'res.csv'), 'utf8').split('\n')).toEqual([
      'metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,metadata',
      'http_reqs,1735787045,1.000000,,,,,,GET,http://127.0.0.1:1/a,,default,,200,,,http://127.0.0.1:1/a,,',
      'http_req_duration,1735787045,12.500000,,,,,::g,GET,,,default,,200,,,,model=tiny,vu=3&iter=7',
      'http_reqs,1735787047,1.000000,"a ""quoted"", name",,,,,,,,default,,,,,,,',
      '',
    ]);
    expect(CSV_HEADER).toHaveLength(19);
  });

  test('timeFormat from the argument or LLMLOAD_CSV_TIME_FORMAT', async () => {
    await write('csv=fileName=ms.csv.gz,timeFormat=unix_milli');
    const rows = gunzipSync(readFileSync(path.join(dir, 'ms.csv.gz')))
      .toString('utf8')
      .split('\n');
    expect(rows[1]!.split(',')[1]).toBe('1735787045678');
    expect(parseCsvArg('x.csv', 'rfc3339')).toEqual({ fileName: 'x.csv', timeFormat: 'rfc3339' });
    expect(() => parseCsvArg('fileName=x.csv,timeFormat=weird')).toThrow(
      '--out csv=fileName=x.csv,timeFormat=weird: unknown timeFormat "weird" (known: unix, unix_milli, unix_micro, unix_nano, rfc3339, rfc3339_nano)',
    );
    expect(() => parseCsvArg('fileName=x.csv,saveEvery=1s')).toThrow('unknown option "saveEvery" (known: fileName, timeFormat)');
  });
});

describe('output specs', () => {
  test('name=arg parsing', () => {
    expect(parseOutputSpec('json=a=b.json')).toEqual({ name: 'json', arg: 'a=b.json' });
    expect(parseOutputSpec('csv')).toEqual({ name: 'csv', arg: '' });
    expect(builtinOutputs.map((o) => o.name)).toEqual(['json', 'csv', 'influxdb', 'influxdb2', 'requests', 'html', 'junit']);
  });
});
