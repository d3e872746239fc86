import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isLlmloadError } from '../../runtime/errors.js';
import { BUILTIN_PLUGINS } from '../../runtime/plugin-host/builtin.js';
import { PluginRegistry } from '../../runtime/plugin-host/plugin-registry.js';
import type { Endpoint } from '../../runtime/plugin-api/endpoint.js';
import { HostOps } from '../../runtime/vu/host-ops.js';
import { SampleTags } from '../../runtime/vu/sample-tags.js';
import { HTTP_OPTION_KEYS } from '../../plugins/endpoints/http/index.js';
import { parseHttpOptions } from '../../plugins/endpoints/http/options.js';
import { useHttpVu } from '../support/http-vu.js';

const { srv, vuWith, run, samples } = useHttpVu();

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

// k6's cookie jars (item 6), http.batch and asyncRequest (item 8) and the http options (item 9).
describe('llmload/http cookies (k6)', () => {
  it('stores Set-Cookie in the VU jar (redirect hops too) and sends matching cookies', async () => {
    const vu = await vuWith(`
      const r = await http.get('${srv.url}/cookies/set?a=1&b=2');
      out([r.url, r.json('cookies'), r.request.cookies]);
      const again = await http.get('${srv.url}/cookies');
      out([again.request.cookies, http.cookieJar().cookiesForURL('${srv.url}/')]);`);
    const [[url, seen, firstSent], [sent, jar]] = await run(vu);
    expect(url).toBe(`${srv.url}/cookies`);
    expect(seen).toEqual({ a: '1', b: '2' });
    expect(firstSent).toEqual({});
    expect(sent).toEqual({ a: [{ name: 'a', value: '1', replace: false }], b: [{ name: 'b', value: '2', replace: false }] });
    expect(jar).toEqual({ a: ['1'], b: ['2'] });
  });

  it('empties the VU jar at the start of every iteration, unless noCookiesReset', async () => {
    const script = `
      if (__ITER === 0) await http.get('${srv.url}/cookies/set?k=v');
      else out((await http.get('${srv.url}/cookies')).json('cookies'));`;
    const vu = await vuWith(script);
    await run(vu, 0);
    expect(await run(vu, 1)).toEqual([{}]);
    const kept = await vuWith(script, { options: { noCookiesReset: true } });
    await run(kept, 0);
    expect(await run(kept, 1)).toEqual([{ k: 'v' }]);
  });

  it('jar.set / cookiesForURL / delete / clear, with domain, path, secure and expiry', async () => {
    const vu = await vuWith(`
      const jar = http.cookieJar();
      const base = '${srv.url}';
      out(jar.set(base + '/', 'a', '1'));
      jar.set(base + '/', 'p', '2', { path: '/anything' });
      jar.set(base + '/', 's', '3', { secure: true });
      jar.set(base + '/', 'old', '4', { expires: 'Mon, 02 Jan 2006 15:04:05 GMT' });
      jar.set(base + '/', 'gone', '5', { max_age: -1 });
      jar.set(base + '/', 'other', '6', { domain: 'example.com' });
      out([jar.cookiesForURL(base + '/'), jar.cookiesForURL(base + '/anything/x')]);
      out((await http.get(base + '/anything/x')).json('headers.cookie'));
      jar.delete(base + '/', 'a');
      out(jar.cookiesForURL(base + '/anything/x'));
      jar.clear(base + '/anything/x');
      out(jar.cookiesForURL(base + '/anything/x'));
      try { jar.set('not a url', 'a', 'b'); } catch (e) { out(String(e)); }
      try { jar.set(base, 'a', 'b', { expires: 'someday' }); } catch (e) { out(String(e)); }`);
    const [ok, [root, sub], header, afterDelete, afterClear, badUrl, badExpires] = await run(vu);
    expect(ok).toBe(true);
    expect(root).toEqual({ a: ['1'] });
    expect(sub).toEqual({ p: ['2'], a: ['1'] });
    expect(header).toBe('p=2; a=1');
    expect(afterDelete).toEqual({ p: ['2'] });
    expect(afterClear).toEqual({});
    expect(badUrl).toMatch(/invalid URL "not a url"/);
    expect(badExpires).toMatch(/unable to parse "expires" date string "someday"/);
  });

  it('new http.CookieJar() with params.jar; params.cookies are sent, not stored, and replace hides jar cookies', async () => {
    const vu = await vuWith(`
      const mine = new http.CookieJar();
      await http.get('${srv.url}/cookies/set?j=1', { jar: mine });
      out([mine.cookiesForURL('${srv.url}/'), http.cookieJar().cookiesForURL('${srv.url}/')]);
      http.cookieJar().set('${srv.url}/', 'x', 'jar');
      http.cookieJar().set('${srv.url}/', 'y', 'jar');
      const r = await http.get('${srv.url}/cookies', { cookies: { x: 'own', y: { value: 'own', replace: true }, z: 3 }, jar: null });
      out([r.json('cookies'), r.request.headers.Cookie, http.cookieJar().cookiesForURL('${srv.url}/')]);`);
    const [[mine, vuJar], [seen, header, jarAfter]] = await run(vu);
    expect(mine).toEqual({ j: ['1'] });
    expect(vuJar).toEqual({});
    expect(header).toEqual(['x=own; y=own; z=3; x=jar']);
    expect(seen).toEqual({ x: 'jar', y: 'own', z: '3' });
    expect(jarAfter).toEqual({ x: ['jar'], y: ['jar'] });
  });

  it('HostOps calls beginIteration for iterations only, and only for existing states', () => {
    const calls: string[] = [];
    const ep: Endpoint<{ n: number }> = {
      createState: () => ({ n: 0 }),
      call: async () => undefined,
      callSync: (p, ctx) => ({ echo: p, vu: ctx.vuId }),
      beginIteration: (s) => void calls.push(`begin ${s.n}`),
    };
    const ops = new HostOps(7, new Map([['fake', ep as Endpoint]]), { push() {} }, new SampleTags(), () => {});
    ops.reset({ iteration: true });
    expect(calls).toEqual([]); // no state yet: nothing to reset
    expect(JSON.parse(ops.callSync('fake', 1))).toEqual({ echo: 1, vu: 7 });
    ops.reset({ iteration: true });
    ops.reset({ warmup: true });
    ops.reset({});
    expect(calls).toEqual(['begin 0']);
    expect(() => ops.callSync('nope', 1)).toThrow(/unknown synchronous host operation "nope"/);
    expect(ops.config('fake')).toBe('null');
  });
});

