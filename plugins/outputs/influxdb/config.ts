import { invalidOption, parseDuration, suggest } from 'llmload/plugin';
import { parseTagsAsFields, type FieldType } from './line-encoder.js';

/** Which write API: `influxdb=` (1.x `/write?db=`) or `influxdb2=` (`/api/v2/write`). */
export type InfluxApi = 'v1' | 'v2';
export type Precision = 'ns' | 'us' | 'ms' | 's';
const PRECISIONS: readonly Precision[] = ['ns', 'us', 'ms', 's'];

/** Everything the InfluxDB output needs, validated. Secrets stay in here, never in messages. */
export interface InfluxConfig {
  api: InfluxApi;
  /** Server base URL without credentials or database, e.g. `http://localhost:8086`. */
  baseUrl: string;
  /** v1: the database (`/write?db=`); auto-created at start. */
  database: string;
  /** v1: basic auth; v2: `username:password` becomes the token when no token is set (InfluxDB 1.8+). */
  username?: string;
  password?: string;
  /** v2 */
  token?: string;
  org?: string;
  bucket?: string;
  /** How often buffered points are written (ms). */
  pushIntervalMs: number;
  /** Points per write request. */
  batchSize: number;
  /** Tags written as fields (high cardinality), with their field type. */
  tagsAsFields: ReadonlyMap<string, FieldType>;
  precision: Precision;
  /** Skip TLS certificate verification. */
  insecure: boolean;
  /** Most points held while InfluxDB is slow or down; beyond it points are dropped and counted. */
  bufferPoints: number;
  /** How long the end of the run waits for buffered points to be written (ms). */
  flushTimeoutMs: number;
  /** Unreachable at start: error (exit 109) instead of a warning. */
  failOnUnreachable: boolean;
  /** `samples`: one point per ITL gap; `aggregate`: one point per push interval and series. */
  itl: 'samples' | 'aggregate';
}

/** The LLMLOAD_INFLUXDB_* variables (k6's K6_INFLUXDB_* equivalents) and their defaults. */
export const ENV_PREFIX = 'LLMLOAD_INFLUXDB_';
export const ENV_KEYS = [
  'USERNAME',
  'PASSWORD',
  'TOKEN',
  'ORGANIZATION',
  'BUCKET',
  'PUSH_INTERVAL',
  'BATCH_SIZE',
  'TAGS_AS_FIELDS',
  'PRECISION',
  'INSECURE',
  'BUFFER_POINTS',
  'FLUSH_TIMEOUT',
  'FAIL_ON_UNREACHABLE',
  'ITL',
] as const;
export const DEFAULTS = {
  pushInterval: '1s',
  batchSize: 5000,
  tagsAsFields: 'vu:int,iter:int,url',
  precision: 'ns' as Precision,
  bufferPoints: 1_000_000,
  flushTimeout: '10s',
  database: 'llmload',
};

/**
 * Parses `--out influxdb=http://[user:pass@]host:8086/db` or
 * `--out influxdb2=http://host:8086` plus the LLMLOAD_INFLUXDB_* environment.
 * Unknown LLMLOAD_INFLUXDB_* variables are rejected (a typo would silently
 * change nothing otherwise).
 */
