import { describe, expect, test } from 'vitest';
import type { LlmloadError } from '../../runtime/errors.js';
import { describeTarget, parseInfluxConfig } from '../../plugins/outputs/influxdb/config.js';
import { generateTestId } from '../../runtime/test-id.js';
import { IntervalAggregator, summarize } from '../../plugins/outputs/influxdb/interval-aggregator.js';
import { LineEncoder, parseTagsAsFields } from '../../plugins/outputs/influxdb/line-encoder.js';

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5, 678) + 0.25; // …05.678250
const k6Fields = parseTagsAsFields('vu:int,iter:int,url', 'x');

function errorOf(fn: () => unknown): LlmloadError {
  try {
    fn();
  } catch (e) {
    return e as LlmloadError;
  }
  throw new Error('expected an error');
}

describe('InfluxDB output config', () => {
  test('v1: database from the URL path, credentials from the URL, k6 defaults', () => {
    const c = parseInfluxConfig('v1', 'http://bob:s%3Acret@db.local:8086/perf', {});
    expect(c).toMatchObject({
      api: 'v1',
      baseUrl: 'http://db.local:8086',
      database: 'perf',
      username: 'bob',
      password: 's:cret',
      pushIntervalMs: 1000,
      batchSize: 5000,
      precision: 'ns',
      insecure: false,
      bufferPoints: 1_000_000,
      flushTimeoutMs: 10_000,
      failOnUnreachable: false,
      itl: 'samples',
    });
    expect([...c.tagsAsFields]).toEqual([
      ['vu', 'int'],
      ['iter', 'int'],
      ['url', 'string'],
    ]);
    // What the run header shows: no credentials.
    expect(describeTarget(c)).toBe('http://db.local:8086/perf');
  });

  test('v1: no path → database "llmload"; a proxy prefix stays in the base URL', () => {
    expect(parseInfluxConfig('v1', 'http://h:8086', {}).database).toBe('llmload');
    expect(parseInfluxConfig('v1', 'https://h/influx/prod', {})).toMatchObject({ baseUrl: 'https://h/influx', database: 'prod' });
  });

  test('every LLMLOAD_INFLUXDB_* option is read from the environment', () => {
    const c = parseInfluxConfig('v2', 'http://h:8086', {
      LLMLOAD_INFLUXDB_TOKEN: 't0k',
      LLMLOAD_INFLUXDB_ORGANIZATION: 'o',
      LLMLOAD_INFLUXDB_BUCKET: 'b',
      LLMLOAD_INFLUXDB_PUSH_INTERVAL: '250ms',
      LLMLOAD_INFLUXDB_BATCH_SIZE: '100',
      LLMLOAD_INFLUXDB_TAGS_AS_FIELDS: 'vu:int,request_id',
      LLMLOAD_INFLUXDB_PRECISION: 'ms',
      LLMLOAD_INFLUXDB_INSECURE: 'true',
      LLMLOAD_INFLUXDB_BUFFER_POINTS: '10_000',
      LLMLOAD_INFLUXDB_FLUSH_TIMEOUT: '2s',
      LLMLOAD_INFLUXDB_FAIL_ON_UNREACHABLE: '1',
      LLMLOAD_INFLUXDB_ITL: 'aggregate',
      LLMLOAD_INFLUXDB_USERNAME: 'u',
      LLMLOAD_INFLUXDB_PASSWORD: 'p',
      OTHER: 'ignored',
    });
    expect(c).toMatchObject({
      token: 't0k',
      org: 'o',
      bucket: 'b',
      pushIntervalMs: 250,
      batchSize: 100,
      precision: 'ms',
      insecure: true,
      bufferPoints: 10_000,
      flushTimeoutMs: 2000,
      failOnUnreachable: true,
      itl: 'aggregate',
      username: 'u',
      password: 'p',
    });
    expect([...c.tagsAsFields]).toEqual([
      ['vu', 'int'],
      ['request_id', 'string'],
    ]);
    expect(describeTarget(c)).toBe('http://h:8086, bucket b, org o');
  });

  test('unknown variables and bad values are errors naming the variable (exit 104)', () => {
    const typo = errorOf(() => parseInfluxConfig('v1', '', { LLMLOAD_INFLUXDB_PUSH_INTERVALL: '1s' }));
    expect(typo.code).toBe('ERR_INVALID_OPTION');
    expect(typo.message).toBe('LLMLOAD_INFLUXDB_PUSH_INTERVALL: unknown InfluxDB output option (did you mean LLMLOAD_INFLUXDB_PUSH_INTERVAL?)');
    expect(errorOf(() => parseInfluxConfig('v1', '', { LLMLOAD_INFLUXDB_PRECISION: 'm' })).message).toContain('"ns", "us", "ms", "s"');
    expect(errorOf(() => parseInfluxConfig('v1', '', { LLMLOAD_INFLUXDB_BATCH_SIZE: '0' })).message).toContain('LLMLOAD_INFLUXDB_BATCH_SIZE');
    expect(errorOf(() => parseInfluxConfig('v1', '', { LLMLOAD_INFLUXDB_INSECURE: 'maybe' })).message).toContain('true or false');
    expect(errorOf(() => parseInfluxConfig('v1', '', { LLMLOAD_INFLUXDB_PUSH_INTERVAL: '0s' })).message).toContain('at least');
    expect(errorOf(() => parseInfluxConfig('v1', '', { LLMLOAD_INFLUXDB_TAGS_AS_FIELDS: 'vu:long' })).message).toContain('vu:long');
    expect(errorOf(() => parseInfluxConfig('v1', '', { LLMLOAD_INFLUXDB_TAGS_AS_FIELDS: 'testid' })).message).toContain('must stay a tag');
    expect(errorOf(() => parseInfluxConfig('v2', 'http://h:8086', {})).message).toContain('LLMLOAD_INFLUXDB_BUCKET is required');
    expect(errorOf(() => parseInfluxConfig('v2', 'http://h:8086/api/v2', { LLMLOAD_INFLUXDB_BUCKET: 'b' })).message).toContain('without /api/v2');
  });

  test('a malformed URL is reported without echoing it (it may hold a password)', () => {
    const e = errorOf(() => parseInfluxConfig('v1', 'http://u:hunter2@[bad', {}));
    expect(e.code).toBe('ERR_INVALID_OPTION');
    expect(e.message).not.toContain('hunter2');
    expect(errorOf(() => parseInfluxConfig('v1', 'ftp://h/db', {})).message).toContain('ftp:');
    expect(errorOf(() => parseInfluxConfig('v1', 'http://h/db?precision=s', {})).message).toContain('LLMLOAD_INFLUXDB_');
  });

  test('generated test ids sort by start time', () => {
    const a = generateTestId(new Date(Date.UTC(2025, 0, 2, 3, 4, 5)));
    const b = generateTestId(new Date(Date.UTC(2025, 0, 2, 3, 4, 6)));
    expect(a).toMatch(/^20250102-030405-[0-9a-f]{4}$/);
    expect(a < b).toBe(true);
  });
});

