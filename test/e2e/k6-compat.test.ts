import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startHttpbin, type HttpbinServer } from '../support/httpbin-server.js';

/**
 * Scripts written the way k6 users write them (test/fixtures/k6: `k6/*`
 * imports, synchronous calls, k6 options), run unchanged through the real CLI
 * against a local httpbin-like server: request counts, checks, tags and exit
 * codes must be k6's.
 */
let server: HttpbinServer;
const dir = mkdtempSync(path.join(tmpdir(), 'llmload-k6-'));
beforeAll(async () => {
  server = await startHttpbin();
});
afterAll(() => server.close());

async function k6(script: string, extra: string[] = [], env: Record<string, string> = {}) {
  const exp = path.join(dir, `${script}.json`);
  const before = server.log.length;
  const r = await runCli(['run', '-q', '-e', `BASE_URL=${server.url}`, '--summary-export', exp, ...extra, `test/fixtures/k6/${script}`], { env });
  let summary: Record<string, any> = {};
  try {
    summary = JSON.parse(readFileSync(exp, 'utf8'));
  } catch {
    // no export: the run did not start
  }
  return { ...r, summary, requests: server.log.slice(before) };
}
const count = (s: Record<string, any>, key: string) => s.metrics[key]?.count ?? 0;
const failedChecks = (s: Record<string, any>) =>
  Object.values(s.root_group.checks as Record<string, { name: string; fails: number }>)
    .filter((c) => c.fails > 0)
    .map((c) => c.name);

