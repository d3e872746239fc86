import { executorRegistry } from '../support/registry.js';
import { describe, expect, it } from 'vitest';
import { LlmloadError } from '../../runtime/errors.js';
import { HostnamePatterns, hostnamePatternProblem } from '../../runtime/net/hostname-patterns.js';
import { IpRanges, parseCidr, type IpRange } from '../../runtime/net/ip-ranges.js';
import { ConnectGuard } from '../../runtime/net/connect-guard.js';
import { RequestLimiter, type LimiterClock } from '../../runtime/net/request-limiter.js';
import { networkSettings } from '../../runtime/options/network.js';
import { resolveOptions } from '../../runtime/options/resolve.js';
import { DEFAULT_SYSTEM_TAGS, DEFAULT_SYSTEM_TAG_LIST, systemTagSet } from '../../runtime/options/system-tags.js';
import type { RawOptions } from '../../runtime/options/types.js';
import { httpTags, type HopTagFacts } from '../../plugins/endpoints/http/hop-tags.js';

const executors = executorRegistry();
const resolve = (raw: RawOptions, sources: Record<string, string> = {}) =>
  resolveOptions(raw, { executors, extraKeys: [], sources, cwd: '/tmp', warn: () => {} });

/** The ERR_INVALID_OPTION message resolving `raw` throws. */
function rejection(raw: RawOptions, sources: Record<string, string> = {}): string {
  try {
    resolve(raw, sources);
  } catch (e) {
    expect(e).toBeInstanceOf(LlmloadError);
    expect((e as LlmloadError).code).toBe('ERR_INVALID_OPTION');
    expect((e as LlmloadError).exitCode).toBe(104);
    return (e as LlmloadError).message;
  }
  throw new Error(`${JSON.stringify(raw)} was accepted`);
}

describe('blockHostnames patterns (k6: exact names and a leading *)', () => {
  const p = new HostnamePatterns(['test.k6.io', '*.Example.com', '*corp.internal']);
  it.each([
    ['test.k6.io', 'test.k6.io'],
    ['TEST.k6.IO', 'test.k6.io'],
    ['a.example.com', '*.example.com'],
    ['a.b.EXAMPLE.com', '*.example.com'],
    ['corp.internal', '*corp.internal'],
    ['mycorp.internal', '*corp.internal'],
  ])('%s is blocked by %s', (host, pattern) => expect(p.match(host)).toBe(pattern));
  it.each(['example.com', 'k6.io', 'www.test.k6.io', 'example.com.evil.org', 'corp.internal.org'])('%s is not blocked', (host) => {
    expect(p.match(host)).toBeUndefined();
  });
  it('a lone * blocks every name', () => expect(new HostnamePatterns(['*']).match('anything.at.all')).toBe('*'));
  it.each(['http://x.com', 'x.com:80', 'x.com/path', '*.*.com', 'a..b', '-a.com', ''])('"%s" is not a pattern', (bad) => {
    expect(hostnamePatternProblem(bad)).toBeDefined();
  });
});

describe('blacklistIPs ranges (CIDR, IPv4 and IPv6)', () => {
  const ranges = new IpRanges(['10.0.0.0/8', '192.168.1.128/25', 'fd00::/8', '2001:db8::1'].map((c) => parseCidr(c) as IpRange));
  it.each([
    ['10.1.2.3', '10.0.0.0/8'],
    ['192.168.1.200', '192.168.1.128/25'],
    ['fd12:3456::1', 'fd00::/8'],
    ['2001:db8::1', '2001:db8::1/128'],
    ['::ffff:10.9.9.9', '10.0.0.0/8'],
  ])('%s is inside %s', (ip, range) => {
    expect(ranges.contains(ip)).toBe(true);
    expect(ranges.match(ip)).toBe(range);
  });
  it.each(['11.0.0.1', '192.168.1.127', 'fe80::1', '2001:db8::2', 'not-an-ip', 'example.com'])('%s is outside', (ip) => {
    expect(ranges.contains(ip)).toBe(false);
  });
  it.each([
    ['10.0.0.0/33', /prefix length must be 0 to 32/],
    ['fd00::/129', /prefix length must be 0 to 128/],
    ['10.0.0/8', /is not a CIDR range/],
    ['10.0.0.0/x', /prefix length/],
    ['localhost/8', /is not a CIDR range/],
  ])('"%s" is refused', (text, problem) => expect(parseCidr(text)).toMatch(problem));
  it('0.0.0.0/0 holds every IPv4 address', () => {
    expect(new IpRanges([parseCidr('0.0.0.0/0') as IpRange]).contains('203.0.113.9')).toBe(true);
  });
});

