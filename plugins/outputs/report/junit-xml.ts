import type { OutputFinal } from 'llmload/plugin';

interface CheckNode {
  name: string;
  path: string;
  passes: number;
  fails: number;
}
interface GroupNode {
  checks?: CheckNode[];
  groups?: GroupNode[];
}

/** XML 1.0 text and attribute values: the five entities, and no characters XML cannot hold. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function checksOf(g: GroupNode | undefined, out: CheckNode[] = []): CheckNode[] {
  for (const c of g?.checks ?? []) out.push(c);
  for (const sub of g?.groups ?? []) checksOf(sub, out);
  return out;
}

function observed(t: OutputFinal['thresholds'][number]): string {
  if (t.empty) return 'the metric got no samples';
  return t.observed === undefined ? 'not evaluated' : `observed ${t.aggregation}=${Number(t.observed.toPrecision(6))}`;
}

/**
 * Two testsuites: `k6 thresholds` (a testcase per threshold, `<metric> - <expression>`,
 * failing with the observed value: the suite and testcase names of k6's jslib
 * summary `jUnit()`, so a CI's test history carries over from k6) and `checks`
 * (a testcase per check, by its group path, failing when it had fails). The shape of the common JUnit XSD
 * (Jenkins/Ant): testsuites > testsuite > testcase > failure.
 */
export function junitXml(input: { testid: string; final: OutputFinal }): string {
  const { final } = input;
  const seconds = (final.testRunDurationMs / 1000).toFixed(3);
  const timestamp = new Date(final.startTime).toISOString().slice(0, 19);
  const ths = final.thresholds;
  const thFailed = ths.filter((t) => !t.ok).length;
  const thCases = ths.map((t) => {
    const name = xmlEscape(`${t.metric} - ${t.threshold}`);
    if (t.ok) return `    <testcase name="${name}"/>`;
    const msg = xmlEscape(`${t.threshold} failed: ${observed(t)}`);
    return `    <testcase name="${name}">\n      <failure message="${msg}" type="threshold">${msg}</failure>\n    </testcase>`;
  });
  const checks = checksOf(final.summary.root_group as GroupNode | undefined);
  const ckFailed = checks.filter((c) => c.fails > 0).length;
  const ckCases = checks.map((c) => {
    const name = xmlEscape(c.path.replace(/^::/, '').replace(/::/g, ' › ') || c.name);
    if (c.fails === 0) return `    <testcase name="${name}"/>`;
    const msg = xmlEscape(`${c.fails} of ${c.passes + c.fails} failed`);
    return `    <testcase name="${name}">\n      <failure message="${msg}" type="check">${msg}</failure>\n    </testcase>`;
  });
  const suite = (name: string, tests: number, failures: number, cases: string[]) =>
    `  <testsuite name="${name}" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${seconds}" timestamp="${timestamp}">\n` +
    (cases.length > 0 ? `${cases.join('\n')}\n` : '') +
    '  </testsuite>';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="llmload ${xmlEscape(input.testid)}" tests="${ths.length + checks.length}" failures="${thFailed + ckFailed}" errors="0" time="${seconds}">\n` +
    `${suite('k6 thresholds', ths.length, thFailed, thCases)}\n` +
    `${suite('checks', checks.length, ckFailed, ckCases)}\n` +
    '</testsuites>\n'
  );
}
