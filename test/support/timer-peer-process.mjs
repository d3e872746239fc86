/**
 * The machine's own timer floor, for timing tests on shared VMs: a bare Node
 * process that sleeps until each time in a schedule and records how late it
 * woke. Run beside llmload with the same schedule, it shows what any
 * timer-driven sender could do on this machine at that moment.
 *
 * Usage: node timer-peer-process.mjs <schedule.json>. The schedule is an array of ms
 * offsets; the clock starts at the first line on stdin; the lateness of each
 * time (ms) is printed as a JSON array on stdout.
 */
import { readFileSync } from 'node:fs';

const at = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const late = [];

function next(t0, i) {
  if (i === at.length) {
    process.stdout.write(JSON.stringify(late));
    return;
  }
  setTimeout(
    () => {
      late.push(performance.now() - (t0 + at[i]));
      next(t0, i + 1);
    },
    Math.max(0, t0 + at[i] - performance.now()),
  );
}

process.stdin.once('data', () => {
  process.stdin.pause();
  next(performance.now(), 0);
});
