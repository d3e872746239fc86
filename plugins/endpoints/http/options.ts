import {
  checkKeys,
  expectArray,
  expectBool,
  expectInt,
  expectString,
  invalidOption,
  LLMLOAD_VERSION,
  optionError,
  showValue,
  type ClientCert,
  type ConnectConfig,
} from 'llmload/plugin';
import { createSecureContext, type SecureVersion } from 'node:tls';
import { parseHosts } from './hosts.js';
import type { HttpVuConfig } from './types.js';

/** The top-level k6 options the http plugin owns (`Plugins.optionKeys`). */
export const HTTP_OPTION_KEYS = [
  'userAgent',
  'insecureSkipTLSVerify',
  'tlsAuth',
  'tlsVersion',
  'hosts',
  'discardResponseBodies',
  'throw',
  'batch',
  'batchPerHost',
  'noCookiesReset',
  'maxRedirects',
] as const;

/** The resolved http options. */
export interface HttpOptions {
  vu: HttpVuConfig;
  connect: ConnectConfig;
  noCookiesReset: boolean;
  maxRedirects: number;
  /** maxRedirects was set: stopping at the limit is expected, not worth a warning (k6). */
  maxRedirectsSet: boolean;
}

/** k6's defaults (userAgent: llmload's own name and version). */
export function defaultHttpOptions(): HttpOptions {
  return {
    vu: { userAgent: `llmload/${LLMLOAD_VERSION}`, throw: false, discardResponseBodies: false, batch: 20, batchPerHost: 6 },
    connect: { insecureSkipTLSVerify: false, certs: [] },
    noCookiesReset: false,
    maxRedirects: 10,
    maxRedirectsSet: false,
  };
}

const WHERE = 'options';
const TLS_VERSIONS: Record<string, SecureVersion | undefined> = {
  '': undefined,
  'tls1.0': 'TLSv1',
  'tls1.1': 'TLSv1.1',
  'tls1.2': 'TLSv1.2',
  'tls1.3': 'TLSv1.3',
};

/** Reads the http options from the plugin-owned part of the options; throws ERR_INVALID_OPTION naming the option. */
export function parseHttpOptions(extra: Record<string, unknown>): HttpOptions {
  const o = defaultHttpOptions();
  const v = o.vu;
  v.userAgent = expectString(extra, 'userAgent', WHERE, v.userAgent);
  v.throw = expectBool(extra, 'throw', WHERE, false);
  v.discardResponseBodies = expectBool(extra, 'discardResponseBodies', WHERE, false);
  // batch 0 would start no worker at all (k6 then waits forever): refuse it.
  v.batch = atLeast(extra, 'batch', 1, v.batch);
  v.batchPerHost = atLeast(extra, 'batchPerHost', 0, v.batchPerHost);
  o.maxRedirects = atLeast(extra, 'maxRedirects', 0, o.maxRedirects);
  o.maxRedirectsSet = extra.maxRedirects !== undefined;
  o.noCookiesReset = expectBool(extra, 'noCookiesReset', WHERE, false);
  const c = o.connect;
  c.insecureSkipTLSVerify = expectBool(extra, 'insecureSkipTLSVerify', WHERE, false);
  Object.assign(c, tlsVersions(extra.tlsVersion));
  c.certs = tlsAuth(extra);
  if (extra.hosts !== undefined) c.hosts = parseHosts(extra.hosts, `${WHERE}: option "hosts"`);
  return o;
}

function atLeast(extra: Record<string, unknown>, key: string, min: number, def: number): number {
  const n = expectInt(extra, key, WHERE, def);
  if (n < min) throw optionError(WHERE, key, `must be an integer ≥ ${min}, got ${n}`);
  return n;
}

/** "tls1.2" (exactly that version) or { min, max } (either may be absent or ''). */
function tlsVersions(raw: unknown): { minVersion?: SecureVersion; maxVersion?: SecureVersion } {
  if (raw === undefined) return {};
  const one = (x: unknown, key: string): SecureVersion | undefined => {
    if (x === undefined) return undefined;
    if (typeof x === 'string' && x in TLS_VERSIONS) return TLS_VERSIONS[x];
    throw optionError(WHERE, key, `must be one of "tls1.0", "tls1.1", "tls1.2", "tls1.3", got ${showValue(x)}`);
  };
  if (typeof raw === 'string') {
    const ver = one(raw, 'tlsVersion');
    return { minVersion: ver, maxVersion: ver };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw optionError(WHERE, 'tlsVersion', `must be a version such as "tls1.2" or { min, max }, got ${showValue(raw)}`);
  }
  const obj = raw as Record<string, unknown>;
  checkKeys(obj, ['min', 'max'], `${WHERE}: option "tlsVersion"`);
  return { minVersion: one(obj.min, 'tlsVersion.min'), maxVersion: one(obj.max, 'tlsVersion.max') };
}

/** [{ domains?, cert, key, password? }], PEM strings; each pair is loaded now so a bad one fails before the test. */
function tlsAuth(extra: Record<string, unknown>): ClientCert[] {
  const list = expectArray(extra, 'tlsAuth', WHERE) ?? [];
  return list.map((raw, i) => {
    const key = `tlsAuth[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw optionError(WHERE, key, `must be { domains, cert, key, password? }, got ${showValue(raw)}`);
    const e = raw as Record<string, unknown>;
    checkKeys(e, ['domains', 'cert', 'key', 'password'], `${WHERE}: option "${key}"`);
    const cert = expectString(e, 'cert', `${WHERE}: option "${key}"`);
    const pem = expectString(e, 'key', `${WHERE}: option "${key}"`);
    if (!cert || !pem) throw optionError(WHERE, key, 'needs "cert" and "key" (PEM strings)');
    const domains = expectArray(e, 'domains', `${WHERE}: option "${key}"`) ?? [];
    if (!domains.every((d) => typeof d === 'string')) throw optionError(WHERE, `${key}.domains`, `must be a list of host names, got ${showValue(domains)}`);
    const passphrase = expectString(e, 'password', `${WHERE}: option "${key}"`);
    try {
      createSecureContext({ cert, key: pem, passphrase });
    } catch (err) {
      throw invalidOption(`${WHERE}: option "${key}"`, `cannot load the certificate and key: ${(err as Error).message}`);
    }
    return { domains: domains as string[], cert, key: pem, passphrase };
  });
}
