#!/usr/bin/env -S node --no-node-snapshot --no-memory-reducer
// The `llmload` bin. Node's flags for llmload (./node-flags.js; isolated-vm
// needs `--no-node-snapshot` on Node >= 20): the shebang passes them when the
// bin is run directly (npx, node_modules/.bin); `node runtime/bin/llmload.js`
// re-runs itself with them. Users never type them.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { NODE_FLAGS } from './node-flags.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');
// Same values as runtime/parent-watch.ts (this file is not bundled).
const PARENT_POLL_MS = 500;
const PARENT_GONE_DEADLINE_MS = 30_000;

if (process.execArgv.includes('--no-node-snapshot')) {
  // A reader that went away (a closed pipe, a cancelled CI log) must not turn
  // the last summary line into a crash that replaces the exit code.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  if (process.channel) {
    // Re-run by the parent below: if it dies without forwarding a signal
    // (SIGKILL, a test runner killing its workers), do not outlive it. `run`
    // watches the channel itself and stops gracefully (runtime/signals.ts);
    // the other commands get a SIGTERM. The deadline bounds a stop that hangs.
    process.channel.unref();
    process.once('disconnect', () => {
      setTimeout(() => process.exit(105), PARENT_GONE_DEADLINE_MS).unref();
      if (process.listenerCount('disconnect') === 0) process.kill(process.pid, 'SIGTERM');
    });
  }
  await import(cli);
} else {
  // The child gets its own process group so that a terminal's Ctrl-C reaches
  // it exactly once, through us (a second Ctrl-C means "stop now").
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...NODE_FLAGS, ...process.execArgv, self, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const forward = (sig) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => forward(sig));
  // Our own parent dying without a signal (SIGKILLed, npx SIGTERMed) must not
  // leave the child running in its own group, out of reach of the terminal.
  const ppid = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === ppid) return;
    clearInterval(watch);
    forward('SIGTERM');
  }, PARENT_POLL_MS);
  watch.unref();
  process.on('exit', () => forward('SIGKILL'));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 105 : 255);
  });
}
