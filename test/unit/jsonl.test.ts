import { describe, expect, it } from 'vitest';
import { readJsonl, type JsonlRow } from 'llmload/plugin';

const read = (text: string) => {
  const rows: Array<[JsonlRow, number]> = [];
  readJsonl(
    text,
    (row, line) => rows.push([row, line]),
    (line, problem) => new Error(`f.jsonl:${line}: ${problem}`),
  );
  return rows;
};

describe('readJsonl (datasets and traces)', () => {
  it('gives each object with its 1-based line, skipping blank lines and CRLF endings', () => {
    expect(read('{"a":1}\r\n\n  \n{"b":2}\n')).toEqual([
      [{ a: 1 }, 1],
      [{ b: 2 }, 4],
    ]);
    expect(read('')).toEqual([]);
  });

  it('stops at the first bad line with the caller’s error', () => {
    expect(() => read('{"a":1}\n{"a":\n')).toThrow(/^f\.jsonl:2: not valid JSON \(/);
    expect(() => read('{"a":1}\n\n[1,2]')).toThrow('f.jsonl:3: each line must be a JSON object');
    expect(() => read('null')).toThrow('f.jsonl:1: each line must be a JSON object');
  });

  it('lets the caller stop with its own error', () => {
    expect(() =>
      readJsonl(
        '{"a":1}\n{"a":"x"}',
        (row, line) => {
          if (typeof row.a !== 'number') throw new Error(`line ${line}: a must be a number`);
        },
        () => new Error('unreachable'),
      ),
    ).toThrow('line 2: a must be a number');
  });
});
