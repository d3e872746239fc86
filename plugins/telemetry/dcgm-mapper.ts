import type { Sample, SampleSink } from 'llmload/plugin';
import { dcgmFieldOf, dcgmTags, isDcgmBlank } from './dcgm-fields.js';
import { EnergyAccount, trapezoid, type GpuIdentity } from './energy.js';
import type { Series } from './exposition-parser.js';

/** What one scrape produced, for tests and warnings. */
export interface MapStats {
  samples: number;
  /** Series of a known DCGM field dropped as "blank / not supported" sentinels. */
  blank: number;
  /** Series of a known field with NaN / ±Inf values. */
  notFinite: number;
  /** Series whose name is not a field llmload maps (ignored). */
  unknown: number;
  /** Series left out by the `gpus` filter. */
  filtered: number;
  /** GPUs seen in this scrape (after the `gpus` filter). */
  gpus: number;
}

export interface DcgmMapperOptions {
  sink: SampleSink;
  runTags: Record<string, string>;
  /** Keep only these GPUs (index or UUID); empty = all. */
  gpus?: readonly string[];
}

/**
 * Turns DCGM series (from dcgm-exporter, or nvidia-smi rows dressed as DCGM
 * fields) into llmload samples. Stateful across scrapes of one run: counters
 * become deltas (a decrease is a reset: the new value is the delta), bytes/s
 * readings become bytes per interval, and GPUs without an energy counter get
 * `gpu_energy` by integrating their power readings.
 */
export class DcgmMapper {
  readonly account = new EnergyAccount();
  private readonly counters = new Map<string, number>();
  private readonly rates = new Map<string, { v: number; t: number }>();
  private readonly withEnergyCounter = new Set<string>();

  constructor(private readonly opts: DcgmMapperOptions) {}

  /**
   * Maps one scrape taken at `t` (epoch ms) from `sourceHost` (the `host` tag
   * of series without a hostname label). Counter state is kept per `source`
   * (the URL), so two exporters never difference each other's counters.
   */
  map(series: readonly Series[], t: number, sourceHost: string, source: string = sourceHost): MapStats {
    const stats: MapStats = { samples: 0, blank: 0, notFinite: 0, unknown: 0, filtered: 0, gpus: 0 };
    const gpusSeen = new Set<string>();
    const powers: Array<{ id: GpuIdentity; tags: Record<string, string>; watts: number }> = [];
    const emit = (metric: string, value: number, tags: Record<string, string>) => {
      const sample: Sample = { metric, time: t, value, tags: { ...this.opts.runTags, ...tags } };
      this.opts.sink.push(sample);
      stats.samples++;
    };

    for (const s of series) {
      const known = dcgmFieldOf(s.name);
      if (!known) {
        stats.unknown++;
        continue;
      }
      const { field } = known;
      if (!Number.isFinite(s.value)) {
        stats.notFinite++;
        continue;
      }
      if (isDcgmBlank(s.raw, field.int32)) {
        stats.blank++;
        continue;
      }
      const tags = dcgmTags(s.labels, sourceHost);
      if (!this.keep(tags)) {
        stats.filtered++;
        continue;
      }
      const id = identityOf(tags);
      gpusSeen.add(id.key);
      const value = s.value * field.scale;
      const seriesKey = `${source}\u0000${field.metric}\u0000${id.key}`;
      const kind = field.kind === 'throughput' && s.type === 'counter' ? 'counter' : field.kind;

      if (kind === 'level') {
        emit(field.metric, value, tags);
        if (field.metric === 'gpu_power') powers.push({ id, tags, watts: value });
        if (field.metric === 'gpu_utilization') this.account.utilization(id, value);
      } else if (kind === 'counter') {
        if (field.metric === 'gpu_energy') this.withEnergyCounter.add(id.key);
        const prev = this.counters.get(seriesKey);
        this.counters.set(seriesKey, value);
        if (prev === undefined) continue; // the first scrape is the baseline
        const delta = value >= prev ? value - prev : value;
        emit(field.metric, delta, tags);
        if (field.metric === 'gpu_energy') this.account.energy(id, delta, 'counter');
      } else {
        const prev = this.rates.get(seriesKey);
        this.rates.set(seriesKey, { v: value, t });
        if (prev && t > prev.t) emit(field.metric, trapezoid(prev.v, value, t - prev.t), tags);
      }
    }

    // After the whole scrape: only now is it known whether a GPU has an energy counter.
    for (const p of powers) {
      const joules = this.account.power(p.id, p.watts, t);
      if (this.withEnergyCounter.has(p.id.key) || joules === 0) continue;
      emit('gpu_energy', joules, p.tags);
      this.account.energy(p.id, joules, 'power');
    }
    if (stats.samples > 0 || gpusSeen.size > 0) this.account.scraped(t);
    stats.gpus = gpusSeen.size;
    return stats;
  }

  private keep(tags: Record<string, string>): boolean {
    const only = this.opts.gpus;
    if (!only || only.length === 0) return true;
    return only.includes(tags.gpu ?? '\u0000') || only.includes(tags.uuid ?? '\u0000');
  }
}

function identityOf(tags: Record<string, string>): GpuIdentity {
  const key = [tags.host, tags.gpu ?? '', tags.uuid ?? '', tags.gpu_instance ?? ''].join('|');
  return { key, gpu: tags.gpu, gpu_instance: tags.gpu_instance, host: tags.host!, model_name: tags.model_name, uuid: tags.uuid };
}
