import { ConnectGuard } from '../net/connect-guard.js';
import { HostnamePatterns, hostnamePatternProblem } from '../net/hostname-patterns.js';
import { IpRanges, parseCidr, type IpRange } from '../net/ip-ranges.js';
import { RequestLimiter } from '../net/request-limiter.js';
import { expectBool, optionError, showValue } from './check.js';

/** k6's httpDebug: '' off, 'headers' (`--http-debug`, or `true`), 'full' (bodies too). */
export type HttpDebug = '' | 'headers' | 'full';

/** k6's network-level options after validation (JSON, as `llmload inspect` shows them). */
export interface ResolvedNetworkOptions {
  /** Lower-case host names and `*.suffix` patterns. */
  blockHostnames: string[];
  /** CIDR ranges ("10.0.0.0/8"). */
  blacklistIPs: string[];
  /** Requests per second in the whole run; 0 = unlimited. */
  rps: number;
  noVUConnectionReuse: boolean;
  httpDebug: HttpDebug;
}

/**
 * What the endpoints get from these options (EndpointConfigureContext.network):
 * the objects are built once per run and shared by every VU and endpoint.
 */
export interface NetworkSettings {
  /** Checks every new connection (blockHostnames, blacklistIPs); undefined when neither is set. */
  guard: ConnectGuard | undefined;
  /** The run's one `rps` limiter; undefined when rps is 0. */
  limiter: RequestLimiter | undefined;
  /** Close a VU's connections when each of its iterations starts (keep-alive only within an iteration). */
  noVUConnectionReuse: boolean;
  /** llmload/http logs every request and response. */
  httpDebug: HttpDebug;
}

/** No guard, no limit, connections reused, no debug log (k6's defaults). */
export const DEFAULT_NETWORK: NetworkSettings = Object.freeze({ guard: undefined, limiter: undefined, noVUConnectionReuse: false, httpDebug: '' });

type Raw = Record<string, unknown>;

/** Reads and checks the five options; `source(key)` names where each came from. */
export function resolveNetworkOptions(raw: Raw, source: (key: string) => string): ResolvedNetworkOptions {
  return {
    blockHostnames: stringList(raw, 'blockHostnames', source).map((p) => {
      const problem = hostnamePatternProblem(p);
      if (problem) throw optionError(source('blockHostnames'), 'blockHostnames', `has ${problem}`);
      return p.toLowerCase();
    }),
    blacklistIPs: stringList(raw, 'blacklistIPs', source).map((c) => {
      const r = parseCidr(c);
      if (typeof r === 'string') throw optionError(source('blacklistIPs'), 'blacklistIPs', `has ${r}`);
      return `${r.address}/${r.prefix}`;
    }),
    rps: rps(raw.rps, source('rps')),
    noVUConnectionReuse: expectBool(raw, 'noVUConnectionReuse', source('noVUConnectionReuse'), false),
    httpDebug: httpDebug(raw.httpDebug, source('httpDebug')),
  };
}

/** The shared objects for the resolved options. */
export function networkSettings(o: ResolvedNetworkOptions): NetworkSettings {
  const hostnames = o.blockHostnames.length > 0 ? new HostnamePatterns(o.blockHostnames) : undefined;
  const ips = o.blacklistIPs.length > 0 ? new IpRanges(o.blacklistIPs.map((c) => parseCidr(c) as IpRange)) : undefined;
  return {
    guard: hostnames || ips ? new ConnectGuard(hostnames, ips) : undefined,
    limiter: o.rps > 0 ? new RequestLimiter(o.rps) : undefined,
    noVUConnectionReuse: o.noVUConnectionReuse,
    httpDebug: o.httpDebug,
  };
}

/** A list of strings; a single string is split at commas (k6's config files accept both). */
function stringList(raw: Raw, key: string, source: (key: string) => string): string[] {
  const v = raw[key];
  if (v === undefined || v === null) return [];
  const list = typeof v === 'string' ? v.split(',') : v;
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
    throw optionError(source(key), key, `must be a list of strings, got ${showValue(v)}`);
  }
  return list.map((s) => s.trim()).filter((s) => s !== '');
}

function rps(v: unknown, where: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw optionError(where, 'rps', `must be a number of requests per second ≥ 0 (0 = unlimited), got ${showValue(v)}`);
  }
  return v;
}

function httpDebug(v: unknown, where: string): HttpDebug {
  if (v === undefined || v === null || v === false || v === '') return '';
  if (v === true || v === 'headers') return 'headers';
  if (v === 'full') return 'full';
  throw optionError(where, 'httpDebug', `must be "headers" (or true), "full" or false, got ${showValue(v)}`);
}