describe('ConnectGuard', () => {
  const g = networkSettings({ blockHostnames: ['*.blocked.test'], blacklistIPs: ['127.0.0.0/8'], rps: 0, noVUConnectionReuse: false, httpDebug: '' }).guard!;
  it('refuses a blocked name before anything else, with k6 codes in the error', () => {
    expect(g.checkHostname('api.blocked.test')).toMatchObject({
      code: 'LLMLOAD_HOSTNAME_BLOCKED',
      message: 'hostname (api.blocked.test) is in a blocked pattern (*.blocked.test)',
    });
    expect(g.checkHostname('api.ok.test')).toBeUndefined();
    // IP literals are never matched against host name patterns (k6).
    expect(new ConnectGuard(new HostnamePatterns(['*']), undefined).checkHostname('127.0.0.1')).toBeUndefined();
  });
  it('refuses literal addresses in a range; names are left to its lookup', () => {
    expect(g.checkAddress('127.0.0.1')).toMatchObject({ code: 'LLMLOAD_IP_BLACKLISTED', message: 'IP (127.0.0.1) is in a blacklisted range (127.0.0.0/8)' });
    expect(g.checkAddress('localhost')).toBeUndefined();
    expect(g.lookup).toBeTypeOf('function');
  });
  it('its lookup drops blacklisted addresses and fails when none is left', async () => {
    const all = await new Promise<unknown>((res) => g.lookup!('localhost', { all: true }, (err, addr) => res(err ?? addr)));
    expect(all).toMatchObject({ code: 'LLMLOAD_IP_BLACKLISTED' });
    const one = await new Promise<unknown>((res) => g.lookup!('localhost', { family: 4 }, (err, addr) => res(err ?? addr)));
    expect(one).toMatchObject({ code: 'LLMLOAD_IP_BLACKLISTED' });
    const open = networkSettings({ blockHostnames: [], blacklistIPs: ['10.0.0.0/8'], rps: 0, noVUConnectionReuse: false, httpDebug: '' }).guard!;
    const ok = await new Promise<unknown>((res) => open.lookup!('localhost', { family: 4 }, (err, addr) => res(err ?? addr)));
    expect(ok).toBe('127.0.0.1');
  });
});

/** A clock the test moves by hand; timers fire in due order when it passes them. */
function fakeClock(): LimiterClock & { advance(ms: number): Promise<void>; pending: number } {
  let t = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => t,
    setTimeout(fn, ms) {
      timers.set(++seq, { at: t + ms, fn });
      return seq;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    get pending() {
      return timers.size;
    },
    async advance(ms) {
      const end = t + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        t = due[1].at;
        due[1].fn();
        await new Promise((r) => setImmediate(r));
      }
      t = end;
    },
  };
}

