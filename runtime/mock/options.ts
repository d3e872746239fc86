/**
 * The mock server's settings: one table that drives the `llmload mock` flags,
 * `run --mock-option key=value`, `startMockServer({...})` and the README.
 * Keys are kebab-case on the command line and camelCase in JavaScript; both
 * spellings are accepted everywhere.
 */
import { invalidOption } from '../errors.js';
import { suggest } from '../options/check.js';
import { parseDuration } from '../options/duration.js';
import type { CloseConnections } from './connection-close.js';
import { parseDistribution, type Distribution } from './distribution.js';
import { parseErrorRates, type ErrorRates } from './error-rates.js';
import { FRAMINGS, type Framing } from './framing.js';

type Kind = 'int' | 'number' | 'string' | 'bool' | 'time-dist' | 'token-dist' | 'errors' | 'duration' | 'close';

/** One documented setting. */
export interface MockOptionSpec {
  /** kebab-case name (flag name). */
  key: string;
  kind: Kind;
  default: string | number | boolean | undefined;
  describe: string;
}

export const MOCK_OPTIONS: readonly MockOptionSpec[] = [
  { key: 'host', kind: 'string', default: '127.0.0.1', describe: 'address to listen on' },
  { key: 'port', kind: 'int', default: 8000, describe: 'port (0 = any free port)' },
  { key: 'model', kind: 'string', default: 'llmload-mock', describe: 'model id served by /v1/models (requests may name any model; it is echoed)' },
  {
    key: 'ttft',
    kind: 'time-dist',
    default: 'lognormal:100,20',
    describe:
      'time to first token in ms: a number or a distribution (fixed:V, uniform:A,B, normal:MEAN,SD, lognormal:MEAN,SD, exponential:MEAN, gamma:MEAN,SD)',
  },
  { key: 'itl', kind: 'time-dist', default: 'normal:20,2', describe: 'gap between content chunks in ms (number or distribution)' },
  {
    key: 'output-tokens',
    kind: 'token-dist',
    default: 'uniform:64,256',
    describe: 'output length when the request does not force one (ignore_eos); capped by max_tokens, raised to min_tokens',
  },
  { key: 'tokens-per-chunk', kind: 'int', default: 1, describe: 'tokens in each content chunk' },
  { key: 'prefill-per-token', kind: 'number', default: 0, describe: 'extra TTFT in ms per prompt token (prefill cost)' },
  { key: 'itl-load', kind: 'number', default: 0, describe: 'decode slowdown: ITL × (1 + itl-load × running/max-concurrency)' },
  { key: 'max-concurrency', kind: 'int', default: 256, describe: 'sequences generated at once (vLLM max_num_seqs); later requests wait in a FIFO queue' },
  { key: 'kv-cache-tokens', kind: 'int', default: 524288, describe: 'KV-cache size in tokens: admission needs room; overflow preempts the newest sequence' },
  { key: 'reasoning-tokens', kind: 'token-dist', default: 0, describe: 'tokens of each output sent as reasoning deltas first (number or distribution)' },
  { key: 'reasoning-field', kind: 'string', default: 'reasoning_content', describe: 'delta field for reasoning: reasoning_content (vLLM ≤ 0.10) or reasoning' },
  { key: 'tool-calls', kind: 'bool', default: true, describe: 'answer with a tool call when the request offers tools (tool_choice not "none")' },
  {
    key: 'framing',
    kind: 'string',
    default: 'vllm',
    describe: 'chunk shapes of streamed chat answers: vllm, sglang, tgi, or vllm-early-role (the role chunk at once, before the first token)',
  },
  { key: 'errors', kind: 'errors', default: '', describe: 'error injection by rate, e.g. 429:0.01,500:0.01,stream:0.02,disconnect:0.01' },
  {
    key: 'close-connections',
    kind: 'close',
    default: false,
    describe:
      'close the socket after responses without announcing it: true = after every response; streams = after streamed responses only, advertising Keep-Alive: timeout=5, max=100 (llama.cpp)',
  },
  { key: 'embedding-dim', kind: 'int', default: 384, describe: 'embedding vector length' },
  { key: 'gpus', kind: 'int', default: 1, describe: 'fake GPUs on /dcgm/metrics' },
  { key: 'gpu-model', kind: 'string', default: 'NVIDIA H100 80GB HBM3', describe: 'modelName label of the fake GPUs' },
  {
    key: 'tokenizer',
    kind: 'string',
    default: undefined,
    describe: 'tokenizer that counts prompt tokens and picks one-token output words (default o200k_base, or a tokenizer.json)',
  },
  { key: 'seed', kind: 'string', default: undefined, describe: 'seed for every random draw (default: random, printed at start)' },
  {
    key: 'created',
    kind: 'int',
    default: undefined,
    describe: 'the "created" time (epoch seconds) of every response (default: when it starts), for byte-exact replays',
  },
  { key: 'records', kind: 'int', default: 100000, describe: 'per-request records kept for /mock/requests (oldest dropped first)' },
  { key: 'chunk-times', kind: 'bool', default: false, describe: 'also record the write time of every chunk (memory grows with output length)' },
  { key: 'keep-alive', kind: 'duration', default: '5s', describe: 'idle keep-alive timeout of client connections (uvicorn default 5s)' },
];

