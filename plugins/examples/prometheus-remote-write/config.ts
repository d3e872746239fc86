import { invalidOption, isTrendStat, parseDuration, suggest } from 'llmload/plugin';
import { isNamespace } from './names.js';

/** Everything the output needs, validated. Credentials stay in `headers`, never in messages. */
export interface RwConfig {
  /** The remote-write endpoint, without credentials (e.g. http://localhost:8428/api/v1/write). */
  url: string;
  /** Authorization and user headers sent with every request (besides the protocol's own). */
  headers: Record<string, string>;
  pushIntervalMs: number;
  /** What each trend is sent as: k6's stat names. */
  trendStats: string[];
  staticLabels: Record<string, string>;
  namespace: string;
  /** Most points held while the receiver is slow or down; beyond it the oldest are dropped. */
  bufferPoints: number;
  /** Points per write request. */
  batchSize: number;
  flushTimeoutMs: number;
  staleMarkers: boolean;
  insecureSkipTlsVerify: boolean;
}

/** llmload's variables; k6's K6_PROMETHEUS_RW_* names work too (LLMLOAD_ wins when both are set). */
export const PREFIXES = ['LLMLOAD_PROMETHEUS_RW_', 'K6_PROMETHEUS_RW_'] as const;
const KEYS = [
  'SERVER_URL',
  'PUSH_INTERVAL',
  'TREND_STATS',
  'LABELS',
  'USERNAME',
  'PASSWORD',
  'BEARER_TOKEN',
  'HTTP_HEADERS',
  'STALE_MARKERS',
  'INSECURE_SKIP_TLS_VERIFY',
  'TREND_AS_NATIVE_HISTOGRAM',
  'NAMESPACE',
  'BUFFER_POINTS',
  'BATCH_SIZE',
  'FLUSH_TIMEOUT',
] as const;
/** k6 options this plugin does not implement: refused, so a setting is never silently ignored. */
const UNSUPPORTED: Record<string, string> = {
  CLIENT_CERTIFICATE: 'client certificates are not supported',
  CLIENT_CERTIFICATE_KEY: 'client certificates are not supported',
  TLS_MINIMUM_VERSION: 'the TLS version is Node’s default',
  SIGV4_REGION: 'AWS SigV4 signing is not supported',
  SIGV4_ACCESS_KEY: 'AWS SigV4 signing is not supported',
  SIGV4_SECRET_KEY: 'AWS SigV4 signing is not supported',
};
export const DEFAULTS = {
  url: 'http://localhost:9090/api/v1/write',
  pushInterval: '1s',
  trendStats: 'avg,min,med,max,p(90),p(95),p(99),count,sum',
  namespace: 'llmload_',
  bufferPoints: 500_000,
  batchSize: 5000,
  flushTimeout: '10s',
};

type Key = (typeof KEYS)[number];
interface Env {
  values: Partial<Record<Key, { name: string; value: string }>>;
  headers: Record<string, string>;
}

