import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LlmloadError, REPORT_DATA_ID } from 'llmload/plugin';
import type { ReportData } from './report-data.js';

/** The page's own scripts, in order (they share one scope), beside its stylesheet under page/. */
const PAGE_SCRIPTS = ['charts.js', 'tables.js', 'sweep.js', 'app.js'];

interface Assets {
  uplotJs: string;
  uplotCss: string;
  pageJs: string;
  pageCss: string;
}

let cached: Assets | undefined;

/**
 * Reads uPlot (from node_modules) and the page's scripts once per process:
 * they are inlined into every report, which then needs nothing but itself.
 */
function assets(): Assets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const pageDir = path.join(packageRoot(), 'plugins', 'outputs', 'report', 'page');
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new LlmloadError('ERR_OUTPUT', `html report: cannot read ${file}: ${(err as Error).message}`);
    }
  };
  cached = {
    uplotJs: read(require.resolve('uplot/dist/uPlot.iife.min.js')),
    uplotCss: read(require.resolve('uplot/dist/uPlot.min.css')),
    pageJs: PAGE_SCRIPTS.map((f) => read(path.join(pageDir, f))).join('\n'),
    pageCss: read(path.join(pageDir, 'style.css')),
  };
  return cached;
}

/** llmload's package root, from this module's place (the sources, or dist/ once built). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'llmload') return dir;
    } catch {
      // not here: one level up
    }
    const up = path.dirname(dir);
    if (up === dir) throw new LlmloadError('ERR_OUTPUT', 'html report: cannot find the llmload package (its page scripts)');
    dir = up;
  }
}

/** Inline `<script>` text must not contain `</script`; JSON also keeps `<!--` harmless this way. */
function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/**
 * The whole report as one HTML file: uPlot's JS and CSS, the page's scripts
 * and the data, all inline, and no reference to anything outside the file.
 */
export function renderReportHtml(data: ReportData): string {
  const a = assets();
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="llmload ${escapeHtml(data.meta.llmloadVersion)}">
<title>llmload report: ${escapeHtml(data.meta.testid)}</title>
<style>${a.uplotCss}</style>
<style>${a.pageCss}</style>
</head>
<body>
<main id="report"></main>
<script type="application/json" id="${REPORT_DATA_ID}">${json}</script>
<script>${scriptSafe(a.uplotJs)}</script>
<script>
(function () {
'use strict';
${scriptSafe(a.pageJs)}
})();
</script>
</body>
</html>
`;
}