describe('line protocol (k6 schema)', () => {
  test('measurement = metric, field value, tags, k6 tagsAsFields typed, testid added, sorted keys', () => {
    const enc = new LineEncoder({ precision: 'ns', tagsAsFields: k6Fields, testid: 'run-1' });
    const line = enc.encode({
      metric: 'http_req_duration',
      time: T0,
      value: 12.5,
      tags: { status: '200', vu: '3', iter: '7', url: 'http://h/a b', method: 'GET', group: '' },
    });
    expect(line).toBe('http_req_duration,method=GET,status=200,testid=run-1 value=12.5,iter=7i,url="http://h/a b",vu=3i 1735787045678250000');
  });

  test('escapes spaces, commas and equal signs in names and tags; keeps a testid already tagged', () => {
    const enc = new LineEncoder({ precision: 'ms', tagsAsFields: new Map(), testid: 'generated' });
    const line = enc.encode({ metric: 'llm_ttft', time: T0, value: 3, tags: { model: 'a b,c=d', testid: 'mine' } });
    expect(line).toBe('llm_ttft,model=a\\ b\\,c\\=d,testid=mine value=3 1735787045678');
  });

  test('samples with equal series and timestamp stay distinct points (InfluxDB would overwrite them)', () => {
    const enc = new LineEncoder({ precision: 'ns', tagsAsFields: k6Fields, testid: 't' });
    const tags = { model: 'm' };
    const stamps = [T0, T0, T0, T0 - 0.001, T0 + 0.002].map((time) => enc.encode({ metric: 'llm_itl', time, value: 1, tags })!.split(' ')[2]);
    expect(stamps).toEqual(['1735787045678250000', '1735787045678250001', '1735787045678250002', '1735787045678250003', '1735787045678252000']);
    // Another series (tag value) and another metric do not move.
    expect(enc.encode({ metric: 'llm_itl', time: T0, value: 1, tags: { model: 'n' } })!.split(' ')[2]).toBe('1735787045678250000');
    expect(enc.encode({ metric: 'llm_ttft', time: T0, value: 1, tags })!.split(' ')[2]).toBe('1735787045678250000');
    // vu/iter are fields: two VUs' samples share a series and must not collide either.
    const a = enc.encode({ metric: 'llm_e2e', time: T0, value: 1, tags: { vu: '1' } })!;
    const b = enc.encode({ metric: 'llm_e2e', time: T0, value: 2, tags: { vu: '2' } })!;
    expect(a.split(' ')[2]).not.toBe(b.split(' ')[2]);
  });

  test('precisions: us, ms and s timestamps; a collision moves one unit', () => {
    for (const [precision, first, second] of [
      ['us', '1735787045678250', '1735787045678251'],
      ['ms', '1735787045678', '1735787045679'],
      ['s', '1735787045', '1735787046'],
    ] as const) {
      const enc = new LineEncoder({ precision, tagsAsFields: new Map(), testid: 't' });
      const ts = [0, 1].map(() => enc.encode({ metric: 'm', time: T0, value: 1, tags: {} })!.split(' ')[2]);
      expect(ts).toEqual([first, second]);
    }
  });

  test('NaN and Infinity are not written; field types for tags as fields', () => {
    const enc = new LineEncoder({
      precision: 's',
      tagsAsFields: parseTagsAsFields('vu:int,ok:bool,ratio:float,iter:int', 'x'),
      testid: 't',
    });
    expect(enc.encode({ metric: 'm', time: T0, value: NaN, tags: {} })).toBeUndefined();
    expect(enc.encode({ metric: 'm', time: T0, value: Infinity, tags: {} })).toBeUndefined();
    expect(enc.encode({ metric: 'm', time: T0, value: 1, tags: { vu: 'x', ok: 'true', ratio: '0.5', iter: '' } })).toBe(
      'm,testid=t value=1,ok=T,ratio=0.5 1735787045',
    );
  });
});

