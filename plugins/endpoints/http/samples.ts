import type { SampleSink, Tags } from 'llmload/plugin';
import type { HttpTimings } from './types.js';

/** One hop's measurements. */
export interface HopMeasure {
  timings: HttpTimings;
  bytesSent: number;
  bytesReceived: number;
  /** Cut off by the end of the test: only http_reqs and http_req_failed (it failed; its timings mean nothing). */
  interrupted: boolean;
  /** 1 when it was sent again on a new connection (the server had closed the kept one). */
  retries: number;
}

/**
 * k6's http_req_* samples of one hop (each hop of a redirect chain records its
 * own, as k6's transport does). `failed` is undefined when there is no
 * response callback: then no http_req_failed sample (k6). `http_req_retries`
 * gets a sample for each retried hop, and a measured 0 from a VU's first
 * hop that was not interrupted (`firstOfVu`), so a threshold on it judges
 * a real zero without a sample per hop.
 */
export function emitHttpSamples(sink: SampleSink, tags: Tags, m: HopMeasure, failed: 0 | 1 | undefined, time: number, firstOfVu = false): void {
  const push = (metric: string, value: number) => sink.push({ metric, time, value, tags });
  push('http_reqs', 1);
  if (m.retries > 0 || firstOfVu) push('http_req_retries', m.retries);
  if (m.interrupted) {
    if (failed !== undefined) push('http_req_failed', 1);
    return;
  }
  const tm = m.timings;
  push('http_req_duration', tm.duration);
  push('http_req_blocked', tm.blocked);
  push('http_req_connecting', tm.connecting);
  push('http_req_tls_handshaking', tm.tls_handshaking);
  push('http_req_sending', tm.sending);
  push('http_req_waiting', tm.waiting);
  push('http_req_receiving', tm.receiving);
  if (failed !== undefined) push('http_req_failed', failed);
  push('data_sent', m.bytesSent);
  push('data_received', m.bytesReceived);
}
