import { DEFAULT_SYSTEM_TAGS, type SystemTags, type Tags } from 'llmload/plugin';
import type { ExpectedStatusesWire } from './types.js';

/** The facts of one hop that become system tags. */
export interface HopTagFacts {
  method: string;
  /** The hop's URL, credentials masked. */
  url: string;
  /** 0 when no response arrived. */
  status: number;
  /** k6 error code (network error, or 1000 + status for HTTP ≥ 400); 0 = none. */
  errorCode: number;
  /** Network error message ('' when a response arrived). */
  error: string;
  proto: string;
  /** '' on plain HTTP and when no response arrived. */
  tlsVersion: string;
  /** The connection's remote address ('' when none was made). */
  ip: string;
  /** The response callback's verdict; undefined when there is none (setResponseCallback(null)). */
  expected: boolean | undefined;
}

/**
 * The tags of one hop's samples, in k6's precedence: the VU's tags (run,
 * scenario, VU tags, group), then params.tags, then the system tags, which
 * win, except `name`: a user-set name (or an `http.url` template) stays, and
 * then also becomes the `url` tag (k6 ≥ 0.41, to keep URLs low-cardinality).
 * System tags are set here and nowhere else, each only when `sys` (k6's
 * `systemTags`, one boolean per tag) has it; a disabled one leaves a
 * script's tag of that name alone, as in k6. `ocsp_status` is k6's for TLS
 * responses: llmload does not ask servers for a stapled OCSP response, so it
 * is always "unknown" there (k6's value when none is stapled).
 */
export function httpTags(base: Tags, user: Readonly<Record<string, string>> | undefined, f: HopTagFacts, sys: SystemTags = DEFAULT_SYSTEM_TAGS): Tags {
  const t: Record<string, string> = user ? { ...base, ...user } : { ...base };
  const name = user?.name;
  if (name === undefined && sys.name) t.name = f.url;
  if (sys.url) t.url = name ?? f.url;
  if (sys.method) t.method = f.method;
  if (sys.status) t.status = String(f.status);
  if (f.error && sys.error) t.error = f.error;
  if (f.errorCode && sys.error_code) t.error_code = String(f.errorCode);
  if (f.proto && sys.proto) t.proto = f.proto;
  if (f.tlsVersion && sys.tls_version) t.tls_version = f.tlsVersion;
  if (f.tlsVersion && sys.ocsp_status) t.ocsp_status = 'unknown';
  if (f.ip && sys.ip) t.ip = f.ip;
  if (f.expected !== undefined && sys.expected_response) t.expected_response = f.expected ? 'true' : 'false';
  return Object.freeze(t);
}

/** k6's response callback: absent = the default expectedStatuses({ min: 200, max: 399 }). */
export function isExpected(expect: ExpectedStatusesWire | undefined, status: number): boolean {
  if (expect === undefined) return status >= 200 && status <= 399;
  if (expect.exact.includes(status)) return true;
  for (const [min, max] of expect.ranges) if (status >= min && status <= max) return true;
  return false;
}
