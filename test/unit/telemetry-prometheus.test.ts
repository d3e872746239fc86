import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDcgmBlank } from '../../plugins/telemetry/dcgm-fields.js';
import { parseExposition, parseValue } from '../../plugins/telemetry/exposition-parser.js';
import { repoRoot } from '../support/cli.js';

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test/fixtures/telemetry', name), 'utf8');

describe('parseExposition (parse-prometheus-text-format, made tolerant)', () => {
  it('reads the verbatim dcgm-exporter lines from the issue, including the one with a space after a comma', () => {
    const { series, badLines } = parseExposition(fixture('dcgm-issue.txt'));
    expect(badLines).toEqual([]);
    expect(series.map((s) => s.name)).toEqual([
      'DCGM_FI_DEV_GPU_TEMP',
      'DCGM_FI_DEV_POWER_USAGE',
      'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION',
      'DCGM_FI_DEV_SM_CLOCK',
      'DCGM_FI_DEV_MEMORY_TEMP',
    ]);
    const [temp, power, energy, clock, memTemp] = series;
    expect(temp!.value).toBe(26);
    expect(temp!.labels).toMatchObject({ gpu: '0', modelName: 'NVIDIA H100 80GB HBM3', Hostname: 'ip-100-64-171-120.ec2.internal' });
    expect(power!.raw).toBe('67.351000');
    expect(power!.value).toBeCloseTo(67.351, 9);
    expect(energy!.type).toBe('counter');
    expect(energy!.value).toBe(955287014);
    expect(clock!.labels).toEqual({ gpu: '0', UUID: 'GPU-604ac76c-d9cf-fef3-62e9-d92044ab6e52' });
    expect(clock!.value).toBe(139);
    // The sentinel is recognised on the text: as a float it is just 2^63.
    expect(memTemp!.raw).toBe('9223372036854775794');
    expect(isDcgmBlank(memTemp!.raw)).toBe(true);
  });

  it('keeps the labels, _sum and _count of labelled histograms (the library alone folds them away)', () => {
    const { series } = parseExposition(fixture('vllm-metrics.txt'));
    const sum = series.find((s) => s.name === 'vllm:request_queue_time_seconds_sum')!;
    const count = series.find((s) => s.name === 'vllm:request_queue_time_seconds_count')!;
    expect(sum).toMatchObject({ value: 4, type: 'histogram', labels: { engine: '0', model_name: 'meta-llama/Llama-3.1-8B-Instruct' } });
    expect(count).toMatchObject({ value: 100, type: 'histogram' });
    expect(series.find((s) => s.name === 'vllm:num_requests_running')).toMatchObject({ value: 12, type: 'gauge' });
    expect(series.filter((s) => s.name === 'vllm:request_queue_time_seconds_bucket')).toHaveLength(3);
  });

  it('keeps the last line without a final newline, spaces and a trailing comma in labels, and odd values', () => {
    const text = 'a{x="1", y="a, b"} 1\nb{z="2",} NaN\nc +Inf\nd{q="say \\"hi\\""} -2.5e3';
    const { series } = parseExposition(text);
    expect(series.map((s) => [s.name, s.labels, s.value])).toEqual([
      ['a', { x: '1', y: 'a, b' }, 1],
      ['b', { z: '2' }, NaN],
      ['c', {}, Infinity],
      ['d', { q: 'say "hi"' }, -2500],
    ]);
  });

  it('drops a line it cannot parse and reports it, instead of failing the scrape', () => {
    const { series, badLines } = parseExposition('good 1\nbad{x=1} 2\nalso_good{a="b"} 3\n');
    expect(series.map((s) => s.name)).toEqual(['good', 'also_good']);
    expect(badLines).toEqual(['bad{x=1} 2']);
  });

  it('parseValue: Prometheus spellings', () => {
    expect(parseValue('+Inf')).toBe(Infinity);
    expect(parseValue('-Inf')).toBe(-Infinity);
    expect(parseValue('NaN')).toBeNaN();
    expect(parseValue('1e3')).toBe(1000);
  });
});

describe('isDcgmBlank (DCGM "blank / not supported" sentinels)', () => {
  it('int64 blanks from 9223372036854775792, exactly on the printed integer', () => {
    expect(isDcgmBlank('9223372036854775792')).toBe(true);
    expect(isDcgmBlank('9223372036854775807')).toBe(true);
    expect(isDcgmBlank('9223372036854775791')).toBe(false);
    expect(isDcgmBlank('955287014')).toBe(false);
  });
  it('fp64 blanks from 1.40737488355328e14', () => {
    expect(isDcgmBlank('140737488355328.000000')).toBe(true);
    expect(isDcgmBlank('1.40737488355328e14')).toBe(true);
    expect(isDcgmBlank('140737488355327.5')).toBe(false);
    expect(isDcgmBlank('67.351000')).toBe(false);
  });
  it('int32 blanks (from 2147483632) only for int32 fields', () => {
    expect(isDcgmBlank('2147483632', true)).toBe(true);
    expect(isDcgmBlank('2147483632', false)).toBe(false);
    expect(isDcgmBlank('2147483631', true)).toBe(false);
  });
});
