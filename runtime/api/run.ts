import { createConsole, DISCARD, type RunConsole } from '../console.js';
import type { RunFlags } from '../cli/flags.js';
import { BUILTIN_PLUGINS } from '../plugin-host/builtin.js';
import { PluginRegistry } from '../plugin-host/plugin-registry.js';
import { createProgressCallback, type Progress } from '../progress.js';
import { runTest, type RunRequest } from '../run.js';
import { checkNodeFlags, checkRunOptions } from './check-options.js';
import { toRunResult } from './result.js';
import type { RunOptions, RunProgress, RunResult } from './types.js';

/**
 * Runs a test in this process, as `llmload run` would, and resolves with its
 * result. It never rejects for a failing run (bad options, a script error,
 * crossed thresholds, an abort): the result says what happened, with the
 * exit code the CLI would have exited with. It rejects only for arguments of
 * the wrong type. It writes nothing unless `quiet: false`, installs no
 * process-wide handler, never exits the process, and releases everything it
 * started (isolates, connections, timers, threads) before it resolves.
 *
 * @example
 *   const result = await run({ script: 'test.ts', mock: true, options: { vus: 2, duration: '5s' } });
 *   if (!result.ok) console.log(result.exitCode, result.error, result.thresholds);
 */
export async function run(options: RunOptions): Promise<RunResult> {
  checkRunOptions(options);
  const req = apiRequest(options, 'run()');
  return toRunResult(await runTest(req), req.con.messages);
}

/**
 * The run request run() and sweep() make from their options (after checking
 * them): flags, a console writing nothing unless `quiet: false`, the
 * built-in plugins plus the given objects, the mock, the AbortSignal and
 * onProgress. `who` names the caller in messages.
 */
export function apiRequest(options: RunOptions, who: string): RunRequest {
  checkNodeFlags();
  const flags = flagsOf(options);
  const cwd = options.cwd ?? process.cwd();
  const streams = flags.quiet ? { stdout: DISCARD, stderr: DISCARD } : {};
  const con = createConsole(flags, { ...streams, cwd, processEnv: options.systemEnv ? process.env : {} });
  const { signal, onProgress } = options;
  return {
    flags,
    plugins: new PluginRegistry(BUILTIN_PLUGINS),
    pluginObjects: (options.plugins ?? []).flatMap((p, i) => (typeof p === 'string' ? [] : [{ plugin: p, origin: `${who} plugins[${i}]` }])),
    con,
    mock: options.mock ? { input: options.mock === true ? {} : { ...options.mock }, where: `${who} mock` } : undefined,
    stopSources: signal ? (stop) => onAbort(signal, () => stop('the AbortSignal')) : undefined,
    progress: onProgress ? [guardedProgress(onProgress, con)] : [],
  };
}

/** run()'s options as the flags `llmload run` would have parsed (sweep() too). */
function flagsOf(o: RunOptions): RunFlags {
  const inline = typeof o.script === 'string' ? undefined : o.script;
  const quiet = o.quiet !== false;
  return {
    script: inline ? (inline.filename ?? 'inline.ts') : (o.script as string),
    source: inline?.source,
    env: Object.entries(o.env ?? {}).map(([k, v]) => `${k}=${v}`),
    out: o.outputs,
    summaryExport: o.summaryExport,
    summaryExportRaw: o.summaryExportRaw,
    summaryTrendStats: o.summaryTrendStats?.join(','),
    plugin: (o.plugins ?? []).filter((p): p is string => typeof p === 'string'),
    overrides: o.options,
    thresholds: true,
    setup: true,
    teardown: true,
    quiet,
    color: !quiet,
    includeSystemEnvVars: o.systemEnv === true,
    verbose: false,
    threads: o.threads,
  };
}

/** Calls `stop` when `signal` aborts (at once if it already has); returns the removal. */
function onAbort(signal: AbortSignal, stop: () => void): () => void {
  if (signal.aborted) {
    stop();
    return () => {};
  }
  signal.addEventListener('abort', stop, { once: true });
  return () => signal.removeEventListener('abort', stop);
}

/** A throwing onProgress must not break the run: it is reported once and not called again. */
function guardedProgress(onProgress: (p: RunProgress) => void, con: RunConsole): Progress {
  let broken = false;
  return createProgressCallback((p) => {
    if (broken) return;
    try {
      onProgress(p);
    } catch (err) {
      broken = true;
      con.warn(`onProgress threw (${err instanceof Error ? err.message : String(err)}); it is not called again`);
    }
  });
}
