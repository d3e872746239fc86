import { invalidOption } from '../errors.js';
import type { RawOptions } from './types.js';

type Kind = 'string' | 'number' | 'bool' | 'list' | 'stages' | 'json';

/**
 * Options that environment variables set, as k6 names them: each one is
 * `LLMLOAD_<NAME>` and, for k6 users, `K6_<NAME>` (LLMLOAD_ wins when both are
 * set). Values are parsed here; validation is the option's own, later.
 */
const ENV_OPTIONS: ReadonlyArray<readonly [name: string, option: string, kind: Kind]> = [
  ['VUS', 'vus', 'number'],
  ['DURATION', 'duration', 'string'],
  ['ITERATIONS', 'iterations', 'number'],
  ['STAGES', 'stages', 'stages'],
  ['SUMMARY_TREND_STATS', 'summaryTrendStats', 'list'],
  ['SUMMARY_TIME_UNIT', 'summaryTimeUnit', 'string'],
  ['SETUP_TIMEOUT', 'setupTimeout', 'string'],
  ['TEARDOWN_TIMEOUT', 'teardownTimeout', 'string'],
  ['HANDLE_SUMMARY_TIMEOUT', 'handleSummaryTimeout', 'string'],
  ['NO_THRESHOLDS', 'noThresholds', 'bool'],
  ['NO_SETUP', 'noSetup', 'bool'],
  ['NO_TEARDOWN', 'noTeardown', 'bool'],
  ['NO_CONNECTION_REUSE', 'noConnectionReuse', 'bool'],
  ['NO_VU_CONNECTION_REUSE', 'noVUConnectionReuse', 'bool'],
  ['MIN_ITERATION_DURATION', 'minIterationDuration', 'string'],
  ['EXECUTION_SEGMENT', 'executionSegment', 'string'],
  ['EXECUTION_SEGMENT_SEQUENCE', 'executionSegmentSequence', 'string'],
  ['SYSTEM_TAGS', 'systemTags', 'list'],
  ['USER_AGENT', 'userAgent', 'string'],
  ['INSECURE_SKIP_TLS_VERIFY', 'insecureSkipTLSVerify', 'bool'],
  ['MAX_REDIRECTS', 'maxRedirects', 'number'],
  ['BATCH', 'batch', 'number'],
  ['BATCH_PER_HOST', 'batchPerHost', 'number'],
  ['DISCARD_RESPONSE_BODIES', 'discardResponseBodies', 'bool'],
  ['NO_COOKIES_RESET', 'noCookiesReset', 'bool'],
  ['THROW', 'throw', 'bool'],
  ['HOSTS', 'hosts', 'json'],
  ['TLS_VERSION', 'tlsVersion', 'string'],
  ['RPS', 'rps', 'number'],
  ['BLACKLIST_IPS', 'blacklistIPs', 'list'],
  ['BLOCK_HOSTNAMES', 'blockHostnames', 'list'],
  ['HTTP_DEBUG', 'httpDebug', 'string'],
  // llmload's own: the URL of options.waitFor (its timeout and interval stay the script's).
  ['WAIT_FOR', 'waitFor', 'string'],
];

/** "avg,p(95), p(99.9)" → ['avg', 'p(95)', 'p(99.9)'] (commas inside parentheses never occur). */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `30s:10` → { duration: '30s', target: 10 }. */
export function parseStage(text: string, what: string): { duration: string; target: number } {
  const m = /^([^:]+):(\d+)$/.exec(text.trim());
  if (!m) throw invalidOption(what, `expected DURATION:TARGET such as "30s:10", got "${text}"`);
  return { duration: m[1]!, target: Number(m[2]) };
}

function parse(kind: Kind, value: string, variable: string): unknown {
  switch (kind) {
    case 'string':
      return value;
    case 'number': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw invalidOption(variable, `must be a number, got "${value}"`);
      return n;
    }
    case 'bool': {
      const v = value.trim().toLowerCase();
      if (['1', 'true', 'yes'].includes(v)) return true;
      if (['0', 'false', 'no', ''].includes(v)) return false;
      throw invalidOption(variable, `must be true or false, got "${value}"`);
    }
    case 'list':
      return splitList(value);
    case 'stages':
      return splitList(value).map((s) => parseStage(s, variable));
    case 'json':
      try {
        return JSON.parse(value) as unknown;
      } catch (err) {
        throw invalidOption(variable, `must be JSON (${(err as Error).message})`);
      }
  }
}

/**
 * The options layer from the environment: `LLMLOAD_*` and k6's `K6_*`.
 * `source` reports which variable set each option, for messages.
 */
export function envLayer(env: Record<string, string | undefined>): { options: RawOptions; source: Record<string, string> } {
  const options: RawOptions = {};
  const source: Record<string, string> = {};
  for (const [name, option, kind] of ENV_OPTIONS) {
    const variable = env[`LLMLOAD_${name}`] !== undefined ? `LLMLOAD_${name}` : env[`K6_${name}`] !== undefined ? `K6_${name}` : undefined;
    if (variable === undefined) continue;
    options[option] = parse(kind, env[variable]!, variable);
    source[option] = `environment variable ${variable}`;
  }
  return { options, source };
}

/** The variable names this layer reads (for the README and messages). */
export const ENV_OPTION_NAMES = ENV_OPTIONS.map(([name, option]) => ({ name, option }));