describe('ITL per-interval aggregates', () => {
  test('linear-interpolation percentiles (NumPy default)', () => {
    const s = summarize([4, 1, 3, 2, 5, 6, 7, 8, 9, 10]);
    expect(s).toMatchObject({ count: 10, mean: 5.5, min: 1, max: 10, p50: 5.5 });
    expect(s.p90).toBeCloseTo(9.1, 10);
    expect(s.p95).toBeCloseTo(9.55, 10);
    expect(s.p99).toBeCloseTo(9.91, 10);
    expect(summarize([7])).toMatchObject({ count: 1, min: 7, max: 7, p50: 7, p99: 7 });
  });

  test('one point per series and interval; per-sample tags (vu, iter) merge', () => {
    const enc = new LineEncoder({ precision: 'ms', tagsAsFields: k6Fields, testid: 't' });
    const agg = new IntervalAggregator((tags) => enc.seriesKey(tags));
    agg.add({ metric: 'llm_itl', time: T0, value: 10, tags: { model: 'a', vu: '1' } });
    agg.add({ metric: 'llm_itl', time: T0, value: 30, tags: { model: 'a', vu: '2', iter: '4' } });
    agg.add({ metric: 'llm_itl', time: T0, value: 5, tags: { model: 'b', vu: '1' } });
    const out = agg.take();
    expect(out.map((o) => [o.tags.model, o.stats.count, o.stats.mean])).toEqual([
      ['a', 2, 20],
      ['b', 1, 5],
    ]);
    expect(agg.take()).toEqual([]);
    const line = enc.encodeFields('llm_itl', T0, out[0].tags, { ...out[0].stats });
    expect(line).toBe('llm_itl,model=a,testid=t count=2i,max=30,mean=20,min=10,p50=20,p90=28,p95=29,p99=29.8 1735787045678');
  });
});
