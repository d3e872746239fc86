/**
 * The arrival time of a socket read. undici parses one read synchronously and
 * may call onHeaders and onData several times for it (one per chunk of the
 * chunked encoding); they all get the stamp taken at the first call, so
 * events coalesced in one read share a timestamp (as AIPerf stamps them), and
 * a read's parsing time never shows up as a gap. Microtasks run between two
 * reads (each is its own I/O callback), which is when the stamp is dropped.
 */
export class ReadClock {
  private stamp: number | undefined;
  private readonly clear = () => {
    this.stamp = undefined;
  };

  now(): number {
    if (this.stamp === undefined) {
      this.stamp = performance.now();
      queueMicrotask(this.clear);
    }
    return this.stamp;
  }
}
