import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import { EventTemplate } from './event-template.js';
import type { ChunkKind, LlmInterpreter } from './protocol.js';
import type { ErrorType } from './result.js';

/** What went wrong while reading a response (first problem wins). */
export interface ReadError {
  type: ErrorType;
  message: string;
}

/** Everything a finished response says, with its timestamps (monotonic ms). */
export interface ReadResult {
  status: number;
  /** The body was an SSE stream. */
  sse: boolean;
  /** The protocol's reading of it (text, finish reason, usage, …). */
  interp: LlmInterpreter;
  /** Arrival time of every content chunk, in order (coalesced chunks share one). */
  contentTimes: number[];
  /** Arrival of the first non-reasoning content chunk. */
  firstAnswer: number | undefined;
  /** The protocol's end marker (`[DONE]`) arrived. */
  done: boolean;
  /** Parsed body of a non-SSE response. */
  json: unknown;
  error: ReadError | undefined;
}

const MAX_ERROR_BODY = 2048;

/**
 * The response state machine of the LLM kit: fed the body's bytes with the
 * time each read arrived (taken before any parsing), it decodes UTF-8 across
 * reads, splits SSE events (eventsource-parser: `\n`/`\r\n`, comments, events
 * split or coalesced across reads), parses each event's JSON (an event that
 * differs from an earlier one in its text alone reuses that parse:
 * EventTemplate), lets the protocol's interpreter classify it and stamps
 * content chunks with the time of the read that completed them. Errors are
 * the kit's: a non-2xx status, an
 * `event: error`, an `error` member, JSON that does not parse. Non-SSE bodies
 * (JSON, error bodies) are kept and parsed at the end. Pure: no I/O, no clock.
 */
export class ResponseReader {
  private status = 0;
  private sse = false;
  private readonly contentTimes: number[] = [];
  private firstAnswer: number | undefined;
  private done = false;
  private error: ReadError | undefined;
  // Node's StringDecoder (simdutf) rather than TextDecoder (ICU): this is the per-read path (bench/README.md).
  private readonly decoder = new StringDecoder('utf8');
  /** Whether the body's first text was seen (a leading byte-order mark is dropped, as the SSE spec says). */
  private begun = false;
  private parser: EventSourceParser | undefined;
  private readonly body: Uint8Array[] = [];
  private bodyBytes = 0;
  private json: unknown = null;
  /** Time of the read being parsed (events complete inside feed()). */
  private now = 0;
  /** Events that differ in their text alone are applied without a parse (interpreters with textSlot). */
  private readonly template: EventTemplate | undefined;

  constructor(private readonly interp: LlmInterpreter) {
    this.template = interp.textSlot ? new EventTemplate((obj) => interp.textSlot!(obj)) : undefined;
  }

  /** Status line and content type arrived. A non-2xx status is an error whatever the body says. */
  headers(status: number, contentType: string): void {
    this.status = status;
    this.sse = status >= 200 && status < 300 && /^\s*text\/event-stream/i.test(contentType);
    if (this.sse) this.parser = createParser({ onEvent: (e) => this.event(e) });
  }

  /** One read of the body, `t` = when it arrived. */
  data(chunk: Uint8Array, t: number): void {
    if (this.parser) {
      this.now = t;
      this.parser.feed(this.text(chunk));
      return;
    }
    this.body.push(chunk);
    this.bodyBytes += chunk.length;
  }

  /** A read as text (undefined: what is left at the end); a character split across reads comes whole with the read that completes it. */
  private text(chunk: Uint8Array | undefined): string {
    const s = chunk === undefined ? this.decoder.end() : this.decoder.write(chunk);
    if (this.begun || s.length === 0) return s;
    this.begun = true;
    return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
  }

