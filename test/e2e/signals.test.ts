// Signals through the commands users type: `npx llmload`, `node_modules/.bin/llmload`
// (the shebang) and `node runtime/bin/llmload.js` (the re-spawning wrapper).
// A terminal's Ctrl-C reaches the whole foreground process group, so SIGINT is
// sent to the group of a detached (own session) launch; a CI cancel or
// `timeout` sends SIGTERM to the top process only.
import { type ChildProcess, execFileSync, execSync, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { existsSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { binPath, repoRoot } from '../support/cli.js';

type Via = 'npx' | 'bin' | 'node' | 'sh';

let tmp: string;
let dotBin: string;
let seq = 0;
const markers: string[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-signals-'));
  // `npm ci` links a package's own bin into node_modules/.bin only in some npm
  // versions; the same symlink elsewhere is the same launch.
  dotBin = path.join(repoRoot, 'node_modules/.bin/llmload');
  if (!existsSync(dotBin)) {
    dotBin = path.join(tmp, '.bin/llmload');
    await mkdir(path.dirname(dotBin));
    await symlink(binPath, dotBin);
  }
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});
afterEach(() => {
  // A failed test must not leave its llmload running (our own pids only).
  for (const m of markers.splice(0)) for (const p of processesWith(m)) killQuietly(p.pid);
});

interface Proc {
  child: ChildProcess;
  out: { stdout: string; stderr: string };
  /** Resolves when the top process exits; `at` is Date.now() then. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Resolves when every holder of its stdout/stderr (an orphan too) is gone. */
  closed: Promise<void>;
  waitFor(text: string): Promise<void>;
}

interface PsLine {
  pid: number;
  ppid: number;
  args: string;
}

/** Every process whose command line names `marker` (the test's own copy of the script). */
function processesWith(marker: string): PsLine[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(marker))
    .map((l) => {
      const [pid, ppid, ...args] = l.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), args: args.join(' ') };
    })
    .filter((p) => p.pid !== process.pid);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Polls until no process names `marker`; the ms it took, or the leftovers after `limitMs`. */
async function goneAfter(marker: string, since: number, limitMs: number): Promise<{ ms: number; left: PsLine[] }> {
  for (;;) {
    const left = processesWith(marker);
    const ms = Date.now() - since;
    if (left.length === 0 || ms > limitMs) return { ms, left };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A fresh copy of the looping scenario: its path marks this test's processes in `ps`. */
async function scenario(): Promise<{ script: string; marker: string; summary: string }> {
  const marker = `signal-loop-${process.pid}-${++seq}`;
  const script = path.join(tmp, `${marker}.ts`);
  await copyFile(path.join(repoRoot, 'test/fixtures/e2e/signal-loop.ts'), script);
  markers.push(marker);
  return { script, marker, summary: path.join(tmp, `${marker}.json`) };
}

function start(via: Via, args: string[], env: Record<string, string> = {}): Proc {
  const launch: Record<Via, [string, string[]]> = {
    npx: ['npx', ['llmload', ...args]],
    bin: [dotBin, args],
    node: [process.execPath, [binPath, ...args]],
    sh: ['sh', args],
  };
  const [file, argv] = launch[via];
  const child = spawn(file, argv, {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, as a terminal's foreground job
  });
  const out = { stdout: '', stderr: '' };
  const waiters: { text: string; resolve: () => void }[] = [];
  const check = () => {
    for (const w of waiters.splice(0)) {
      if ((out.stdout + out.stderr).includes(w.text)) w.resolve();
      else waiters.push(w);
    }
  };
  child.stdout!.on('data', (d: Buffer) => ((out.stdout += d.toString()), check()));
  child.stderr!.on('data', (d: Buffer) => ((out.stderr += d.toString()), check()));
  child.stdout!.on('error', () => {});
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${text}" within 20s:\n${out.stdout}\n${out.stderr}`)), 20_000);
      waiters.push({ text, resolve: () => (clearTimeout(timer), resolve()) });
      check();
    });
  return { child, out, exited, closed, waitFor };
}