describe('rps: RequestLimiter (one token, FIFO, timers)', () => {
  it('the first request goes at once; the next ones one interval apart, in order', async () => {
    const clock = fakeClock();
    const l = new RequestLimiter(20, clock);
    const started: Array<[number, number]> = [];
    expect(l.acquire()).toBeUndefined();
    started.push([0, clock.now()]);
    for (let i = 1; i <= 5; i++) void l.acquire()!.then((ok) => ok && started.push([i, clock.now()]));
    expect(l.waiting).toBe(5);
    // One timer for the whole queue: waiting costs no polling.
    expect(clock.pending).toBe(1);
    await clock.advance(1000);
    expect(started).toEqual([
      [0, 0],
      [1, 50],
      [2, 100],
      [3, 150],
      [4, 200],
      [5, 250],
    ]);
    expect(clock.pending).toBe(0);
  });

  it('an idle limiter holds one token, not a burst', async () => {
    const clock = fakeClock();
    const l = new RequestLimiter(10, clock);
    await clock.advance(5000);
    expect(l.acquire()).toBeUndefined();
    expect(l.acquire()).toBeInstanceOf(Promise);
  });

  it('20/s for 1 s starts 21 requests (t = 0 … 1000 ms), however many ask', async () => {
    const clock = fakeClock();
    const l = new RequestLimiter(20, clock);
    let started = 0;
    const ask = (): void => {
      const w = l.acquire();
      if (w === undefined) {
        started++;
        return ask();
      }
      void w.then(() => {
        started++;
        if (clock.now() < 1000) ask();
      });
    };
    for (let vu = 0; vu < 10; vu++) ask();
    await clock.advance(1000);
    expect(started).toBe(21);
  });

  it('an aborted wait leaves the queue and gives its turn to the next', async () => {
    const clock = fakeClock();
    const l = new RequestLimiter(10, clock);
    l.acquire();
    const ac = new AbortController();
    const a = l.acquire(ac.signal)!;
    const b = l.acquire()!;
    let bAt = -1;
    void b.then(() => (bAt = clock.now()));
    ac.abort();
    expect(await a).toBe(false);
    await clock.advance(500);
    expect(bAt).toBe(100);
    l.acquire();
    expect(await l.acquire(AbortSignal.abort())).toBe(false);
    expect(l.waiting).toBe(0);
  });

  it('fractional rates (one request every 2 s)', async () => {
    const clock = fakeClock();
    const l = new RequestLimiter(0.5, clock);
    l.acquire();
    let at = -1;
    void l.acquire()!.then(() => (at = clock.now()));
    await clock.advance(3000);
    expect(at).toBe(2000);
  });
});

describe('systemTags', () => {
  it('default: k6 default set plus llmload/openai tags; vu, iter, ip, ocsp_status opt-in', () => {
    expect(DEFAULT_SYSTEM_TAG_LIST).toEqual([
      'proto',
      'subproto',
      'status',
      'method',
      'url',
      'name',
      'group',
      'check',
      'error',
      'error_code',
      'tls_version',
      'scenario',
      'service',
      'expected_response',
      'model',
      'endpoint',
      'stream',
      'finish_reason',
      'error_type',
    ]);
    expect(DEFAULT_SYSTEM_TAGS.vu).toBe(false);
    expect(resolve({}).systemTags).toEqual(DEFAULT_SYSTEM_TAG_LIST);
  });
  it('a chosen list, in canonical order', () => {
    const o = resolve({ systemTags: ['vu', ' status', 'iter', 'status'] });
    expect(o.systemTags).toEqual(['status', 'iter', 'vu']);
    const s = systemTagSet(o.systemTags);
    expect([s.status, s.method, s.vu, s.iter, s.model]).toEqual([true, false, true, true, false]);
    expect(systemTagSet([]).status).toBe(false);
  });
  it('unknown names are an error naming them', () => {
    expect(rejection({ systemTags: ['status', 'methd', 'colour'] })).toBe(
      'options: option "systemTags" has unknown tags "methd" (did you mean "method"?), "colour"; known: ' +
        'proto, subproto, status, method, url, name, group, check, error, error_code, tls_version, scenario, service, ' +
        'expected_response, iter, vu, ocsp_status, ip, model, endpoint, stream, finish_reason, error_type',
    );
    expect(rejection({ systemTags: 'status' as never })).toMatch(/option "systemTags" must be a list of tag names/);
  });
});