/** `--out prometheus-rw[=URL]` plus the environment; the URL argument wins over SERVER_URL. */
export function parseRwConfig(flag: string, arg: string, env: Record<string, string | undefined>): RwConfig {
  const e = readEnv(env);
  const get = (k: Key) => e.values[k]?.value;
  const where = (k: Key) => e.values[k]?.name ?? `${PREFIXES[0]}${k}`;
  let url: URL;
  try {
    url = new URL(arg !== '' ? arg : (get('SERVER_URL') ?? DEFAULTS.url));
  } catch {
    // It may hold a password: never echo it.
    throw invalidOption(arg !== '' ? `--out ${flag}=…` : where('SERVER_URL'), 'expected a URL such as http://localhost:9090/api/v1/write');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalidOption(`--out ${flag}`, `unsupported URL scheme "${url.protocol}" (use http: or https:)`);
  const headers: Record<string, string> = {};
  const user = url.username !== '' ? decodeURIComponent(url.username) : get('USERNAME');
  const pass = url.password !== '' ? decodeURIComponent(url.password) : get('PASSWORD');
  if (user !== undefined || pass !== undefined) headers.authorization = `Basic ${Buffer.from(`${user ?? ''}:${pass ?? ''}`).toString('base64')}`;
  if (get('BEARER_TOKEN') !== undefined) headers.authorization = `Bearer ${get('BEARER_TOKEN')}`;
  Object.assign(headers, pairs(get('HTTP_HEADERS'), ':', where('HTTP_HEADERS')), e.headers);
  url.username = '';
  url.password = '';
  if (bool(get('TREND_AS_NATIVE_HISTOGRAM'), where('TREND_AS_NATIVE_HISTOGRAM'))) {
    throw invalidOption(
      where('TREND_AS_NATIVE_HISTOGRAM'),
      'native histograms are not supported by this output; trends are sent as their statistics (TREND_STATS)',
    );
  }
  const namespace = get('NAMESPACE') ?? DEFAULTS.namespace;
  if (!isNamespace(namespace)) throw invalidOption(where('NAMESPACE'), `must be a metric-name prefix such as "llmload_", got "${namespace}"`);
  return {
    url: url.href,
    headers,
    pushIntervalMs: duration(get('PUSH_INTERVAL') ?? DEFAULTS.pushInterval, where('PUSH_INTERVAL'), 10),
    trendStats: trendStats(get('TREND_STATS') ?? DEFAULTS.trendStats, where('TREND_STATS')),
    staticLabels: pairs(get('LABELS'), '=', where('LABELS')),
    namespace,
    bufferPoints: positiveInt(get('BUFFER_POINTS'), DEFAULTS.bufferPoints, where('BUFFER_POINTS')),
    batchSize: positiveInt(get('BATCH_SIZE'), DEFAULTS.batchSize, where('BATCH_SIZE')),
    flushTimeoutMs: duration(get('FLUSH_TIMEOUT') ?? DEFAULTS.flushTimeout, where('FLUSH_TIMEOUT'), 0),
    staleMarkers: bool(get('STALE_MARKERS'), where('STALE_MARKERS')),
    insecureSkipTlsVerify: bool(get('INSECURE_SKIP_TLS_VERIFY'), where('INSECURE_SKIP_TLS_VERIFY')),
  };
}

/** Both prefixes, LLMLOAD_ first; unknown names are errors with a suggestion (a typo would change nothing otherwise). */
function readEnv(env: Record<string, string | undefined>): Env {
  const out: Env = { values: {}, headers: {} };
  for (const prefix of [...PREFIXES].reverse()) {
    for (const [name, value] of Object.entries(env)) {
      if (!name.startsWith(prefix) || value === undefined || value === '') continue;
      const key = name.slice(prefix.length);
      if (key.startsWith('HEADERS_') && key.length > 8) out.headers[key.slice(8).toLowerCase()] = value;
      else if ((KEYS as readonly string[]).includes(key)) out.values[key as Key] = { name, value };
      else if (UNSUPPORTED[key]) throw invalidOption(name, `is not supported by this output: ${UNSUPPORTED[key]}`);
      else {
        const close = suggest(key, KEYS);
        throw invalidOption(name, `unknown remote-write output option${close ? ` (did you mean ${prefix}${close}?)` : ` (known: ${KEYS.join(', ')})`}`);
      }
    }
  }
  return out;
}

function trendStats(raw: string, where: string): string[] {
  const stats = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = stats.find((s) => !isTrendStat(s));
  if (bad !== undefined || stats.length === 0) {
    throw invalidOption(where, `${bad === undefined ? 'is empty' : `has an unknown stat "${bad}"`} (expected a list of avg, min, med, max, count, sum, p(N))`);
  }
  return [...new Set(stats)];
}

/** `a=1,b=2` (LABELS) or `k1:v1,k2:v2` (HTTP_HEADERS). */
function pairs(raw: string | undefined, sep: string, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (raw ?? '').split(',').filter((p) => p.trim() !== '')) {
    const at = part.indexOf(sep);
    if (at <= 0) throw invalidOption(where, `expected a comma-separated list of key${sep}value, got "${part.trim()}"`);
    out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return out;
}

function duration(raw: string, where: string, min: number): number {
  const ms = parseDuration(raw, where);
  if (ms < min) throw invalidOption(where, `must be at least ${min} ms, got "${raw}"`);
  return ms;
}

function positiveInt(raw: string | undefined, def: number, where: string): number {
  if (raw === undefined) return def;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw invalidOption(where, `must be a positive integer, got "${raw}"`);
  return n;
}

function bool(raw: string | undefined, where: string): boolean {
  const v = raw?.toLowerCase();
  if (v === undefined || ['0', 'false', 'no'].includes(v)) return false;
  if (['1', 'true', 'yes'].includes(v)) return true;
  throw invalidOption(where, `must be true or false, got "${raw}"`);
}
