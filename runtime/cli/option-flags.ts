import type { Argv } from 'yargs';
import { splitList } from '../options/env-layer.js';
import type { RawOptions } from '../options/types.js';

type Kind = 'string' | 'number' | 'boolean' | 'list';

/**
 * k6's command-line flags that set one option each (`--user-agent` →
 * `userAgent`). A flag k6 spells `--no-x` is declared as `x` here (yargs
 * reads `--no-x` as `x: false`) and `invert`ed into the option.
 */
const OPTION_FLAGS: ReadonlyArray<{ flag: string; option: string; kind: Kind; describe: string; invert?: boolean; alias?: string }> = [
  { flag: 'user-agent', option: 'userAgent', kind: 'string', describe: 'User-Agent of llmload/http requests ("" sends none)' },
  { flag: 'insecure-skip-tls-verify', option: 'insecureSkipTLSVerify', kind: 'boolean', describe: 'do not verify TLS certificates' },
  { flag: 'max-redirects', option: 'maxRedirects', kind: 'number', describe: 'redirects llmload/http follows (default 10)' },
  { flag: 'batch', option: 'batch', kind: 'number', describe: 'requests one http.batch() runs at once (default 20)' },
  { flag: 'batch-per-host', option: 'batchPerHost', kind: 'number', describe: 'requests one http.batch() runs at once per host (default 6)' },
  { flag: 'discard-response-bodies', option: 'discardResponseBodies', kind: 'boolean', describe: "responseType 'none' by default" },
  { flag: 'connection-reuse', option: 'noConnectionReuse', kind: 'boolean', invert: true, describe: '--no-connection-reuse: a new connection per request' },
  {
    flag: 'vu-connection-reuse',
    option: 'noVUConnectionReuse',
    kind: 'boolean',
    invert: true,
    describe: '--no-vu-connection-reuse: new connections every iteration',
  },
  { flag: 'min-iteration-duration', option: 'minIterationDuration', kind: 'string', describe: 'pad shorter iterations with a sleep, e.g. 1s' },
  { flag: 'system-tags', option: 'systemTags', kind: 'list', describe: 'system tags samples carry, comma-separated' },
  { flag: 'summary-time-unit', option: 'summaryTimeUnit', kind: 'string', describe: 'one time unit for the summary: s, ms or us' },
  { flag: 'rps', option: 'rps', kind: 'number', describe: 'at most this many requests per second in all (prefer arrival-rate executors)' },
  { flag: 'throw', option: 'throw', kind: 'boolean', alias: 'w', describe: 'a failed request (network error) throws in the script' },
  { flag: 'blacklist-ip', option: 'blacklistIPs', kind: 'list', describe: 'refuse requests to these IP ranges (CIDR), comma-separated' },
  { flag: 'block-hostnames', option: 'blockHostnames', kind: 'list', describe: 'refuse requests to these host names (*.example.com), comma-separated' },
  { flag: 'http-debug', option: 'httpDebug', kind: 'string', describe: 'log requests and responses: --http-debug (headers) or --http-debug=full (bodies too)' },
];

const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Declares every option flag on `y`. */
export function optionFlags<T>(y: Argv<T>): Argv<T> {
  let out = y;
  for (const f of OPTION_FLAGS) {
    out = out.option(f.flag, { type: f.kind === 'list' ? 'string' : f.kind, describe: f.describe, ...(f.alias ? { alias: f.alias } : {}) }) as Argv<T>;
  }
  return out;
}

/** The options the option flags set (only those given). */
export function optionFlagsLayer(argv: Record<string, unknown>): RawOptions {
  const o: RawOptions = {};
  for (const f of OPTION_FLAGS) {
    let v = argv[camel(f.flag)];
    if (v === undefined) continue;
    if (Array.isArray(v)) v = v[v.length - 1];
    if (f.kind === 'list') o[f.option] = splitList(String(v));
    else if (f.option === 'httpDebug') o[f.option] = v === '' ? 'headers' : v;
    else o[f.option] = f.invert ? !v : v;
  }
  return o;
}

/**
 * k6 accepts a bare `--http-debug` before the script (`--http-debug script.js`);
 * yargs would take the script for its value. A bare one becomes `--http-debug=headers`.
 */
export function normaliseOptionArgs(args: readonly string[]): string[] {
  return args.map((a, i) => (a === '--http-debug' && !['full', 'headers'].includes(args[i + 1] ?? '') ? '--http-debug=headers' : a));
}
