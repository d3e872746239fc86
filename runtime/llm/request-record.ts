import type { Tags } from '../metrics/types.js';
import type { Measurement } from './measure.js';

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
  tokens: { prompt: number; output: number; source: 'server' | 'tokenizer' } | null;
  /** The sample tags of the request (run, scenario, VU, request tags). */
  tags: Tags;
}

const us = (v: number | undefined) => (v === undefined ? null : Math.round(v * 1000) / 1000);

/** The record of a measured request (no headers, so no API key). */
export function requestRecord(m: Measurement, vu: number, tags: Tags): LlmRequestRecord {
  const r = m.result;
  const t = r.timings;
  const startUnix = performance.timeOrigin + m.exchange.start;
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
    tokens: m.tokens ? { prompt: m.tokens.prompt, output: m.tokens.output, source: m.tokens.source } : null,
    tags,
  };
}
