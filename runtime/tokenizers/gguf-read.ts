/**
 * The `tokenizer.*` fields of a local GGUF file, read with @huggingface/gguf.
 *
 * That reader is asynchronous (it reads the header in chunks), but tokenizers
 * load synchronously: scripts ask for them from init code through synchronous
 * host calls. So the file is read on a short-lived worker thread while this
 * thread waits on an Atomics flag, and the answer is taken off its port with
 * receiveMessageOnPort. It costs a few hundred ms, once per file and process
 * (getTokenizer caches the result). Only the header is read, never tensors,
 * so a multi-GB model file loads as fast as a vocab-only one. No network.
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { LlmloadError } from '../errors.js';

/** A GGUF metadata value as the reader returns it (bigint for 64-bit integers). */
export type GgufValue = string | number | bigint | boolean | GgufValue[];

/** How long a header may take to read (a huge vocabulary on a slow disk takes seconds). */
const READ_TIMEOUT_MS = 120_000;

// CommonJS source of the worker (eval'd: no file of ours to locate from a bundle).
// It keeps only the tokenizer fields, so a model's other metadata never crosses threads.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, flag, file, lib } = workerData;
const done = (m) => { port.postMessage(m); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
(async () => {
  try {
    const { gguf } = require(lib);
    const { metadata } = await gguf(file, { allowLocalFile: true });
    const fields = {};
    for (const [k, v] of Object.entries(metadata)) if (k.startsWith('tokenizer.') || k === 'general.architecture' || k === 'general.name') fields[k] = v;
    done({ fields });
  } catch (err) {
    done({ error: err instanceof Error ? err.message : String(err) });
  }
})();
`;

const require = createRequire(import.meta.url);

/**
 * The tokenizer metadata of `file` (keys `tokenizer.*`, plus
 * `general.architecture` and `general.name`). Blocks this thread until read.
 * Throws LlmloadError('ERR_INVALID_OPTION') naming `spec` when the file is not
 * a readable GGUF.
 */
export function readGgufTokenizerFields(spec: string, file: string): Record<string, GgufValue> {
  const lib = require.resolve('@huggingface/gguf');
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, flag, file, lib }, transferList: [port2] });
  try {
    const waited = Atomics.wait(flag, 0, 0, READ_TIMEOUT_MS);
    const reply = receiveMessageOnPort(port1)?.message as { fields?: Record<string, GgufValue>; error?: string } | undefined;
    if (waited === 'timed-out' || !reply) {
      throw new LlmloadError('ERR_INVALID_OPTION', `tokenizer "${spec}": reading the GGUF header of ${file} took over ${READ_TIMEOUT_MS / 1000} s`);
    }
    if (reply.error !== undefined || !reply.fields) {
      throw new LlmloadError('ERR_INVALID_OPTION', `tokenizer "${spec}": ${file} is not a readable GGUF file (${reply.error ?? 'no metadata'})`);
    }
    return reply.fields;
  } finally {
    port1.close();
    void worker.terminate();
  }
}
