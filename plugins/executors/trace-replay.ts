import {
  defineExecutor,
  checkKeys,
  expectDuration,
  expectInt,
  expectNumber,
  expectOneOf,
  expectString,
  formatDuration,
  optionError,
  type Arrival,
  type ArrivalsSchedule,
} from 'llmload/plugin';
/**
 * trace-replay: one iteration per trace record, at the record's time. Arrival
 * i is due at (timestamp_i − base) / timeScale ms after the scenario start, on
 * the same absolute-schedule machinery as the arrival-rate executors (so
 * dropped_iterations and iteration_schedule_lag apply). The record (parsed
 * JSON) reaches the iteration as the exec function's 2nd argument:
 * `export default function (setupData, record) {}`.
 *
 * Selection: a trace-time window (startOffset/endOffset, from the first
 * record) or a record range (startRecord/maxRecords), not both. `loop` plays
 * the selection again: N times, or until `duration` with `loop: true`; one
 * pass lasts the window (endOffset − startOffset) or, without one, the span of
 * the selected records plus their mean gap.
 */
import { mustBePositive, mustNotBeNegative, required, scenarioWhere } from './common.js';
import { readTrace, type Trace, TRACE_FORMATS, type TraceFormat } from './trace-replay-parse.js';

export interface TraceReplayConfig {
  trace: Trace;
  /** Speed-up factor: 2 replays twice as fast. */
  timeScale: number;
  /** Selected records: indices [from, to). */
  from: number;
  to: number;
  /** Trace ms that maps to the scenario start. */
  base: number;
  /** Trace ms between the starts of two passes. */
  period: number;
  /** Passes; Infinity with `loop: true`. */
  loops: number;
  /** ms cap on the schedule (required with `loop: true`). */
  duration?: number;
  preAllocatedVUs: number;
  maxVUs: number;
}

const KEYS = ['file', 'format', 'timeScale', 'startOffset', 'endOffset', 'startRecord', 'maxRecords', 'loop', 'duration', 'preAllocatedVUs', 'maxVUs'] as const;

function readLoops(raw: Record<string, unknown>, where: string): number {
  const v = raw.loop;
  if (v === undefined || v === false) return 1;
  if (v === true) return Infinity;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1) return v;
  throw optionError(where, 'loop', `must be true, false or a number of passes ≥ 1, got ${JSON.stringify(v)}`);
}

/** Picks the records and the trace time the scenario starts at. */
function select(trace: Trace, raw: Record<string, unknown>, where: string): Pick<TraceReplayConfig, 'from' | 'to' | 'base' | 'period'> {
  const ts = (i: number) => trace.records[i]!.timestamp;
  const n = trace.records.length;
  const startOffset = expectDuration(raw, 'startOffset', where);
  const endOffset = expectDuration(raw, 'endOffset', where);
  const startRecord = expectInt(raw, 'startRecord', where);
  const maxRecords = expectInt(raw, 'maxRecords', where);
  const byTime = startOffset !== undefined || endOffset !== undefined;
  if (byTime && (startRecord !== undefined || maxRecords !== undefined)) {
    throw optionError(
      where,
      startRecord !== undefined ? 'startRecord' : 'maxRecords',
      'cannot be combined with startOffset/endOffset (select by time or by record, not both)',
    );
  }
  let from = 0;
  let to = n;
  let base = ts(0);
  let window: number | undefined;
  if (byTime) {
    const lo = ts(0) + (startOffset ?? 0);
    const hi = endOffset === undefined ? Infinity : ts(0) + endOffset;
    if (endOffset !== undefined && endOffset <= (startOffset ?? 0))
      throw optionError(where, 'endOffset', `(${formatDuration(endOffset)}) must be after startOffset (${formatDuration(startOffset ?? 0)})`);
    while (from < n && ts(from) < lo) from++;
    to = from;
    while (to < n && ts(to) < hi) to++;
    base = lo;
    if (endOffset !== undefined) window = endOffset - (startOffset ?? 0);
  } else {
    if (startRecord !== undefined) {
      mustNotBeNegative(startRecord, 'startRecord', where);
      if (startRecord >= n) throw optionError(where, 'startRecord', `(${startRecord}) is past the last record (the trace has ${n})`);
      from = startRecord;
    }
    if (maxRecords !== undefined) {
      mustBePositive(maxRecords, 'maxRecords', where);
      to = Math.min(n, from + maxRecords);
    }
    base = ts(from);
  }
  if (to <= from) throw optionError(where, 'startOffset', 'selects no records of the trace');
  const span = ts(to - 1) - ts(from);
  const count = to - from;
  const period = window ?? span + (count > 1 ? span / (count - 1) : 1000);
  return { from, to, base, period: period > 0 ? period : 1 };
}