/** Resolved settings (times in ms). */
export interface MockOptions {
  host: string;
  port: number;
  model: string;
  ttft: Distribution;
  itl: Distribution;
  outputTokens: Distribution;
  tokensPerChunk: number;
  prefillPerToken: number;
  itlLoad: number;
  maxConcurrency: number;
  kvCacheTokens: number;
  reasoningTokens: Distribution;
  reasoningField: 'reasoning_content' | 'reasoning';
  toolCalls: boolean;
  errors: ErrorRates;
  closeConnections: CloseConnections;
  embeddingDim: number;
  gpus: number;
  gpuModel: string;
  tokenizer: string | undefined;
  seed: string | number | undefined;
  records: number;
  chunkTimes: boolean;
  framing: Framing;
  created: number | undefined;
  keepAlive: number;
}

/** What users pass: camelCase or kebab-case keys; numbers, booleans or strings. */
export type MockOptionsInput = Record<string, unknown>;

const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function convert(spec: MockOptionSpec, raw: unknown, where: string): unknown {
  const w = `${where} "${spec.key}"`;
  switch (spec.kind) {
    case 'int':
    case 'number': {
      const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || (spec.kind === 'int' && !Number.isInteger(n))) {
        throw invalidOption(w, `must be ${spec.kind === 'int' ? 'a whole number' : 'a number'} ≥ 0, got ${JSON.stringify(raw)}`);
      }
      return n;
    }
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1' || raw === '') return true;
      if (raw === 'false' || raw === '0') return false;
      throw invalidOption(w, `must be true or false, got ${JSON.stringify(raw)}`);
    case 'string':
      if (typeof raw === 'string' || typeof raw === 'number') return String(raw);
      throw invalidOption(w, `must be a string, got ${JSON.stringify(raw)}`);
    case 'time-dist':
      return parseDistribution(raw, w);
    case 'token-dist':
      return parseDistribution(raw, w, { integer: true });
    case 'errors':
      return parseErrorRates(raw, w);
    case 'duration':
      return parseDuration(raw, w);
    case 'close':
      if (raw === 'streams') return raw;
      if (raw === true || raw === 'true' || raw === '1' || raw === '') return true;
      if (raw === false || raw === 'false' || raw === '0') return false;
      throw invalidOption(w, `must be true, false or streams, got ${JSON.stringify(raw)}`);
  }
}

/**
 * Validates and fills defaults. Unknown keys are errors naming the key (with a
 * "did you mean"); `where` prefixes messages, e.g. `mock option`.
 */
export function resolveMockOptions(input: MockOptionsInput = {}, where = 'mock option'): MockOptions {
  const byCamel = new Map(MOCK_OPTIONS.map((s) => [camel(s.key), s]));
  const given: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (camel(k) === 'spinLimit') throw invalidOption(`${where} "spin-limit"`, 'was removed: the mock no longer busy-waits (it sleeps until each first token)');
    if (!byCamel.has(camel(k))) {
      const close = suggest(
        kebab(camel(k)),
        MOCK_OPTIONS.map((s) => s.key),
      );
      throw invalidOption(where, `unknown option "${k}" (${close ? `did you mean "${close}"?` : `known: ${MOCK_OPTIONS.map((s) => s.key).join(', ')}`})`);
    }
    if (v !== undefined) given[camel(k)] = v;
  }
  const out: Record<string, unknown> = {};
  for (const [name, spec] of byCamel) {
    const raw = given[name] ?? spec.default;
    out[name] = raw === undefined ? undefined : convert(spec, raw, where);
  }
  const o = out as unknown as MockOptions;
  if (o.tokensPerChunk < 1) throw invalidOption(`${where} "tokens-per-chunk"`, 'must be at least 1');
  if (o.maxConcurrency < 1) throw invalidOption(`${where} "max-concurrency"`, 'must be at least 1');
  if (o.gpus < 1 || o.gpus > 16) throw invalidOption(`${where} "gpus"`, `must be between 1 and 16, got ${o.gpus}`);
  if (o.port > 65535) throw invalidOption(`${where} "port"`, `must be ≤ 65535, got ${o.port}`);
  if (o.reasoningField !== 'reasoning_content' && o.reasoningField !== 'reasoning') {
    throw invalidOption(`${where} "reasoning-field"`, `must be "reasoning_content" or "reasoning", got "${o.reasoningField}"`);
  }
  if (!(FRAMINGS as readonly string[]).includes(o.framing)) {
    throw invalidOption(`${where} "framing"`, `must be one of ${FRAMINGS.join(', ')}, got "${o.framing}"`);
  }
  if (o.seed !== undefined && /^\d+$/.test(String(o.seed))) o.seed = Number(o.seed);
  return o;
}

/** `["ttft=200", "errors=429:0.1"]` (repeatable `--mock-option`) → input object. */
export function parseMockOptionPairs(items: readonly string[], flag = '--mock-option'): MockOptionsInput {
  const out: MockOptionsInput = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw invalidOption(flag, `expected KEY=VALUE, got "${item}"`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
  return out;
}
