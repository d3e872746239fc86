/**
 * Noticing that the process that started llmload is gone.
 *
 * A wrapper killed without forwarding its signal (npx SIGTERMed in a CI
 * cancel: npm kills `sh`, not us; any parent SIGKILLed) leaves llmload
 * re-parented to init or a subreaper, with nobody left to Ctrl-C it. Unix
 * tells a child nothing when its parent dies (Linux's PR_SET_PDEATHSIG is not
 * reachable from Node), so the parent pid is polled: one cheap syscall per
 * tick, on an unref'd timer that never keeps the process alive. A child of
 * runtime/bin/llmload.js also has an IPC channel to it, which disconnects the
 * moment that parent dies.
 */

/** How often the parent pid is checked; also the worst-case delay before a stop starts. */
export const PARENT_POLL_MS = 500;

/**
 * Once the parent is gone, the graceful stop gets this long before the process
 * exits anyway: an orphan must not linger, and nobody waits for its result.
 * runtime/bin/llmload.js uses the same value for the IPC child.
 */
export const PARENT_GONE_DEADLINE_MS = 30_000;

/** The parent at load time: a parent that dies while the script bundles still counts. */
const startPpid = process.ppid;

/** Settings of {@link watchParent}; the defaults are what llmload uses, the rest is for tests. */
export interface ParentWatchOptions {
  /** Poll interval in ms (default {@link PARENT_POLL_MS}). */
  intervalMs?: number;
  /** The parent pid to compare with (default: the parent when this module loaded). */
  ppid?: number;
  /** Reads the current parent pid (default `process.ppid`). */
  readPpid?: () => number;
}

/**
 * Calls `onGone` once, at most `intervalMs` after the parent pid changes
 * (the parent exited and the process was re-parented), or at once when the
 * IPC channel to the parent disconnects. Returns a function that stops watching.
 */
export function watchParent(onGone: (parentPid: number) => void, opts: ParentWatchOptions = {}): () => void {
  const ppid = opts.ppid ?? startPpid;
  const readPpid = opts.readPpid ?? (() => process.ppid);
  const off = () => {
    clearInterval(timer);
    process.off('disconnect', gone);
  };
  const gone = () => {
    off();
    onGone(ppid);
  };
  const timer = setInterval(() => {
    if (readPpid() !== ppid) gone();
  }, opts.intervalMs ?? PARENT_POLL_MS);
  timer.unref();
  if (process.channel) process.on('disconnect', gone);
  return off;
}
