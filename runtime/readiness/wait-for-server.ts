/**
 * `options.waitFor` / `--wait-for`: before setup() and the warm-up, poll the
 * server until it answers (a server still loading its model refuses
 * connections, answers 503, or lists no model yet), with a progress line.
 */
import { Agent } from 'undici';
import type { TextSink } from '../console.js';
import { LlmloadError } from '../errors.js';
import { formatDuration } from '../options/duration.js';
import type { WaitForOptions } from '../options/wait-for.js';
import { delay, monoNow } from '../scheduler/clock.js';
import { probe } from './probe.js';

/** The first pause between polls; each later one doubles, up to `interval`. */
const FIRST_PAUSE_MS = 250;
/** One poll waits at most this long for an answer (a loading server may accept and stall). */
const PROBE_TIMEOUT_MS = 10_000;
/** Without a TTY, the waiting line is repeated this often (CI logs). */
const PLAIN_EVERY_MS = 5_000;

export interface WaitIO {
  /** The progress line goes here (redrawn in place on a TTY). */
  stderr: TextSink;
  /** -q: no progress line and no "ready" line. */
  quiet: boolean;
  /** A stop (Ctrl-C, run()'s AbortSignal) ends the wait at once. */
  signal: AbortSignal;
}

/** How the wait ended (it throws when the server never became ready). */
export interface Ready {
  url: string;
  ms: number;
  status: number;
}

/**
 * Polls `url` (absolute) until it is ready: a 2xx, and for `/models` a list
 * with at least one model. Throws ERR_NOT_READY (exit 112) naming the URL and
 * the last reason when `timeout` runs out, ERR_SIGNAL when stopped.
 */
export async function waitForServer(url: string, opts: WaitForOptions, io: WaitIO): Promise<Ready> {
  const start = monoNow();
  const deadline = start + opts.timeout;
  const line = progressLine(io, url, opts.timeout);
  const dispatcher = new Agent({ pipelining: 0 });
  let pause = Math.min(FIRST_PAUSE_MS, opts.interval);
  try {
    for (;;) {
      // The last poll, at the deadline, still gets a short while to answer.
      const left = Math.max(100, deadline - monoNow());
      const r = await probe(url, { dispatcher, timeoutMs: Math.min(PROBE_TIMEOUT_MS, left), signal: io.signal });
      if (io.signal.aborted) throw stopped(url);
      const now = monoNow();
      if (r.ready) {
        const listed = r.models ? ` listing ${r.models.length} model${r.models.length === 1 ? '' : 's'}` : '';
        line.done(`server ready: ${url} answered ${r.status}${listed} after ${seconds(now - start)}`);
        return { url, ms: now - start, status: r.status };
      }
      if (now >= deadline) {
        line.done();
        throw new LlmloadError(
          'ERR_NOT_READY',
          `the server was not ready within ${formatDuration(opts.timeout)} (waitFor): ${url}: ${r.why}` +
            ' (raise waitFor.timeout or --wait-timeout if it is still loading its model)',
        );
      }
      line.show(r.why, now - start);
      await delay(Math.min(pause, deadline - now), io.signal);
      if (io.signal.aborted) throw stopped(url);
      pause = Math.min(pause * 2, opts.interval);
    }
  } finally {
    line.done();
    await dispatcher.destroy().catch(() => {});
  }
}

const stopped = (url: string) => new LlmloadError('ERR_SIGNAL', `stopped while waiting for ${url}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** The "waiting for …" line: redrawn on a TTY, repeated every few seconds otherwise, nothing with -q. */
function progressLine(io: WaitIO, url: string, timeout: number): { show(why: string, elapsed: number): void; done(final?: string): void } {
  const tty = io.stderr.isTTY === true;
  let drawn = false;
  let lastPlain = -Infinity;
  const text = (why: string, elapsed: number) => `waiting for ${url}: ${why} (${seconds(elapsed)} of ${formatDuration(timeout)})`;
  return {
    show(why, elapsed) {
      if (io.quiet) return;
      if (tty) {
        io.stderr.write(`\r\x1b[2K${text(why, elapsed)}`);
        drawn = true;
      } else if (elapsed - lastPlain >= PLAIN_EVERY_MS) {
        io.stderr.write(`${text(why, elapsed)}\n`);
        lastPlain = elapsed;
      }
    },
    done(final) {
      if (drawn) io.stderr.write('\r\x1b[2K');
      drawn = false;
      if (final !== undefined && !io.quiet) io.stderr.write(`${final}\n`);
    },
  };
}
