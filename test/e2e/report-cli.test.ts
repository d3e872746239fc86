import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { runCli } from '../support/cli.js';

let tmp: string;
let browser: Browser | undefined;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-report-cli-'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('llmload report', () => {
  it('a summary export + a sweep.json + --baseline: one file whose sweep charts draw and whose SLO box judges the steps', async () => {
    const file = path.join(tmp, 'sweep.html');
    const r = await runCli([
      'report',
      'test/fixtures/compare/ttft-plus-10.json',
      'test/fixtures/report/sweep.json',
      '--baseline',
      'test/fixtures/compare/baseline.json',
      '-o',
      file,
    ]);
    expect(r.stderr).toContain('report: wrote');
    expect(r.code).toBe(0);
    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    if (!browser) return;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-ready="1"]');
    expect(errors).toEqual([]);
    const drawn = await page.$$eval('#sweep .chart', (els) => els.map((e) => e.getAttribute('data-drawn')));
    expect(drawn).toEqual(['1', '1', '1', '1']);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText keeps the page's layout (cells apart, lines) that the assertions read
    const text = await page.innerText('#report');
    expect(text).toContain('step 3: 19.8 good req/s at 20'); // max goodput marker
    expect(text).toMatch(/Pareto steps\s+1, 2, 3, 4/);
    // The comparison with the baseline: TTFT p95 200 ms → 220 ms.
    expect(text).toMatch(/TTFT p95\s+200\.0 ms\s+220\.0 ms\s+\+10\.0 %\s+regression/);
    // No limit typed: every step passes the reader's SLOs; TTFT p95 ≤ 100 ms leaves steps 1 and 2.
    const verdicts = () => page.$$eval('td[data-step]', (els) => els.map((e) => e.textContent));
    expect(await verdicts()).toEqual(['✓', '✓', '✓', '✓']);
    await page.fill('input[data-slo="ttft"]', '100');
    expect(await verdicts()).toEqual(['✓', '✓', '✗', '✗']);
    await page.fill('input[data-slo="fail"]', '0.5');
    await page.fill('input[data-slo="ttft"]', '');
    expect(await verdicts()).toEqual(['✓', '✓', '✗', '✗']);
    await page.close();
  });

  it('an HTML report is read back (its embedded data) and rewritten; unknown files are 104', async () => {
    const first = path.join(tmp, 'first.html');
    expect((await runCli(['report', 'test/fixtures/compare/baseline.json', '-o', first])).code).toBe(0);
    const again = path.join(tmp, 'again.html');
    expect((await runCli(['report', first, '-o', again])).code).toBe(0);
    const data = (f: string) => readFile(f, 'utf8').then((t) => JSON.parse(/<script type="application\/json" id="llmload-data">(.*?)<\/script>/s.exec(t)![1]!));
    expect((await data(again)).summary).toEqual((await data(first)).summary);
    const bad = await runCli(['report', 'package.json', '-o', path.join(tmp, 'x.html')]);
    expect(bad.code).toBe(104);
    expect(bad.stderr).toContain('is not a --summary-export file, a sweep.json or an llmload HTML report');
  });
});
