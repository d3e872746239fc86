#!/usr/bin/env -S node --no-node-snapshot
// The `llmload` bin. isolated-vm needs `--no-node-snapshot` on Node >= 20. The
// shebang passes it when the bin is run directly (npx, node_modules/.bin);
// `node runtime/bin/llmload.js` re-runs itself with it. Users never type it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');

if (process.execArgv.includes('--no-node-snapshot')) {
  if (process.channel) {
    // Re-run by the parent below: if it dies without forwarding a signal
    // (SIGKILL, a test runner killing its workers), do not outlive it.
    process.channel.unref();
    process.on('disconnect', () => process.exit(105));
  }
  await import(cli);
} else {
  // The child gets its own process group so that a terminal's Ctrl-C reaches
  // it exactly once, through us (a second Ctrl-C means "stop now").
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--no-node-snapshot', ...process.execArgv, self, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (child.exitCode === null) child.kill(sig);
    });
  }
  process.on('exit', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 105 : 255);
  });
}