describe('k6 scripts run unchanged', () => {
  it('thresholds: synchronous requests are really made and checked; the gate passes on real numbers', async () => {
    const r = await k6('thresholds.js');
    expect(r.code, r.stderr).toBe(0);
    const reqs = count(r.summary, 'http_reqs');
    // 3 VUs × 2 s with 0.1 s think time: ~20 iterations each, one request per iteration.
    expect(reqs).toBeGreaterThan(20);
    expect(reqs).toBeLessThan(80);
    expect(r.requests).toHaveLength(reqs);
    expect(r.summary.metrics.checks).toMatchObject({ fails: 0 });
    expect(r.summary.metrics.checks.passes).toBe(2 * reqs);
  });

  it('stages 0 → 5 VUs with sleep(0.2): never more than 5 requests at once', async () => {
    const r = await k6('stages.js');
    expect(r.code, r.stderr).toBe(0);
    expect(server.maxInFlight).toBeLessThanOrEqual(5);
    // ≤ 5 VUs, each ~4 iterations/s (50 ms + 0.2 s), for 4 s of ramp.
    expect(count(r.summary, 'http_reqs')).toBeGreaterThan(20);
    expect(count(r.summary, 'http_reqs')).toBeLessThan(5 * 4 * 4 + 5);
    expect(r.summary.metrics.vus_max.value).toBe(5);
  });

  it('custom metrics fed from res.timings and the body, with thresholds on tagged sub-metrics', async () => {
    const r = await k6('custom-metrics.js');
    expect(r.code, r.stderr).toBe(0);
    expect(r.summary.metrics.waiting_time.count ?? r.summary.metrics.iterations.count).toBe(12);
    expect(r.summary.metrics.big_responses.count).toBe(12);
    expect(r.summary.metrics.last_body_size.value).toBe(2048);
    expect(r.summary.metrics.fast_enough.value).toBe(1);
    expect(r.summary.metrics['big_responses{kind:bytes}'].thresholds).toEqual({ 'count==12': false });
  });

  it('tagging: request names, http.url templates, groups, tagged checks, exec.vu.tags', async () => {
    const file = path.join(dir, 'points.json');
    const r = await k6('tagging.js', ['--out', `json=${file}`]);
    expect(r.code, r.stderr).toBe(0);
    const points = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((p) => p.type === 'Point' && p.metric === 'http_reqs');
    expect(points).toHaveLength(8);
    const names = new Set(points.map((p) => p.data.tags.name));
    // k6 replaces every interpolation, the base URL too.
    expect(names).toEqual(new Set(['item-by-id', '${}/anything/reviews/${}']));
    for (const p of points)
      expect(p.data.tags).toMatchObject({
        group: '::catalog',
        suite: 'k6-compat',
        flavour: 'plain',
        method: 'GET',
        status: '200',
        expected_response: 'true',
        scenario: 'default',
      });
    expect(failedChecks(r.summary)).toEqual([]);
  });

  it('http verbs: a form POST arrives form-encoded, a JSON string as JSON, every verb answers', async () => {
    const r = await k6('http-verbs.js');
    expect(r.code, r.stderr).toBe(0);
    expect(failedChecks(r.summary)).toEqual([]);
    const form = r.requests.find((q) => q.method === 'POST')!;
    expect(form.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form.body.toString()).toBe('langs=js&name=Ada');
    expect(r.requests.map((q) => q.method)).toEqual(['POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'GET']);
  });

  it('cookies and redirects: the VU jar carries a cookie set behind a redirect; redirects: 0 stops', async () => {
    const r = await k6('cookies-redirects.js');
    expect(r.code, r.stderr).toBe(0);
    expect(failedChecks(r.summary)).toEqual([]);
    // Per iteration: /cookies/set → 302 → /cookies (2 requests, each hop recorded), then /redirect/2 unfollowed.
    expect(count(r.summary, 'http_reqs')).toBe(4 * 3);
  });

  it('batch, multipart upload with http.file, k6/encoding', async () => {
    const r = await k6('batch-upload.js');
    expect(r.code, r.stderr).toBe(0);
    expect(failedChecks(r.summary)).toEqual([]);
    expect(count(r.summary, 'http_reqs')).toBe(4);
  });

  it('setup/teardown and scenarios with their own exec functions', async () => {
    const r = await k6('lifecycle.js');
    expect(r.code, r.stderr).toBe(0);
    expect(failedChecks(r.summary)).toEqual([]);
    const paths = r.requests.map((q) => `${q.method} ${q.url.split('?')[0]}`);
    // setup once, readers 2 VUs × 3, writers 2 shared, teardown once.
    expect(paths.filter((p) => p === 'GET /headers')).toHaveLength(6);
    expect(paths.filter((p) => p === 'POST /anything')).toHaveLength(3);
    expect(paths.filter((p) => p === 'DELETE /anything')).toHaveLength(1);
    expect(paths[0]).toBe('POST /anything');
    expect(paths.at(-1)).toBe('DELETE /anything');
  });

  it('expectedStatuses decide http_req_failed, globally and per request', async () => {
    const r = await k6('response-callback.js');
    expect(r.code, r.stderr).toBe(0);
    expect(r.summary.metrics.http_req_failed).toMatchObject({ value: 0.25, passes: 2, fails: 6 });
  });

  it('k6 options: userAgent, discardResponseBodies, throw, minIterationDuration', async () => {
    const t0 = performance.now();
    const r = await k6('options.js');
    expect(r.code, r.stderr).toBe(0);
    expect(failedChecks(r.summary)).toEqual([]);
    expect(r.summary.metrics.iteration_duration.min).toBeGreaterThanOrEqual(300);
    expect(performance.now() - t0).toBeGreaterThan(600);
  });

  it('K6_* environment variables set options, as in k6', async () => {
    const r = await k6('k6-env.js', [], { K6_VUS: '2', K6_ITERATIONS: '6' });
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.summary, 'http_reqs')).toBe(6);
    expect(r.summary.metrics.vus_max.value).toBe(2);
  });

  it('a k6 module llmload does not have, or a k6 option it does not implement: exit 104 naming it', async () => {
    const mod = await k6('unsupported-module.js');
    expect(mod.code).toBe(104);
    expect(mod.stderr).toMatch(/unsupported-module\.js:2:\d+: module "k6\/ws" is not supported by llmload: WebSockets are not implemented/);
    const opt = await k6('unsupported-option.js');
    expect(opt.code).toBe(104);
    expect(opt.stderr).toContain('option "dns" is a k6 option llmload does not support');
    expect(opt.requests).toHaveLength(0);
  });
});
