import { LlmloadError } from 'llmload/plugin';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * Text written to a file (gzip when the name ends in `.gz`) or to stdout
 * (`''` or `'-'`). `write` never blocks the caller: when the stream asks for
 * backpressure, chunks wait in a queue and go out, joined, on 'drain'.
 */
export interface LineWriter {
  /** 'results.json', or 'stdout'. */
  readonly target: string;
  write(chunk: string): void;
  /** Flushes, ends the file (not stdout) and rejects with the first write error, if any. */
  close(): Promise<void>;
}

export async function openLineWriter(file: string, cwd: string, output: string): Promise<LineWriter> {
  if (file === '' || file === '-') return queued(process.stdout, 'stdout', () => Promise.resolve(), output);
  const full = path.resolve(cwd, file);
  const stream = createWriteStream(full);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) => reject(new LlmloadError('ERR_OUTPUT', `output ${output}: cannot open "${file}": ${err.message}`, { cause: err })));
  });
  if (!file.endsWith('.gz')) {
    const done = new Promise<void>((resolve, reject) => {
      stream.once('finish', resolve);
      stream.once('error', reject);
    });
    return queued(stream, file, () => (stream.end(), done), output);
  }
  const gzip = createGzip();
  const piped = pipeline(gzip, stream);
  piped.catch(() => undefined); // surfaced by close()
  return queued(gzip, file, () => (gzip.end(), piped), output);
}

function queued(head: Writable, target: string, end: () => Promise<unknown>, output: string): LineWriter {
  const pending: string[] = [];
  let waiting = false;
  let failure: Error | undefined;
  head.on('error', (err) => (failure ??= err));
  const flush = () => {
    waiting = false;
    if (pending.length === 0) return;
    const chunk = pending.join('');
    pending.length = 0;
    send(chunk);
  };
  const send = (chunk: string) => {
    if (!head.write(chunk)) {
      waiting = true;
      head.once('drain', flush);
    }
  };
  return {
    target,
    write(chunk) {
      if (chunk === '' || failure) return;
      if (waiting) pending.push(chunk);
      else send(chunk);
    },
    async close() {
      try {
        // The queued flush listener runs first on 'drain' and may have to wait again.
        while (waiting && !failure) await once(head, 'drain');
        await end();
      } catch (err) {
        failure ??= err as Error;
      }
      if (failure) throw new LlmloadError('ERR_OUTPUT', `output ${output}: writing "${target}" failed: ${failure.message}`);
    },
  };
}
