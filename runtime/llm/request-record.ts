import type { Tags } from '../metrics/types.js';
import { wallTime } from '../scheduler/clock.js';
import type { Measurement } from './measure.js';
import type { TokenCounts } from './tokens.js';

/** The record channel LLM request records travel on (`--out requests=` listens). */
export const LLM_REQUESTS_CHANNEL = 'llm-requests';

/** One line of `--out requests=file.jsonl`: a request as it happened. Times in ms. */
export interface LlmRequestRecord {
  /** Request start, RFC 3339 (ms). */
  start: string;
  /** Request start, Unix epoch ms with µs decimals (for offline analysis). */
  start_unix_ms: number;
  vu: number;
  scenario: string;
  endpoint: string;
  model: string;
  stream: boolean;
  status: number;
  ok: boolean;
  error_type: string | null;
  error: string | null;
  /** The client closed it on purpose before it completed (`error_type` is `cancelled`; not a failure). */
  cancelled: boolean;
  /** ms after sending at which the client was to cancel it (`cancelAfter`, the scenario's `cancel`); null: never. */
  cancel_after: number | null;
  /**
   * 1 when the request was sent again on a new connection: the kept-alive
   * one it was first written to had been closed by the server before any
   * response byte. `start` and the timings (but the intended ones) are the
   * second send's.
   */
  retries: number;
  finish_reason: string | null;
  timings: {
    headers: number | null;
    ttft: number | null;
    ttft_content: number | null;
    tpot: number | null;
    e2e: number;
    ttft_intended: number | null;
    e2e_intended: number | null;
    /** Every gap between successive content chunks. */
    itl: number[];
  };
  content_chunks: number;
  /**
   * Null for failed requests. `client_output` and `output_diff` are there when
   * the request named a tokenizer and the server reported usage: the
   * tokenizer's count of the output, and it minus `output` (the server's).
   */
  tokens: { prompt: number; output: number; source: 'server' | 'tokenizer'; client_output?: number; output_diff?: number } | null;
  /** The sample tags of the request (run, scenario, VU, request tags). */
  tags: Tags;
}

function recordTokens(t: TokenCounts): NonNullable<LlmRequestRecord['tokens']> {
  const out: NonNullable<LlmRequestRecord['tokens']> = { prompt: t.prompt, output: t.output, source: t.source };
  if (t.clientOutput !== undefined && t.diff !== undefined) Object.assign(out, { client_output: t.clientOutput, output_diff: t.diff });
  return out;
}

const us = (v: number | undefined) => (v === undefined ? null : Math.round(v * 1000) / 1000);

/** The record of a measured request (no headers, so no API key). */
export function requestRecord(m: Measurement, vu: number, tags: Tags): LlmRequestRecord {
  const r = m.result;
  const t = r.timings;
  const startUnix = wallTime(m.exchange.start);
  return {
    start: new Date(startUnix).toISOString(),
    start_unix_ms: us(startUnix)!,
    vu,
    scenario: tags.scenario ?? '',
    endpoint: r.endpoint,
    model: r.model,
    stream: r.stream,
    status: r.status,
    ok: r.ok,
    error_type: r.error?.type ?? null,
    error: r.error?.message ?? null,
    cancelled: r.error?.type === 'cancelled',
    cancel_after: m.cancelAfter ?? null,
    retries: m.exchange.retries,
    finish_reason: r.finishReason,
    timings: {
      headers: us(t.headers),
      ttft: us(t.ttft),
      ttft_content: us(t.ttftContent),
      tpot: us(t.tpot),
      e2e: us(t.e2e)!,
      ttft_intended: us(t.ttftIntended),
      e2e_intended: us(t.e2eIntended),
      itl: t.itl.map((g) => us(g)!),
    },
    content_chunks: t.contentChunks,
    tokens: m.tokens ? recordTokens(m.tokens) : null,
    tags,
  };
}
