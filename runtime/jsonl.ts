/**
 * JSON Lines, the one reader of llmload's line files (JSONL datasets, trace
 * replay's traces; plugins get it from `llmload/plugin`): one JSON object per
 * line, blank lines skipped, CRLF accepted. Callers word the errors, so each
 * names its own file and option.
 */

/** One line's object. */
export type JsonlRow = Record<string, unknown>;

/**
 * Calls `each(row, line)` for every object in `text`, in order (`line` is
 * 1-based). A line that is not JSON, or not an object, throws the error
 * `fail(line, problem)` makes.
 */
export function readJsonl(text: string, each: (row: JsonlRow, line: number) => void, fail: (line: number, problem: string) => Error): void {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (err) {
      throw fail(i + 1, `not valid JSON (${(err as Error).message})`);
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw fail(i + 1, 'each line must be a JSON object');
    each(v as JsonlRow, i + 1);
  }
}
