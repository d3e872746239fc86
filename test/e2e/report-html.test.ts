import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openReport } from '../support/browser.js';
import { repoRoot, runCli } from '../support/cli.js';
import { requireService } from '../support/services.js';

const XSD = path.join(repoRoot, 'test/fixtures/junit/junit.xsd');
const FAILING = 'test/fixtures/report/failing.ts';
let tmp: string;
let browser: Browser | undefined;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-report-'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rm(tmp, { recursive: true, force: true });
});

const out = (f: string) => path.join(tmp, f);

/** Every src= and href= in the file that points at the network. */
function networkRefs(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\/[^"'\s>]*/gi)].map((m) => m[0]);
}

describe('--out html (a real mock run, opened in headless Chromium)', () => {
  it('scripts/chat.ts writes one self-contained file: no network reference, 0 console errors, every chart drew', async () => {
    // With the mock's fake GPU and vLLM metrics: the GPU and server panels, and energy per token.
    const telemetry = ['--gpu-telemetry', '/dcgm/metrics', '--server-metrics', '/metrics'];
    const r = await runCli(['run', '--mock', '-q', ...telemetry, '-e', 'DURATION=3s', '-e', 'RATE=4', '--out', `html=${out('chat.html')}`, 'scripts/chat.ts']);
    expect(r.code, r.stderr).toBe(0);
    const html = await readFile(out('chat.html'), 'utf8');
    expect(networkRefs(html)).toEqual([]);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).toContain('<script type="application/json" id="llmload-data">');
    if (!browser) return; // chromium missing outside CI (under CI=true launchChromium throws)
    const page = await openReport(browser, out('chat.html'), out('chat.png'));
    expect(page.errors).toEqual([]);
    const titles = page.charts.map((c) => c.title);
    for (const t of ['VUs and requests in flight', 'Request rate (ended per second)', 'Time to first token (TTFT)', 'Inter-token latency (ITL)']) {
      expect(titles).toContain(t);
    }
    for (const t of ['Time per output token (TPOT)', 'End-to-end latency (E2E)', 'Tokens per second', 'TTFT', 'E2E', 'Input tokens', 'Output tokens']) {
      expect(titles).toContain(t);
    }
    for (const c of page.charts) expect(c, c.title).toMatchObject({ drawn: true, canvases: 1 });
    expect(page.sections).toEqual(
      expect.arrayContaining(['tiles', 'thresholds', 'checks', 'timeseries', 'gpu_panels', 'server_panels', 'distributions', 'metrics']),
    );
    expect(titles).toContain('gpu_utilization');
    expect(titles).toContain('server_requests_running');
    expect(page.text).toMatch(/ENERGY \/ TOKEN\s+[\d.]+ mJ/i);
    expect(page.text).toContain('llm_ttft');
    expect(page.text).toContain('p(95)<500');
    expect(page.text).toContain('llmload-mock');
  });

  it('a failing threshold and a failing check: JUnit valid against the XSD with one <failure> each; the HTML shows ✗', async () => {
    const r = await runCli(
      ['run', '--mock', '-q', '--out', `junit=${out('f.xml')}`, '--out', `html=${out('f.html')}`, '--summary-export', out('f.json'), FAILING],
      {
        env: { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: out('no-summary.md') },
      },
    );
    expect(r.code).toBe(99);
    expect(r.stderr).not.toContain('running:'); // -q
    const xml = await readFile(out('f.xml'), 'utf8');
    const xmllint = requireService('xmllint', 'libxml2-utils');
    if (xmllint) execFileSync(xmllint, ['--noout', '--schema', XSD, out('f.xml')], { stdio: 'pipe' });
    expect(xml).toMatch(/<testcase name="llm_ttft - p\(95\)&lt;0\.001">\s*<failure message="p\(95\)&lt;0\.001 failed: observed p\(95\)=[\d.]+"/);
    expect(xml).toContain('<testcase name="llm_ttft - p(50)&lt;60000"/>');
    expect(xml).toContain('<testcase name="llm_req_failed - rate&lt;0.5"/>');
    expect(xml).toMatch(/<testcase name="never true">\s*<failure message="20 of 20 failed"/);
    expect(xml).toContain('<testcase name="ok"/>');
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toMatch(/<testsuites [^>]*tests="5" failures="2"/);
    // Without GITHUB_ACTIONS: no annotation, no step summary.
    expect(r.stdout).not.toMatch(/^::/m);
    await expect(readFile(out('no-summary.md'))).rejects.toThrow(/ENOENT/);
    if (!browser) return;
    const page = await openReport(browser, out('f.html'));
    expect(page.errors).toEqual([]);
    expect(page.text).toMatch(/✗\s+llm_ttft\s+p\(95\)<0\.001/);
    expect(page.text).toMatch(new RegExp(`${FAILING.replace(/[./]/g, '\\$&')}:12`));
  });

  it('GITHUB_ACTIONS=true with --baseline (the earlier HTML report): one ::error per failed threshold, the step summary, outputs, and the overlay', async () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: out('step.md'), GITHUB_OUTPUT: out('gh-out.txt') };
    const r = await runCli(['run', '--mock', '--baseline', out('f.html'), '--out', `html=${out('g.html')}`, FAILING], { env });
    expect(r.code).toBe(99);
    // Not a TTY and no -q: the progress block is printed plainly (every 10 s, and once at the end).
    expect(r.stderr).toMatch(/^running: chat +\[=+\] done +00m02\.0s\/00m02\.0s +\d+ VUs +20 iters +10\/s$/m);
    expect(r.stderr).toMatch(/^running: llm +[\d.]+ req\/s +0 in flight +TTFT p95 \(10s\) \S+ +errors 0\/20$/m);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^::error file=test\/fixtures\/report\/failing\.ts,line=12,title=threshold llm_ttft::threshold 'p\(95\)<0\.001' on llm_ttft failed: observed p\(95\)=[\d.]+$/,
    );
    const step = await readFile(out('step.md'), 'utf8');
    expect(step).toContain('| ✗ | `llm_ttft` | `p(95)<0.001` |');
    expect(step).toContain('| ✓ | `llm_req_failed` | `rate<0.5` |');
    expect(step).toContain('| TTFT p95 |');
    const ghOut = await readFile(out('gh-out.txt'), 'utf8');
    expect(ghOut).toContain('exit_code=99\n');
    expect(ghOut).toMatch(/^testid=\d{8}-\d{6}-[0-9a-f]{4}$/m);
    expect(ghOut).toMatch(/^ttft_p95_ms=[\d.]+$/m);
    // The text summary has the comparison.
    expect(r.stdout).toContain(`BASELINE (${out('f.html')})`);
    expect(r.stdout).toMatch(/TTFT p95\s+\S+\s+\S+\s+[+-][\d.]+%/);
    if (!browser) return;
    const page = await openReport(browser, out('g.html'), out('baseline.png'));
    expect(page.errors).toEqual([]);
    expect(page.sections).toContain('comparison');
    for (const c of page.charts) expect(c, c.title).toMatchObject({ drawn: true });
    expect(page.text).toContain('(baseline)');
  });
});
