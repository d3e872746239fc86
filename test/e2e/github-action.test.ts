import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, repoRoot, runCli } from '../support/cli.js';
import { startFakeGithub, type FakeGithub } from '../support/fake-github.js';

const REPO = 'acme/server';
const PR = 42;
const TOKEN = 'test-token';
const MARKER = '<!-- llmload-compare -->';
let tmp: string;
let gh: FakeGithub;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-action-'));
  // 100 other comments first: llmload's must be found on the second page.
  gh = await startFakeGithub(
    REPO,
    PR,
    TOKEN,
    Array.from({ length: 100 }, (_, i) => `LGTM ${i}`),
  );
});
afterAll(async () => {
  await gh.close();
  await rm(tmp, { recursive: true, force: true });
});

/** Runs runtime/ci/action-run.sh as the composite action does, with a pull_request event. */
function runAction(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [path.join(repoRoot, 'runtime/ci/action-run.sh')], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', LLMLOAD: `${process.execPath} ${binPath}`, ...env },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('the composite GitHub Action (action.yml, runtime/ci/action-run.sh) against a fake GitHub API', () => {
  it('action.yml is a composite action that runs runtime/ci/action-run.sh with its inputs', async () => {
    const action = parse(await readFile(path.join(repoRoot, 'action.yml'), 'utf8'));
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['scripts', 'args', 'baseline', 'noise', 'fail-on-regression', 'comment', 'github-token']),
    );
    const step = action.runs.steps.find((s: { id?: string }) => s.id === 'run');
    expect(step.run).toContain('runtime/ci/action-run.sh');
    for (const input of ['scripts', 'args', 'baseline', 'noise', 'fail-on-regression', 'comment', 'results-dir']) {
      expect(step.env[`INPUT_${input.toUpperCase().replace(/-/g, '_')}`]).toBe(`\${{ inputs.${input} }}`);
    }
  });

  it('first run creates one PR comment; the second, with the first as baseline, updates the same comment', async () => {
    const event = path.join(tmp, 'event.json');
    await writeFile(event, JSON.stringify({ pull_request: { number: PR } }));
    const common = {
      INPUT_SCRIPTS: 'scripts/chat.ts',
      INPUT_ARGS: '--mock -e DURATION=2s -e RATE=4',
      INPUT_NOISE: '5%',
      INPUT_FAIL_ON_REGRESSION: 'false',
      INPUT_COMMENT: 'true',
      GITHUB_TOKEN: TOKEN,
      GITHUB_REPOSITORY: REPO,
      GITHUB_API_URL: gh.url,
      GITHUB_EVENT_PATH: event,
      GITHUB_EVENT_NAME: 'pull_request',
    };
    const first = await runAction({ ...common, INPUT_BASELINE: '', INPUT_RESULTS_DIR: path.join(tmp, 'base'), GITHUB_OUTPUT: path.join(tmp, 'out1') });
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/github-comment: created comment \d+/);
    const mine = gh.comments.filter((c) => c.body.startsWith(MARKER));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toContain('### `scripts/chat.ts`: passed');
    expect(mine[0]!.body).toContain('_No baseline to compare with._');
    expect(await readFile(path.join(tmp, 'out1'), 'utf8')).toContain('exit_code=0');
    for (const f of ['chat.json', 'chat.html', 'chat.xml']) await expect(readFile(path.join(tmp, 'base', f))).resolves.toBeTruthy();

    const second = await runAction({
      ...common,
      INPUT_BASELINE: path.join(tmp, 'base'),
      INPUT_RESULTS_DIR: path.join(tmp, 'cur'),
      GITHUB_OUTPUT: path.join(tmp, 'out2'),
    });
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain(`github-comment: updated comment ${mine[0]!.id}`);
    const after = gh.comments.filter((c) => c.body.startsWith(MARKER));
    expect(after).toHaveLength(1);
    expect(after[0]!.id).toBe(mine[0]!.id);
    expect(after[0]!.body).toMatch(/\| TTFT p95 \| [^|]+ \| [^|]+ \| [+-]?[\d.]+% \| (✗ regression|✓ better|= same) \|/);
    expect(gh.comments).toHaveLength(101);
    // Paged: the second listing page was asked for, every call carried the token.
    expect(gh.requests.some((r) => r.method === 'GET' && r.path.includes('page=2'))).toBe(true);
    expect(gh.requests.every((r) => r.auth === `Bearer ${TOKEN}`)).toBe(true);
  }, 120_000);

  it('github-comment: a bad token is exit 109 naming the HTTP status; outside a pull request it does nothing', async () => {
    const body = path.join(tmp, 'body.md');
    await writeFile(body, 'hello');
    const env = { GITHUB_REPOSITORY: REPO, GITHUB_API_URL: gh.url, GITHUB_EVENT_PATH: '' };
    const bad = await runCli(['github-comment', body, '--pr', String(PR)], { env: { ...env, GITHUB_TOKEN: 'wrong' } });
    expect(bad.code).toBe(109);
    expect(bad.stderr).toContain('HTTP 401');
    const none = await runCli(['github-comment', body], { env: { ...env, GITHUB_TOKEN: TOKEN } });
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('not a pull request event');
  });
});
