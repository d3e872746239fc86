import type { SampleSink, Tags } from '../../../runtime/metrics/types.js';
import type { HttpExchange } from './exchange.js';
import type { HttpRequestWire } from './types.js';

/** k6's default `expected_response`: 200–399. */
export function isExpected(status: number): boolean {
  return status >= 200 && status < 400;
}

/**
 * The http_req_* samples of one request, with k6's tags: method, url, name
 * (the url unless params.tags.name), status, expected_response, proto and
 * error_code when set; the caller's tags (run, scenario, VU, group) first and
 * the request's own tags last.
 */
export function emitHttpSamples(sink: SampleSink, base: Tags, req: HttpRequestWire, ex: HttpExchange, time: number): void {
  const r = ex.response;
  const expected = isExpected(r.status);
  const t: Record<string, string> = { ...base, method: req.method, url: req.url, name: req.url, status: String(r.status), expected_response: String(expected) };
  if (r.proto) t.proto = r.proto;
  if (r.error_code) t.error_code = String(r.error_code);
  if (req.tags) Object.assign(t, req.tags);
  const tags = Object.freeze(t);
  const tm = r.timings;
  const push = (metric: string, value: number) => sink.push({ metric, time, value, tags });
  push('http_reqs', 1);
  if (ex.interrupted) {
    // Cut off by the end of the test: it failed, and it has no timings worth averaging.
    push('http_req_failed', 1);
    return;
  }
  push('http_req_duration', tm.duration);
  push('http_req_blocked', tm.blocked);
  push('http_req_connecting', tm.connecting);
  push('http_req_tls_handshaking', tm.tls_handshaking);
  push('http_req_sending', tm.sending);
  push('http_req_waiting', tm.waiting);
  push('http_req_receiving', tm.receiving);
  push('http_req_failed', expected ? 0 : 1);
  push('data_sent', ex.bytesSent);
  push('data_received', ex.bytesReceived);
}
