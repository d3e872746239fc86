import { describe, expect, it } from 'vitest';
import { parseDcgmOptions } from '../../plugins/telemetry/dcgm.js';
import { normaliseMetricsUrl } from '../../plugins/telemetry/options.js';
import { flagsLayer, type RunFlags } from '../../runtime/cli/flags.js';
import { mergeLayers } from '../../runtime/options/layers.js';

const where = 'option "telemetry.dcgm"';

describe('options.telemetry.dcgm', () => {
  it('true → defaults: localhost:9400, 500ms, not required, nvidia-smi fallback auto', () => {
    expect(parseDcgmOptions(true, where)).toEqual({
      urls: ['http://localhost:9400/metrics'],
      intervalMs: 500,
      timeoutMs: 2000,
      required: false,
      gpus: [],
      nvidiaSmi: 'auto',
    });
    expect(parseDcgmOptions(false, where)).toBeUndefined();
    expect(parseDcgmOptions(undefined, where)).toBeUndefined();
  });

  it('several hosts, durations, gpus filter', () => {
    const o = parseDcgmOptions(
      { urls: ['node-1:9400', 'http://node-2:9400/metrics'], interval: '250ms', timeout: '1s', required: true, gpus: [0, 'GPU-x'] },
      where,
    )!;
    expect(o.urls).toEqual(['http://node-1:9400/metrics', 'http://node-2:9400/metrics']);
    expect(o).toMatchObject({ intervalMs: 250, timeoutMs: 1000, required: true, gpus: ['0', 'GPU-x'] });
    expect(parseDcgmOptions({ url: 'http://h:9400/dcgm/metrics' }, where)!.urls).toEqual(['http://h:9400/dcgm/metrics']);
  });

  it('rejects unknown keys and bad values, naming the option', () => {
    expect(() => parseDcgmOptions({ url: 'x', intervall: '1s' }, where)).toThrow(
      'option "telemetry.dcgm": unknown option "intervall" (did you mean "interval"?)',
    );
    expect(() => parseDcgmOptions({ interval: 'fast' }, where)).toThrow(/option "telemetry.dcgm": option "interval": invalid duration "fast"/);
    expect(() => parseDcgmOptions({ interval: '10ms' }, where)).toThrow(/"interval" must be at least 50ms/);
    expect(() => parseDcgmOptions({ urls: [] }, where)).toThrow(/"urls" must list at least one URL/);
    expect(() => parseDcgmOptions({ url: 'a:1', urls: ['b:2'] }, where)).toThrow(/"url" cannot be combined with "urls"/);
    expect(() => parseDcgmOptions({ urls: ['ftp://h/x'] }, where)).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseDcgmOptions({ required: 'yes' }, where)).toThrow(/"required" must be true or false/);
    expect(() => parseDcgmOptions({ nvidiaSmi: 'maybe' }, where)).toThrow(/"nvidiaSmi" must be "auto", true or false/);
    expect(() => parseDcgmOptions('http://x', where)).toThrow(/must be an object \(or true for the defaults\)/);
  });

  it('normaliseMetricsUrl', () => {
    expect(normaliseMetricsUrl('localhost:9400', 'w')).toBe('http://localhost:9400/metrics');
    expect(normaliseMetricsUrl('https://h/custom', 'w')).toBe('https://h/custom');
    expect(normaliseMetricsUrl('http://[::1]:9400', 'w')).toBe('http://[::1]:9400/metrics');
  });

  it('a bare path resolves against LLMLOAD_BASE_URL (run --mock), and is an error without it', () => {
    expect(parseDcgmOptions({ url: '/dcgm/metrics' }, where, 'http://127.0.0.1:4321')!.urls).toEqual(['http://127.0.0.1:4321/dcgm/metrics']);
    expect(() => parseDcgmOptions({ url: '/dcgm/metrics' }, where)).toThrow(/"\/dcgm\/metrics" is a path: give a full URL, or set LLMLOAD_BASE_URL/);
  });
});

describe('--gpu-telemetry / --server-metrics and option layers', () => {
  const flags = (f: Partial<RunFlags>): RunFlags => ({
    script: 's.ts',
    thresholds: true,
    setup: true,
    teardown: true,
    quiet: true,
    color: false,
    includeSystemEnvVars: false,
    verbose: false,
    ...f,
  });

  it('flags set only the URLs; the script keeps its interval and other sources', () => {
    const script = { telemetry: { dcgm: { url: 'http://old:9400/metrics', interval: '250ms' }, server: { url: 'http://srv/metrics' } } };
    const cli = flagsLayer(flags({ gpuTelemetry: ['http://a:9400/metrics', 'http://b:9400/metrics'] }));
    expect(cli.telemetry).toEqual({ dcgm: { urls: ['http://a:9400/metrics', 'http://b:9400/metrics'] } });
    const { options } = mergeLayers([
      { source: 'script', options: script },
      { source: 'flags', options: cli },
    ]);
    expect(options.telemetry).toEqual({
      dcgm: { urls: ['http://a:9400/metrics', 'http://b:9400/metrics'], interval: '250ms' },
      server: { url: 'http://srv/metrics' },
    });
  });

  it('a flag turns a source on when the script has none, or had `true`', () => {
    const cli = flagsLayer(flags({ serverMetrics: ['localhost:8000'] }));
    expect(mergeLayers([{ source: 'flags', options: cli }]).options.telemetry).toEqual({ server: { urls: ['localhost:8000'] } });
    const merged = mergeLayers([
      { source: 's', options: { telemetry: { server: true } } },
      { source: 'flags', options: cli },
    ]).options;
    expect(merged.telemetry).toEqual({ server: { urls: ['localhost:8000'] } });
    expect(flagsLayer(flags({})).telemetry).toBeUndefined();
  });
});
