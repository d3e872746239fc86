import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutputFinal, ThresholdResult } from 'llmload/plugin';
import { junitXml, xmlEscape } from '../../plugins/outputs/report/junit-xml.js';
import { repoRoot } from '../support/cli.js';
import { requireService } from '../support/services.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'llmload-junit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const th = (metric: string, threshold: string, ok: boolean, observed?: number, empty = false): ThresholdResult => ({
  metric,
  threshold,
  aggregation: threshold.split(/[<>=!]/)[0]!,
  ok,
  observed,
  abortOnFail: false,
  evaluated: !empty,
  empty,
});

function final(thresholds: ThresholdResult[], rootGroup: unknown): OutputFinal {
  return {
    script: 'x.ts',
    startTime: Date.UTC(2026, 0, 2, 3, 4, 5),
    endTime: Date.UTC(2026, 0, 2, 3, 4, 15),
    testRunDurationMs: 10_000,
    summary: { root_group: rootGroup },
    thresholds,
    locate: () => undefined,
  };
}

/** Validates with xmllint against the test XSD (skipped outside CI when xmllint is missing). */
function validate(xml: string): void {
  const xmllint = requireService('xmllint', 'libxml2-utils');
  if (!xmllint) return;
  const file = path.join(tmp, `j${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  execFileSync(xmllint, ['--noout', '--schema', path.join(repoRoot, 'test/fixtures/junit/junit.xsd'), file], { stdio: 'pipe' });
}

describe('JUnit XML', () => {
  it('escapes the five entities and replaces characters XML 1.0 cannot hold', () => {
    expect(xmlEscape(`a<b & "c" 'd'>`)).toBe('a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
    expect(xmlEscape('bell\u0007')).toBe('bell\uFFFD');
  });

  it('a testcase per threshold and per check (by group path); failures carry the observed value; valid against the XSD', () => {
    const root = {
      checks: [{ name: 'ok', path: '::ok', passes: 3, fails: 0 }],
      groups: [{ checks: [{ name: 'has <tokens>', path: '::chat::has <tokens>', passes: 1, fails: 2 }], groups: [] }],
    };
    const xml = junitXml({
      testid: 'run-1',
      final: final(
        [th('llm_ttft{model:a}', 'p(95)<500', false, 612.345678), th('llm_req_failed', 'rate<0.01', true, 0), th('custom', 'count>0', false, undefined, true)],
        root,
      ),
    });
    validate(xml);
    expect(xml).toContain('<testsuites name="llmload run-1" tests="5" failures="3" errors="0" time="10.000">');
    expect(xml).toContain('<testsuite name="k6 thresholds" tests="3" failures="2" errors="0" skipped="0" time="10.000" timestamp="2026-01-02T03:04:05">');
    expect(xml).toContain(
      '<testcase name="llm_ttft{model:a} - p(95)&lt;500">\n      <failure message="p(95)&lt;500 failed: observed p(95)=612.346" type="threshold">',
    );
    expect(xml).toContain('<testcase name="llm_req_failed - rate&lt;0.01"/>');
    expect(xml).toContain('<failure message="count&gt;0 failed: the metric got no samples"');
    expect(xml).toContain('<testcase name="ok"/>');
    expect(xml).toContain('<testcase name="chat › has &lt;tokens&gt;">\n      <failure message="2 of 3 failed" type="check">');
  });

  it('no thresholds and no checks: two empty suites, still valid', () => {
    const xml = junitXml({ testid: 't', final: final([], { checks: [], groups: [] }) });
    validate(xml);
    expect(xml).toContain('<testsuite name="k6 thresholds" tests="0" failures="0"');
    expect(xml).toContain('<testsuite name="checks" tests="0" failures="0"');
  });
});