describe('llmload/http batch and asyncRequest (k6)', () => {
  it('takes every k6 request form and answers in kind', async () => {
    const vu = await vuWith(`
      const list = await http.batch([
        '${srv.url}/anything/1',
        ['POST', '${srv.url}/anything/2', 'two', { tags: { t: 'x' } }],
        { method: 'put', url: '${srv.url}/anything/3', body: 'three' },
        { url: '${srv.url}/anything/4', body: 'dropped' },
        http.url\`${srv.url}/anything/\${5}\`,
      ]);
      out(list.map((r) => [r.status, r.json('method'), r.json('data')]));
      const named = await http.batch({ a: '${srv.url}/anything/a', b: { method: 'GET', url: '${srv.url}/anything/b', params: { headers: { 'X-B': 'b' } } } });
      out([Object.keys(named), named.a.json('path'), named.b.json('headers.x-b')]);
      const p = http.asyncRequest('POST', '${srv.url}/anything/async', 'x');
      out([p instanceof Promise, (await p).json('data')]);`);
    const [list, named, asyncRes] = await run(vu);
    expect(list).toEqual([
      [200, 'GET', ''],
      [200, 'POST', 'two'],
      [200, 'PUT', 'three'],
      [200, 'GET', ''],
      [200, 'GET', ''],
    ]);
    expect(named).toEqual([['a', 'b'], '/anything/a', 'b']);
    expect(asyncRes).toEqual([true, 'x']);
    expect(samples('http_reqs')[1]!.tags.t).toBe('x');
  });

  it('checks every entry before sending any', async () => {
    const vu = await vuWith(`
      for (const bad of [[['GET']], [{ method: 'GET' }], [[5, 'x']], 'x']) {
        try { await http.batch(bad as any); } catch (e) { out(String(e)); }
      }`);
    expect(await run(vu)).toEqual([
      expect.stringMatching(/invalid batch request/),
      expect.stringMatching(/batch request 0 doesn't have a url key/),
      expect.stringMatching(/invalid method type 5/),
      expect.stringMatching(/accepts only an array or an object/),
    ]);
    expect(srv.log).toEqual([]);
  });

  it('keeps at most `batch` requests in flight, and `batchPerHost` per host (0 = no limit)', async () => {
    // Waves of 300 ms requests: a loaded CI machine adds tens of ms to a batch, never half a wave.
    const script = (n: number, hostB = 0) => `
      const t0 = Date.now();
      const urls = [...Array(${n}).fill('${srv.url}/delay/300'), ...Array(${hostB}).fill('${srv.url.replace('127.0.0.1', 'localhost')}/delay/300')];
      const rs = await http.batch(urls);
      out([rs.every((r) => r.status === 200), Date.now() - t0]);`;
    const waves = async (body: string, options: Record<string, unknown>) => {
      const [[ok, ms]] = await run(await vuWith(body, { options }));
      expect(ok).toBe(true);
      return Math.round(ms / 300);
    };
    expect(await waves(script(5), { batch: 2, batchPerHost: 0 })).toBe(3);
    expect(await waves(script(3, 2), { batch: 20, batchPerHost: 1 })).toBe(3);
    expect(await waves(script(6), { batch: 20, batchPerHost: 0 })).toBe(1);
    expect(await waves(script(7), {})).toBe(2); // k6's defaults: batch 20, batchPerHost 6
  });
});

describe('llmload/http options (k6)', () => {
  it('owns its option keys, and rejects bad values with ERR_INVALID_OPTION naming the option', () => {
    expect(new PluginRegistry(BUILTIN_PLUGINS).optionKeys()).toEqual(expect.arrayContaining([...HTTP_OPTION_KEYS]));
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ userAgent: 5 }, /option "userAgent" must be a string, got 5/],
      [{ batch: 0 }, /option "batch" must be an integer ≥ 1, got 0/],
      [{ batchPerHost: -1 }, /option "batchPerHost" must be an integer ≥ 0/],
      [{ maxRedirects: 'x' }, /option "maxRedirects" must be an integer/],
      [{ throw: 'yes' }, /option "throw" must be true or false/],
      [{ noCookiesReset: 1 }, /option "noCookiesReset" must be true or false/],
      [{ discardResponseBodies: 'x' }, /option "discardResponseBodies"/],
      [{ insecureSkipTLSVerify: 'x' }, /option "insecureSkipTLSVerify"/],
      [{ tlsVersion: 'tls9' }, /option "tlsVersion" must be one of "tls1.0"/],
      [{ tlsVersion: { min: 'tls1.2', mx: 'tls1.3' } }, /option "tlsVersion": unknown option "mx" \(did you mean "max"\?\)/],
      [{ tlsAuth: [{ cert: 'x', key: 'y' }] }, /option "tlsAuth\[0\]": cannot load the certificate and key/],
      [{ tlsAuth: [{ cert: 'x' }] }, /option "tlsAuth\[0\]" needs "cert" and "key"/],
      [{ hosts: { 'bad host!': '1.2.3.4' } }, /option "hosts": invalid host pattern "bad host!"/],
      [{ hosts: { 'a.test': 'not-an-ip' } }, /option "hosts": "a.test" must map to an IP address/],
    ];
    for (const [extra, message] of bad) {
      let err: unknown;
      try {
        parseHttpOptions(extra);
      } catch (e) {
        err = e;
      }
      expect(isLlmloadError(err) && err.code === 'ERR_INVALID_OPTION' && err.exitCode === 104, JSON.stringify(extra)).toBe(true);
      expect((err as Error).message).toMatch(message);
    }
  });

  it('userAgent: llmload/<version> by default, a custom one, or none with ""', async () => {
    const script = `await http.get('${srv.url}/headers');`;
    for (const [options, want] of [
      [{}, `llmload/${version}`],
      [{ userAgent: 'k6-compatible' }, 'k6-compatible'],
      [{ userAgent: '' }, undefined],
    ] as const) {
      await run(await vuWith(script, { options }));
      expect(srv.log.at(-1)!.headers['user-agent']).toBe(want);
    }
  });

  it('discardResponseBodies makes responseType "none" the default', async () => {
    const vu = await vuWith(
      `
      const a = await http.get('${srv.url}/get');
      const b = await http.get('${srv.url}/get', { responseType: 'text' });
      out([a.body, typeof b.body]);`,
      { options: { discardResponseBodies: true } },
    );
    expect(await run(vu)).toEqual([[null, 'string']]);
  });

  it('throw: network errors (not HTTP statuses) throw in the script; params.throw overrides', async () => {
    const vu = await vuWith(
      `
      out((await http.get('${srv.url}/status/500')).status);
      try { await http.get('http://127.0.0.1:1/x'); } catch (e) { out(String(e)); }
      try { await http.get('ftp://nowhere/'); } catch (e) { out(String(e)); }
      out((await http.get('http://127.0.0.1:1/x', { throw: false })).error_code);
      try { await http.batch(['http://127.0.0.1:1/y', '${srv.url}/get']); } catch (e) { out(String(e)); }`,
      { options: { throw: true } },
    );
    expect(await run(vu)).toEqual([
      500,
      'Error: Get "http://127.0.0.1:1/x": dial: connection refused',
      expect.stringMatching(/^Error: Get "ftp:\/\/nowhere\/": invalid URL/),
      1212,
      'Error: Get "http://127.0.0.1:1/y": dial: connection refused',
    ]);
    expect(srv.log.map((r) => r.url)).toEqual(['/status/500', '/get']); // the batch finished before it threw
    const soft = await vuWith(`try { out((await http.get('http://127.0.0.1:1/x', { throw: true })).status); } catch (e) { out('threw'); }`);
    expect(await run(soft)).toEqual(['threw']);
  });

  it("hosts: names (and name:port) go to the configured addresses; Host stays the URL's", async () => {
    const port = new URL(srv.url).port;
    const vu = await vuWith(
      `
      for (const u of ['http://api.test:${port}/headers', 'http://other.test/headers', 'http://a.b.wild.test/headers']) {
        const r = await http.get(u);
        out([r.status, r.json('headers.host'), r.remote_port]);
      }`,
      { options: { hosts: { 'api.test': '127.0.0.1', 'other.test:80': `127.0.0.1:${port}`, '*.wild.test': `127.0.0.1:${port}` } } },
    );
    expect(await run(vu)).toEqual([
      [200, `api.test:${port}`, Number(port)],
      [200, 'other.test', Number(port)],
      [200, 'a.b.wild.test', Number(port)],
    ]);
  });
});
