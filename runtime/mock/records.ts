/**
 * The mock's own view of each request, for comparing with the client's:
 * times are the mock process's performance.now() (ms, monotonic), so
 * server TTFT = firstWrite − received and server ITLs come from the write
 * times. Kept in a ring buffer of `capacity` records (oldest dropped first).
 */

/** One request as the mock saw it. Times: performance.now() ms of the mock's process. */
export interface MockRequestRecord {
  /** Sequence number of the request (0-based, in arrival order). */
  seq: number;
  /** Response id (`chatcmpl-…`, `cmpl-…`, `embd-…`): the `id` field the client received. */
  id: string;
  /** The request's `x-request-id` header, when it sent one. */
  requestId?: string;
  endpoint: 'chat' | 'completions' | 'embeddings';
  model: string;
  stream: boolean;
  /** HTTP status sent (0 until the response starts). */
  status: number;
  /** Request headers parsed. */
  received: number;
  /** Left the queue and started prefill (first admission). */
  admitted?: number;
  /** First content chunk written (streams); the whole body written (non-streaming). */
  firstWrite?: number;
  /** Last content chunk written. */
  lastWrite?: number;
  /** Write time of every content chunk when the mock keeps chunk times (see `chunkTimes`). */
  chunkTimes?: number[];
  /** Response ended or connection closed. */
  end?: number;
  /**
   * The client closed the connection before the response ended (a cancelled
   * request: `error` is `client_closed`): when the mock noticed. Output
   * tokens and chunks are what was sent until then.
   */
  clientClosed?: number;
  promptTokens: number;
  /** Output tokens generated (reasoning included). */
  outputTokens: number;
  /** Content chunks written. */
  chunks: number;
  finishReason?: string;
  /** Injected or observed failure: `http_<status>`, `stream_error`, `disconnect`, `client_closed`, `bad_request`. */
  error?: string;
  preemptions: number;
}

export class RecordLog {
  private buf: MockRequestRecord[] = [];
  private next = 0;
  private counter = 0;

  constructor(private readonly capacity: number) {}

  /** Creates, stores and returns a record; the caller fills it in as the request proceeds. */
  open(fields: Omit<MockRequestRecord, 'seq' | 'status' | 'promptTokens' | 'outputTokens' | 'chunks' | 'preemptions'>): MockRequestRecord {
    const r: MockRequestRecord = { seq: this.counter++, status: 0, promptTokens: 0, outputTokens: 0, chunks: 0, preemptions: 0, ...fields };
    if (this.capacity === 0) return r;
    if (this.buf.length < this.capacity) this.buf.push(r);
    else {
      this.buf[this.next] = r;
      this.next = (this.next + 1) % this.capacity;
    }
    return r;
  }

  /** Records in arrival order (copies, safe to keep). */
  list(): MockRequestRecord[] {
    const ordered = this.buf.length < this.capacity ? this.buf : [...this.buf.slice(this.next), ...this.buf.slice(0, this.next)];
    return ordered.map((r) => ({ ...r, chunkTimes: r.chunkTimes && [...r.chunkTimes] }));
  }

  clear(): void {
    this.buf = [];
    this.next = 0;
  }

  get total(): number {
    return this.counter;
  }
}
