/**
 * A test suite's use of `llmload/api` and `llmload/vitest`, against the
 * published declarations (types/api.d.ts, types/vitest.d.ts): `npm run
 * typecheck` compiles it, so the generated files must stand alone and the
 * matchers must reach vitest's `expect`.
 */
import { run, startMock, type RunResult } from 'llmload/api';
import 'llmload/vitest';
import { expect } from 'vitest';

export async function suite(): Promise<RunResult> {
  const mock = await startMock({ ttft: '20ms' });
  try {
    const result = await run({
      script: { source: 'export default function () {}' },
      options: { thresholds: { llm_ttft: ['p(95)<500'] } },
      env: { BASE: mock.url },
    });
    expect(result).toPassThresholds();
    expect(result).toMeetSlo({ llm_ttft: 'p(95)<500' });
    const code: number = result.exitCode;
    return code === 0 ? result : result;
  } finally {
    await mock.close();
  }
}
