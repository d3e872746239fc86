/**
 * Non-aggregated records (one per LLM request, say) from a plugin that makes
 * them to the outputs that asked for them. Samples go through the metrics
 * engine and are aggregated; a record is handed over as is, once, in the
 * order it was made. A producer checks `active` first, so it builds nothing
 * when no output listens. Channels live in the run's RecordBus.
 */
export class RecordChannel<T> {
  private readonly listeners = new Set<(record: T) => void>();

  /** Some output listens. */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  /** Returns the function that stops listening. */
  subscribe(listener: (record: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(record: T): void {
    for (const l of this.listeners) l(record);
  }
}

/**
 * The run's record channels by name (`llm-requests`: one record per LLM
 * request), so that plugins that make records and outputs that write them
 * meet without knowing each other. One bus per run.
 */
export class RecordBus {
  private readonly channels = new Map<string, RecordChannel<unknown>>();

  channel<T>(name: string): RecordChannel<T> {
    let c = this.channels.get(name);
    if (!c) this.channels.set(name, (c = new RecordChannel<unknown>()));
    return c as RecordChannel<T>;
  }
}
