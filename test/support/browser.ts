import { chromium, type Browser } from 'playwright-core';
import { requireService } from './services.js';

/** What a report looked like in the browser. */
export interface PageCheck {
  /** Console errors, page errors, and any request that left the file (a report must need nothing else). */
  errors: string[];
  /** Each chart: its title, whether uPlot drew it, its canvases. */
  charts: Array<{ title: string; drawn: boolean; canvases: number }>;
  /** Section ids in page order. */
  sections: string[];
  /** Text of the page (tables, tiles). */
  text: string;
}

/**
 * Debian's `chromium` (never a downloaded browser), driven headless by
 * playwright-core. Undefined (skip) when it is not installed; under CI=true a
 * missing chromium fails instead (.ci/run installs it).
 */
export async function launchChromium(): Promise<Browser | undefined> {
  const executablePath = requireService('chromium', 'chromium');
  if (!executablePath) return undefined;
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
}

/** Opens a report from disk, waits for its script to finish, and takes a screenshot when `screenshot` names a file. */
export async function openReport(browser: Browser, file: string, screenshot?: string): Promise<PageCheck> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => void (!r.url().startsWith('file:') && !r.url().startsWith('data:') && errors.push(`request to ${r.url()}`)));
  await page.goto(`file://${file}`);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 15_000 });
  const charts = await page.$$eval('.chart', (els) =>
    els.map((e) => ({
      title: e.previousElementSibling?.textContent ?? '',
      drawn: e.getAttribute('data-drawn') === '1',
      canvases: e.querySelectorAll('canvas').length,
    })),
  );
  const sections = await page.$$eval('#report > section', (els) => els.map((e) => e.id));
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText keeps the page's layout (cells apart, lines) that the assertions read
  const text = await page.innerText('#report');
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  return { errors, charts, sections, text };
}