export function parseInfluxConfig(api: InfluxApi, arg: string, env: Record<string, string | undefined>): InfluxConfig {
  const flag = api === 'v1' ? 'influxdb' : 'influxdb2';
  const e = readEnv(env);
  let url: URL;
  try {
    url = new URL(arg === '' ? 'http://localhost:8086' : arg);
  } catch {
    // The argument may hold a password: never echo it.
    throw invalidOption(`--out ${flag}=…`, 'expected a URL such as http://localhost:8086' + (api === 'v1' ? '/llmload' : ''));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidOption(`--out ${flag}=…`, `unsupported URL scheme "${url.protocol}" (use http: or https:)`);
  }
  if (url.search !== '') {
    throw invalidOption(`--out ${flag}=…`, `query parameters are not read from the URL; set ${ENV_PREFIX}* variables instead`);
  }
  const username = url.username !== '' ? decodeURIComponent(url.username) : e.USERNAME;
  const password = url.password !== '' ? decodeURIComponent(url.password) : e.PASSWORD;
  // The last path segment is the database (v1); anything before it is a proxy prefix.
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const database = api === 'v1' ? decodeURIComponent(segments.pop() ?? DEFAULTS.database) : '';
  if (api === 'v2' && segments.length > 0 && segments.at(-1) === 'v2') {
    throw invalidOption(`--out ${flag}=…`, 'give the server URL without /api/v2 (e.g. http://localhost:8086)');
  }
  const baseUrl = `${url.protocol}//${url.host}${segments.length ? '/' + segments.join('/') : ''}`;

  const cfg: InfluxConfig = {
    api,
    baseUrl,
    database,
    username,
    password,
    token: e.TOKEN,
    org: e.ORGANIZATION,
    bucket: e.BUCKET,
    pushIntervalMs: duration(e, 'PUSH_INTERVAL', DEFAULTS.pushInterval, 1),
    batchSize: positiveInt(e, 'BATCH_SIZE', DEFAULTS.batchSize),
    tagsAsFields: parseTagsAsFields(e.TAGS_AS_FIELDS ?? DEFAULTS.tagsAsFields, `${ENV_PREFIX}TAGS_AS_FIELDS`),
    precision: oneOf(e, 'PRECISION', PRECISIONS, DEFAULTS.precision),
    insecure: bool(e, 'INSECURE', false),
    bufferPoints: positiveInt(e, 'BUFFER_POINTS', DEFAULTS.bufferPoints),
    flushTimeoutMs: duration(e, 'FLUSH_TIMEOUT', DEFAULTS.flushTimeout, 0),
    failOnUnreachable: bool(e, 'FAIL_ON_UNREACHABLE', false),
    itl: oneOf(e, 'ITL', ['samples', 'aggregate'] as const, 'samples'),
  };
  if (api === 'v2' && !cfg.bucket) {
    throw invalidOption(`--out ${flag}`, `${ENV_PREFIX}BUCKET is required (and ${ENV_PREFIX}ORGANIZATION, ${ENV_PREFIX}TOKEN for InfluxDB 2.x/3.x)`);
  }
  if (api === 'v1' && cfg.database === '') throw invalidOption(`--out ${flag}=…`, 'the URL names no database');
  return cfg;
}

/** `http://localhost:8086/llmload` (v1) or `http://localhost:8086 bucket=b` (v2): for the run header, without secrets. */
export function describeTarget(cfg: InfluxConfig): string {
  if (cfg.api === 'v1') return `${cfg.baseUrl}/${encodeURIComponent(cfg.database)}`;
  return `${cfg.baseUrl}, bucket ${cfg.bucket}${cfg.org ? `, org ${cfg.org}` : ''}`;
}

type EnvKey = (typeof ENV_KEYS)[number];
type Env = Partial<Record<EnvKey, string>>;

function readEnv(env: Record<string, string | undefined>): Env {
  const out: Env = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || value === undefined) continue;
    const key = name.slice(ENV_PREFIX.length);
    if (!(ENV_KEYS as readonly string[]).includes(key)) {
      const close = suggest(key, ENV_KEYS);
      throw invalidOption(
        name,
        `unknown InfluxDB output option${close ? ` (did you mean ${ENV_PREFIX}${close}?)` : ` (known: ${ENV_KEYS.map((k) => ENV_PREFIX + k).join(', ')})`}`,
      );
    }
    if (value !== '') out[key as EnvKey] = value;
  }
  return out;
}

function duration(e: Env, key: EnvKey, def: string, min: number): number {
  const ms = parseDuration(e[key] ?? def, ENV_PREFIX + key);
  if (ms < min) throw invalidOption(ENV_PREFIX + key, `must be at least ${min} ms, got "${e[key]}"`);
  return ms;
}

function positiveInt(e: Env, key: EnvKey, def: number): number {
  const v = e[key];
  if (v === undefined) return def;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw invalidOption(ENV_PREFIX + key, `must be a positive integer, got "${v}"`);
  return n;
}

function bool(e: Env, key: EnvKey, def: boolean): boolean {
  const v = e[key]?.toLowerCase();
  if (v === undefined) return def;
  if (['1', 'true', 'yes'].includes(v)) return true;
  if (['0', 'false', 'no'].includes(v)) return false;
  throw invalidOption(ENV_PREFIX + key, `must be true or false, got "${e[key]}"`);
}

function oneOf<T extends string>(e: Env, key: EnvKey, allowed: readonly T[], def: T): T {
  const v = e[key];
  if (v === undefined) return def;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw invalidOption(ENV_PREFIX + key, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got "${v}"`);
}
