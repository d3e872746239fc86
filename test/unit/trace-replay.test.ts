import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Arrival, ArrivalsSchedule } from '../../runtime/plugin-api/executor.js';
import { LlmloadError } from '../../runtime/errors.js';
import { traceReplay, type TraceReplayConfig } from '../../plugins/executors/trace-replay.js';

const dir = mkdtempSync(path.join(tmpdir(), 'llmload-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(lines: unknown[]): string {
  const name = `t${n++}.jsonl`;
  writeFileSync(path.join(dir, name), lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return name;
}
const ctx = { scenario: 'replay', cwd: dir };
const validate = (raw: Record<string, unknown>): TraceReplayConfig => traceReplay.validate({ preAllocatedVUs: 2, ...raw }, ctx);
const all = (s: ArrivalsSchedule): Arrival[] => {
  const out: Arrival[] = [];
  const it = s.arrivals();
  for (let r = it.next(); !r.done; r = it.next()) out.push(r.value);
  return out;
};
const mc = (timestamp: number, ids = [1]) => ({ timestamp, input_length: 600, output_length: 20, hash_ids: ids });

describe('trace-replay: trace parsing', () => {
  const fails = (lines: unknown[], raw: Record<string, unknown> = {}) => {
    const f = file(lines);
    try {
      validate({ file: f, ...raw });
    } catch (err) {
      expect(err).toBeInstanceOf(LlmloadError);
      expect((err as LlmloadError).code).toBe('ERR_INVALID_OPTION');
      return (err as Error).message.replace(f, 'F');
    }
    throw new Error('expected a failure');
  };

  it('names the file and line of a bad record', () => {
    expect(fails([mc(0), '{"timestamp": 5, "input_length": 3', mc(9)])).toMatch(/^scenario "replay": trace F:2: not valid JSON \(.+\)$/);
  });

  it.each<[string, unknown[], string]>([
    ['unparsable line', [mc(0), 'not json'], 'F:2: not valid JSON'],
    ['missing timestamp', [mc(0), mc(1), { input_length: 5, output_length: 1 }], 'F:3: missing "timestamp" (ms)'],
    ['non-numeric timestamp', [{ ...mc(0), timestamp: '10' }], 'F:1: "timestamp" must be a number of ms ≥ 0, got "10"'],
    ['non-monotonic times', [mc(0), mc(50), mc(40)], "F:3: timestamp 40 is before the previous record's 50 (line 2): records must be sorted by time"],
    ['not an object', [mc(0), '[1,2]'], 'F:2: each line must be a JSON object'],
    ['bad input_length', [mc(0), { ...mc(1), input_length: 0 }], 'F:2: "input_length" must be an integer ≥ 1, got 0'],
    ['bad hash_ids', [{ ...mc(0), hash_ids: [1, 'x'] }], 'F:1: "hash_ids" must be an array of integers ≥ 0'],
    [
      'generic record without a request',
      [
        { timestamp: 0, prompt: 'hi' },
        { timestamp: 3, model: 'm' },
      ],
      'F:2: needs the request: "messages" (an array) or "prompt" (a string)',
    ],
    ['empty trace', ['', '  '], 'F: the trace has no records'],
  ])('%s', (_name, lines, expected) => {
    expect(fails(lines)).toContain(`scenario "replay": trace ${expected}`);
  });

  it('counts blank lines in line numbers and reports a missing file', () => {
    expect(fails([mc(0), '', mc(-1)])).toContain('F:3: "timestamp" must be a number of ms ≥ 0, got -1');
    expect(() => validate({ file: 'missing.jsonl' })).toThrow(/scenario "replay": trace missing\.jsonl: cannot read .*missing\.jsonl \(ENOENT\)/);
  });

  it('forces a format when asked', () => {
    expect(fails([{ timestamp: 0, prompt: 'x' }], { format: 'mooncake' })).toContain('F:1: "input_length" must be an integer ≥ 1, got undefined');
  });
});

describe('trace-replay: schedule', () => {
  const trace = file([mc(1000, [1, 2]), mc(1000, [1, 3]), mc(1250), mc(1500), mc(3000), mc(4000)]);

  it('replays each record at its time from the first record, divided by timeScale, carrying the record', () => {
    const c = validate({ file: trace });
    const s = traceReplay.schedule(c) as ArrivalsSchedule;
    expect(s).toMatchObject({ kind: 'arrivals', preAllocatedVUs: 2, maxVUs: 2, duration: 3001 });
    const arr = all(s);
    expect(arr.map((a) => a.at)).toEqual([0, 0, 250, 500, 2000, 3000]);
    expect(arr[1]!.data).toEqual(mc(1000, [1, 3]));
    expect(all(traceReplay.schedule(validate({ file: trace, timeScale: 2 })) as ArrivalsSchedule).map((a) => a.at)).toEqual([0, 0, 125, 250, 1000, 1500]);
    expect(traceReplay.maxDuration(c)).toBe(3001);
    expect(traceReplay.describe(c)).toBe(`6 records of ${trace} (mooncake) over 3.001s (maxVUs: 2)`);
    // The config prints as a summary, not the records.
    expect(JSON.parse(JSON.stringify(c)).trace).toEqual({ file: trace, format: 'mooncake', records: 6, spanMs: 3000 });
  });

  it('selects a trace-time window or a record range', () => {
    const w = validate({ file: trace, startOffset: 200, endOffset: '2.5s' });
    expect(all(traceReplay.schedule(w) as ArrivalsSchedule).map((a) => a.at)).toEqual([50, 300, 1800]);
    const r = validate({ file: trace, startRecord: 2, maxRecords: 3 });
    expect(all(traceReplay.schedule(r) as ArrivalsSchedule).map((a) => a.at)).toEqual([0, 250, 1750]);
    expect(() => validate({ file: trace, startOffset: '10s' })).toThrow('option "startOffset" selects no records of the trace');
    expect(() => validate({ file: trace, startRecord: 9 })).toThrow('option "startRecord" (9) is past the last record (the trace has 6)');
    expect(() => validate({ file: trace, startOffset: 1, maxRecords: 2 })).toThrow('option "maxRecords" cannot be combined with startOffset/endOffset');
    expect(() => validate({ file: trace, startOffset: 500, endOffset: 400 })).toThrow('option "endOffset" (400ms) must be after startOffset (500ms)');
  });

  it('loops a number of passes, or until duration', () => {
    // span 3000 ms over 6 records: one pass lasts 3000 + 600 (the mean gap).
    const twice = all(traceReplay.schedule(validate({ file: trace, loop: 2 })) as ArrivalsSchedule).map((a) => a.at);
    expect(twice).toEqual([0, 0, 250, 500, 2000, 3000, 3600, 3600, 3850, 4100, 5600, 6600]);
    const forever = validate({ file: trace, loop: true, duration: '5s', startOffset: 0, endOffset: 2000 });
    expect(all(traceReplay.schedule(forever) as ArrivalsSchedule).map((a) => a.at)).toEqual([0, 0, 250, 500, 2000, 2000, 2250, 2500, 4000, 4000, 4250, 4500]);
    expect(traceReplay.maxDuration(forever)).toBe(5000);
    expect(() => validate({ file: trace, loop: true })).toThrow('option "duration" is required with loop: true');
    expect(() => validate({ file: trace, loop: 0 })).toThrow('option "loop" must be true, false or a number of passes ≥ 1, got 0');
    // duration also caps a plain replay.
    expect(all(traceReplay.schedule(validate({ file: trace, duration: 1000 })) as ArrivalsSchedule).map((a) => a.at)).toEqual([0, 0, 250, 500]);
  });

  it('validates the common arrival options and rejects unknown keys', () => {
    expect(() => traceReplay.validate({ file: trace }, ctx)).toThrow('scenario "replay": option "preAllocatedVUs" is required');
    expect(() => validate({ file: trace, maxVUs: 1 })).toThrow('option "maxVUs" (1) can\'t be less than "preAllocatedVUs" (2)');
    expect(() => validate({ file: trace, timeScale: 0 })).toThrow('option "timeScale" must be more than 0, got 0');
    expect(() => validate({ file: trace, timescale: 2 })).toThrow(/unknown option "timescale".*timeScale/);
    expect(() => validate({})).toThrow('option "file" is required');
  });
});
