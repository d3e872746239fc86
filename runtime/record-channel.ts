/**
 * Non-aggregated records (one per LLM request, say) from a plugin that makes
 * them to the outputs that asked for them. Samples go through the metrics
 * engine and are aggregated; a record is handed over as is, once, in the
 * order it was made. A producer checks `active` first, so it builds nothing
 * when no output listens. One channel per run (made by defaultPlugins).
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