describe('resolveOptions: the k6 network options', () => {
  it('defaults: nothing blocked, unlimited, connections reused, no debug', () => {
    expect(resolve({})).toMatchObject({ blockHostnames: [], blacklistIPs: [], rps: 0, noVUConnectionReuse: false, httpDebug: '' });
    expect(networkSettings(resolve({}))).toEqual({ guard: undefined, limiter: undefined, noVUConnectionReuse: false, httpDebug: '' });
  });
  it('reads and normalises them', () => {
    const o = resolve({ blockHostnames: ['*.Example.COM', 'x.io'], blacklistIPs: ['10.0.0.0/8', '::1'], rps: 2.5, noVUConnectionReuse: true, httpDebug: true });
    expect(o).toMatchObject({
      blockHostnames: ['*.example.com', 'x.io'],
      blacklistIPs: ['10.0.0.0/8', '::1/128'],
      rps: 2.5,
      noVUConnectionReuse: true,
      httpDebug: 'headers',
    });
    const n = networkSettings(o);
    expect(n.limiter?.interval).toBe(400);
    expect(n.guard).toBeInstanceOf(ConnectGuard);
    expect(resolve({ httpDebug: 'full' }).httpDebug).toBe('full');
    expect(resolve({ httpDebug: false }).httpDebug).toBe('');
  });
  it.each([
    [
      { blockHostnames: ['https://x.com'] },
      {},
      'options: option "blockHostnames" has "https://x.com" is not a host name or "*.suffix" pattern (no scheme, port or path)',
    ],
    [{ blockHostnames: [3] }, {}, 'options: option "blockHostnames" must be a list of strings, got [3]'],
    [{ blacklistIPs: ['10.0.0.0/40'] }, {}, 'options: option "blacklistIPs" has "10.0.0.0/40": the prefix length must be 0 to 32'],
    [
      { blacklistIPs: ['intranet'] },
      { blacklistIPs: 'environment variable K6_BLACKLIST_IPS' },
      'environment variable K6_BLACKLIST_IPS: option "blacklistIPs" has "intranet" is not a CIDR range such as "10.0.0.0/8" or "fd00::/8"',
    ],
    [{ rps: -1 }, {}, 'options: option "rps" must be a number of requests per second ≥ 0 (0 = unlimited), got -1'],
    [
      { rps: '20' },
      { rps: 'config file "c.json"' },
      'config file "c.json": option "rps" must be a number of requests per second ≥ 0 (0 = unlimited), got "20"',
    ],
    [{ noVUConnectionReuse: 'yes' }, {}, 'options: option "noVUConnectionReuse" must be true or false, got "yes"'],
    [
      { httpDebug: 'verbose' },
      { httpDebug: 'command-line flags' },
      'command-line flags: option "httpDebug" must be "headers" (or true), "full" or false, got "verbose"',
    ],
  ])('%j is refused', (raw, sources, message) => expect(rejection(raw as RawOptions, sources)).toBe(message));
  it('no longer reach the "unknown option" path; truly unsupported k6 options still do', () => {
    expect(() => resolve({ rps: 5, blockHostnames: [], blacklistIPs: [], httpDebug: 'full', noVUConnectionReuse: false, systemTags: [] })).not.toThrow();
    expect(rejection({ dns: {} })).toMatch(/option "dns" is a k6 option llmload does not support/);
  });
});

describe('httpTags: one filter per tag', () => {
  const facts: HopTagFacts = {
    method: 'GET',
    url: 'https://x.test/a',
    status: 200,
    errorCode: 0,
    error: '',
    proto: 'HTTP/1.1',
    tlsVersion: 'tls1.3',
    ip: '10.1.1.1',
    expected: true,
  };
  const base = { scenario: 's', group: '' };
  it('the default set: no ip, no ocsp_status', () => {
    expect(httpTags(base, undefined, facts)).toEqual({
      scenario: 's',
      group: '',
      name: 'https://x.test/a',
      url: 'https://x.test/a',
      method: 'GET',
      status: '200',
      proto: 'HTTP/1.1',
      tls_version: 'tls1.3',
      expected_response: 'true',
    });
  });
  it('opt-in ip and ocsp_status ("unknown" over TLS: llmload asks for no stapled response; absent on plain HTTP, as in k6)', () => {
    const sys = systemTagSet(['ip', 'ocsp_status']);
    expect(httpTags(base, undefined, facts, sys)).toEqual({ ...base, ip: '10.1.1.1', ocsp_status: 'unknown' });
    expect(httpTags(base, undefined, { ...facts, tlsVersion: '' }, sys)).toEqual({ ...base, ip: '10.1.1.1' });
  });
  it("a disabled system tag leaves the script's tag of that name; a user name still becomes the url tag", () => {
    const sys = systemTagSet(['url']);
    expect(httpTags(base, { status: 'mine', name: 'tmpl' }, facts, sys)).toEqual({ ...base, status: 'mine', name: 'tmpl', url: 'tmpl' });
    expect(httpTags(base, { status: 'mine' }, facts, systemTagSet(['status'])).status).toBe('200');
  });
});