const runArgs = (s: { script: string; summary: string }) => ['run', '-q', '--summary-export', s.summary, s.script];

/** The process group, as a terminal's Ctrl-C. */
const ctrlC = (p: Proc) => process.kill(-p.child.pid!, 'SIGINT');

async function expectGracefulSummary(p: Proc, summaryFile: string): Promise<void> {
  expect(p.out.stderr).toContain('teardown ran');
  expect(p.out.stdout).toContain('iterations');
  const s = JSON.parse(await readFile(summaryFile, 'utf8'));
  expect(s.metrics.iterations.count).toBeGreaterThanOrEqual(2);
}

/** npm runs a package's bin through `sh -c`; dash (Debian, Ubuntu) has no "wait and cooperative exit". */
function shIsDash(): boolean {
  return path.basename(realpathSync(execSync('command -v sh', { encoding: 'utf8', shell: '/bin/sh' }).trim())) === 'dash';
}
const hasBash = (() => {
  try {
    execFileSync('bash', ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
})();

describe('signals through the launch commands', () => {
  it("npx resolves the repository's own bin; npx and node runtime/bin/llmload.js start Node with llmload's flags", async () => {
    const { NODE_FLAGS } = (await import(pathToFileURL(path.join(repoRoot, 'runtime/bin/node-flags.js')).href)) as { NODE_FLAGS: string[] };
    for (const via of ['npx', 'node'] as const) {
      const s = await scenario();
      const p = start(via, runArgs(s), { npm_config_script_shell: 'sh' });
      await p.waitFor('looping');
      const node = processesWith(s.marker).find((l) => /\bnode\b.*--no-node-snapshot/.test(l.args));
      expect(node, JSON.stringify(processesWith(s.marker))).toBeDefined();
      const argv = node!.args.split(' ');
      const bin = argv.find((a) => a.endsWith('/llmload') || a.endsWith('/llmload.js'))!;
      expect(realpathSync(bin)).toBe(realpathSync(binPath));
      for (const flag of NODE_FLAGS) expect(argv.slice(0, argv.indexOf(bin)), via).toContain(flag);
      ctrlC(p);
      await p.exited;
    }
  }, 60_000);

  it('no command prints the usage on stdout and exits 0 (npx llmload, node runtime/bin/llmload.js)', async () => {
    for (const via of ['npx', 'node'] as const) {
      const p = start(via, []);
      const { code } = await p.exited;
      await p.closed;
      expect(code, p.out.stderr).toBe(0);
      expect(p.out.stdout).toContain('llmload run <script>');
      expect(p.out.stderr).toBe('');
    }
  }, 40_000);

  for (const via of ['bin', 'node'] as const) {
    it(`${via}: Ctrl-C (SIGINT to the process group) stops gracefully with 105, summary written`, async () => {
      const s = await scenario();
      const p = start(via, runArgs(s));
      await p.waitFor('looping');
      ctrlC(p);
      const { code } = await p.exited;
      await p.closed;
      expect(code, p.out.stderr).toBe(105);
      expect(p.out.stderr.match(/received SIGINT/g)).toHaveLength(1);
      await expectGracefulSummary(p, s.summary);
    }, 40_000);

    it(`${via}: SIGTERM to the top process stops gracefully with 105 and leaves no process`, async () => {
      const s = await scenario();
      const p = start(via, runArgs(s));
      await p.waitFor('looping');
      p.child.kill('SIGTERM');
      const { code, at } = await p.exited;
      const gone = await goneAfter(s.marker, at, 5000);
      console.log(`[signals] ${via} SIGTERM: processes gone ${gone.ms} ms after the top process exited`);
      expect(gone.left).toEqual([]);
      expect(code, p.out.stderr).toBe(105);
      await p.closed;
      await expectGracefulSummary(p, s.summary);
    }, 40_000);
  }

  it('npx: Ctrl-C stops llmload gracefully (summary written); npx reports 130 under dash, 105 otherwise', async () => {
    const s = await scenario();
    const p = start('npx', runArgs(s), { npm_config_script_shell: 'sh' });
    await p.waitFor('looping');
    ctrlC(p);
    const { code, signal } = await p.exited;
    await p.closed;
    // dash kills itself with SIGINT once llmload exits; npm re-raises its child's signal.
    if (shIsDash()) expect(signal ?? code, p.out.stderr).toBe('SIGINT');
    else expect(code, p.out.stderr).toBe(105);
    expect(p.out.stderr.match(/received SIGINT/g)).toHaveLength(1);
    await expectGracefulSummary(p, s.summary);
  }, 40_000);

  it.skipIf(!hasBash)(
    'npx with script-shell=bash: one Ctrl-C arrives twice (terminal + npm) and still stops gracefully with 105',
    async () => {
      const s = await scenario();
      const p = start('npx', runArgs(s), { npm_config_script_shell: 'bash' });
      await p.waitFor('looping');
      ctrlC(p);
      const { code } = await p.exited;
      await p.closed;
      expect(code, p.out.stderr).toBe(105);
      expect(p.out.stderr).not.toContain('stopping now');
      await expectGracefulSummary(p, s.summary);
    },
    40_000,
  );

  it('npx: SIGTERM to npx (not forwarded to llmload) leaves no process within 5 s, and the stop is graceful', async () => {
    const s = await scenario();
    const p = start('npx', runArgs(s), { npm_config_script_shell: 'sh' });
    await p.waitFor('looping');
    p.child.kill('SIGTERM');
    const { at } = await p.exited;
    const gone = await goneAfter(s.marker, at, 5000);
    console.log(`[signals] npx SIGTERM: processes gone ${gone.ms} ms after npx exited`);
    expect(gone.left).toEqual([]);
    await p.closed;
    expect(p.out.stderr).toMatch(/parent process \d+ exited: stopping gracefully/);
    await expectGracefulSummary(p, s.summary);
  }, 40_000);

  it('node: the wrapper SIGKILLed leaves no process within 5 s, and the stop is graceful', async () => {
    const s = await scenario();
    const p = start('node', runArgs(s));
    await p.waitFor('looping');
    p.child.kill('SIGKILL');
    const { at } = await p.exited;
    const gone = await goneAfter(s.marker, at, 5000);
    console.log(`[signals] node wrapper SIGKILL: processes gone ${gone.ms} ms after the wrapper died`);
    expect(gone.left).toEqual([]);
    await p.closed;
    await expectGracefulSummary(p, s.summary);
  }, 40_000);

  it("node: the wrapper's own parent SIGKILLed leaves no process within 5 s, and the stop is graceful", async () => {
    const s = await scenario();
    // `; true` keeps sh waiting as the wrapper's parent instead of exec'ing it.
    const cmd = [process.execPath, binPath, ...runArgs(s)].map((a) => `'${a}'`).join(' ');
    const p = start('sh', ['-c', `${cmd}; true`]);
    await p.waitFor('looping');
    p.child.kill('SIGKILL');
    const { at } = await p.exited;
    const gone = await goneAfter(s.marker, at, 5000);
    console.log(`[signals] node wrapper's parent SIGKILL: processes gone ${gone.ms} ms after that parent died`);
    expect(gone.left).toEqual([]);
    await p.closed;
    await expectGracefulSummary(p, s.summary);
  }, 40_000);

  it('bin: a reader that went away (EPIPE on stdout and stderr) keeps exit 105 and the summary export', async () => {
    const s = await scenario();
    const p = start('bin', runArgs(s));
    await p.waitFor('looping');
    p.child.stdout!.destroy();
    p.child.stderr!.destroy();
    ctrlC(p);
    const { code } = await p.exited;
    expect(code).toBe(105);
    expect((await stat(s.summary)).size).toBeGreaterThan(0);
  }, 40_000);
});