/** ms after the scenario start of the last arrival (finite loops). */
function lastAt(c: TraceReplayConfig): number {
  return ((c.loops - 1) * c.period + c.trace.records[c.to - 1]!.timestamp - c.base) / c.timeScale;
}

function scheduleDuration(c: TraceReplayConfig): number {
  return c.duration ?? lastAt(c) + 1;
}

export const traceReplay = defineExecutor<TraceReplayConfig>({
  apiVersion: 1,
  name: 'trace-replay',
  validate(raw, ctx) {
    const where = scenarioWhere(ctx);
    checkKeys(raw, KEYS, where);
    const file = required(expectString(raw, 'file', where), 'file', where);
    const format = expectOneOf(raw, 'format', where, TRACE_FORMATS, 'auto') as TraceFormat;
    const timeScale = expectNumber(raw, 'timeScale', where, 1);
    mustBePositive(timeScale, 'timeScale', where);
    const loops = readLoops(raw, where);
    const duration = expectDuration(raw, 'duration', where);
    if (duration !== undefined) mustBePositive(duration, 'duration', where);
    if (loops === Infinity && duration === undefined) throw optionError(where, 'duration', 'is required with loop: true (how long to keep replaying)');
    const preAllocatedVUs = required(expectInt(raw, 'preAllocatedVUs', where), 'preAllocatedVUs', where);
    mustNotBeNegative(preAllocatedVUs, 'preAllocatedVUs', where);
    const maxVUs = expectInt(raw, 'maxVUs', where, preAllocatedVUs);
    if (maxVUs < preAllocatedVUs) throw optionError(where, 'maxVUs', `(${maxVUs}) can't be less than "preAllocatedVUs" (${preAllocatedVUs})`);
    mustBePositive(maxVUs, 'maxVUs', where);
    // Parsed now, so a malformed trace stops the run before it starts.
    const trace = readTrace(file, ctx.cwd, format, `${where}: trace`);
    return { trace, timeScale, loops, duration, preAllocatedVUs, maxVUs, ...select(trace, raw, where) };
  },
  schedule(c): ArrivalsSchedule {
    const duration = scheduleDuration(c);
    const records = c.trace.records;
    return {
      kind: 'arrivals',
      duration,
      preAllocatedVUs: c.preAllocatedVUs,
      maxVUs: c.maxVUs,
      *arrivals(): Generator<Arrival, void, undefined> {
        for (let pass = 0; pass < c.loops; pass++) {
          for (let i = c.from; i < c.to; i++) {
            const at = (pass * c.period + records[i]!.timestamp - c.base) / c.timeScale;
            if (at >= duration) return;
            yield { at, data: records[i] };
          }
        }
      },
    };
  },
  maxDuration: (c) => scheduleDuration(c),
  describe(c) {
    const n = c.to - c.from;
    const passes = c.loops === Infinity ? ', looped' : c.loops > 1 ? ` × ${c.loops}` : '';
    const speed = c.timeScale === 1 ? '' : ` at ${c.timeScale}x`;
    return (
      `${n} records of ${c.trace.file} (${c.trace.format})${passes}${speed} over ${formatDuration(Math.ceil(scheduleDuration(c)))} ` +
      `(maxVUs: ${c.preAllocatedVUs}${c.maxVUs > c.preAllocatedVUs ? `-${c.maxVUs}` : ''})`
    );
  },
});
