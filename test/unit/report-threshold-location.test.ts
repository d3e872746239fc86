import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScriptBundle } from '../../runtime/bundle/bundle.js';
import { createThresholdLocator } from '../../runtime/bundle/threshold-location.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'llmload-locate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPT = `export const options = {
  thresholds: {
    llm_ttft: ['p(95)<500'],
    llm_e2e: [
      'p(95)<500',
      { threshold: 'p(99)<900', abortOnFail: true },
    ],
    'http_req_duration{status:200}': ["p(95)<500"],
  },
};
`;

function bundleOf(files: Record<string, string>): ScriptBundle {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return {
    code: '',
    map: { version: 3, sources: Object.keys(files), names: [], mappings: '' },
    filename: Object.keys(files)[0]!,
    scriptDir: dir,
    cwd: dir,
  } as unknown as ScriptBundle;
}

describe('threshold locations (through the source map)', () => {
  it('finds the line of each expression under its own metric key, even when expressions repeat', () => {
    const locate = createThresholdLocator(bundleOf({ 'script.ts': SCRIPT }));
    expect(locate('llm_ttft', 'p(95)<500')).toEqual({ file: 'script.ts', line: 3 });
    expect(locate('llm_e2e', 'p(95)<500')).toEqual({ file: 'script.ts', line: 5 });
    expect(locate('llm_e2e', 'p(99)<900')).toEqual({ file: 'script.ts', line: 6 });
    expect(locate('http_req_duration{status:200}', 'p(95)<500')).toEqual({ file: 'script.ts', line: 8 });
  });

  it('looks in every user source the map lists; unknown expressions have no location', () => {
    const locate = createThresholdLocator(bundleOf({ 'main.ts': "import { options } from './slo.ts';\n", 'slo.ts': SCRIPT }));
    expect(locate('llm_e2e', 'p(99)<900')).toEqual({ file: 'slo.ts', line: 6 });
    expect(locate('llm_ttft', 'p(50)<1')).toBeUndefined();
  });
});