  /**
   * The body ended at `t`. `cut` is set when the connection broke before the
   * body's end (the error type to report if the response is incomplete).
   */
  end(t: number, cut?: ReadError): ReadResult {
    if (this.parser) {
      this.now = t;
      // An event whose lines all ended but whose blank line never came still counts;
      // a line cut short is discarded, as the SSE spec says.
      this.parser.feed(this.text(undefined) + '\n');
      const why = this.interp.incomplete({ marker: this.done, cut: cut !== undefined });
      if (why !== undefined) this.fail(cut ?? { type: 'incomplete_stream', message: why });
    } else if (cut && (this.status === 0 || (this.status >= 200 && this.status < 300))) {
      this.fail(cut);
    } else {
      this.finishBody(t);
    }
    return {
      status: this.status,
      sse: this.sse,
      interp: this.interp,
      contentTimes: this.contentTimes,
      firstAnswer: this.firstAnswer,
      done: this.done,
      json: this.json,
      error: this.error,
    };
  }

  private finishBody(t: number): void {
    const text = Buffer.concat(this.body, this.bodyBytes).toString('utf8');
    let parsed: unknown;
    let parseError: string | undefined;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      parseError = (err as Error).message;
    }
    if (this.status < 200 || this.status >= 300) {
      this.fail({ type: 'http_status', message: `HTTP ${this.status}: ${errorMessage(parsed) ?? snippet(text)}` });
      return;
    }
    if (parseError !== undefined || typeof parsed !== 'object' || parsed === null) {
      this.fail({ type: 'malformed_event', message: `the response body is not a JSON object (${parseError ?? snippet(text)})` });
      return;
    }
    this.json = parsed;
    const obj = parsed as Record<string, unknown>;
    if (obj.error !== undefined && obj.error !== null) {
      this.fail({ type: 'stream_error', message: errorMessage(parsed) ?? 'error in the response body' });
      return;
    }
    // A whole response is one content "chunk" that arrives when the body is complete.
    this.stamp(this.interp.apply(obj), t);
  }

  private event(e: EventSourceMessage): void {
    const data = e.data;
    if (data === this.interp.endMarker) {
      this.done = true;
      return;
    }
    if (e.event === 'error') {
      this.fail({ type: 'stream_error', message: `error event: ${snippet(data)}` });
      return;
    }
    const same = this.template?.match(data);
    if (same !== undefined) {
      this.stamp(this.interp.apply(same), this.now);
      return;
    }
    if (data.trim() === '') return;
    let obj: unknown;
    try {
      obj = JSON.parse(data);
    } catch {
      this.fail({ type: 'malformed_event', message: `an event is not JSON: ${snippet(data)}` });
      return;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      this.fail({ type: 'malformed_event', message: `an event is not a JSON object: ${snippet(data)}` });
      return;
    }
    const o = obj as Record<string, unknown>;
    if (o.error !== undefined && o.error !== null) {
      this.fail({ type: 'stream_error', message: errorMessage(o) ?? 'error event in the stream' });
      return;
    }
    this.template?.offer(data, o);
    this.stamp(this.interp.apply(o), this.now);
  }

  private stamp(kind: ChunkKind, t: number): void {
    if (kind === 'none') return;
    this.contentTimes.push(t);
    if (kind === 'answer' && this.firstAnswer === undefined) this.firstAnswer = t;
  }

  private fail(e: ReadError): void {
    this.error ??= e;
  }
}

/** OpenAI `{error: {message}}`, `{error: "…"}` (also Triton's), vLLM `{object: "error", message}`, FastAPI `{detail}`. */
export function errorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const e = b.error;
  if (typeof e === 'string' && e !== '') return e;
  if (typeof e === 'object' && e !== null && typeof (e as Record<string, unknown>).message === 'string') return (e as Record<string, string>).message;
  if (typeof b.message === 'string') return b.message;
  if (typeof b.detail === 'string') return b.detail;
  return undefined;
}

function snippet(text: string): string {
  const t = text.trim();
  return t.length > MAX_ERROR_BODY ? `${t.slice(0, MAX_ERROR_BODY)}…` : t || '(empty)';
}
