import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { selectJson } from '../../runtime/modules/http-json-path.js';
import { useHttpVu } from '../support/http-vu.js';

const { srv, vuWith, run, samples, harness: current } = useHttpVu();

// k6's request bodies (item 1), responses (item 2) and the other params (item 7).
describe('llmload/http bodies (k6 rules)', () => {
  it('sends a plain object as application/x-www-form-urlencoded, with Go url.Values encoding', async () => {
    const vu = await vuWith(`
      const r = await http.post('${srv.url}/anything', { b: 'x y', a: 1, arr: [1, 'two'], n: null, u: undefined, nested: { k: 1 }, flag: true, "k&=": "a+b/c!*'()~" });
      out({ form: r.json('form'), body: r.request.body, ct: r.request.headers['Content-Type'] });`);
    const [o] = await run(vu);
    expect(o.body).toBe('a=1&arr=1&arr=two&b=x+y&flag=true&k%26%3D=a%2Bb%2Fc%21%2A%27%28%29~&n=&nested=&u=');
    expect(o.ct).toEqual(['application/x-www-form-urlencoded']);
    expect(o.form).toEqual({ a: '1', arr: ['1', 'two'], b: 'x y', flag: 'true', 'k&=': "a+b/c!*'()~", n: '', nested: '', u: '' });
    expect(srv.log[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(current()!.logs.some((l) => l.level === 'warn' && l.message.includes('cannot urlencode a nested object'))).toBe(true);
  });

  it('an explicit Content-Type header wins over the generated one', async () => {
    const vu = await vuWith(`await http.post('${srv.url}/anything', { a: 1 }, { headers: { 'content-type': 'text/plain' } });`);
    await run(vu);
    expect(srv.log[0]!.headers['content-type']).toBe('text/plain');
    expect(srv.log[0]!.body.toString()).toBe('a=1');
  });

  it('sends an object holding http.file() values as multipart/form-data, in k6 part layout', async () => {
    const vu = await vuWith(`
      const f = http.file('hello', 'h"1.txt', 'text/plain');
      const bin = http.file(new Uint8Array([0, 1, 255]).buffer);
      out({ f: { data: f.data, filename: f.filename, content_type: f.content_type }, binName: bin.filename, binType: bin.content_type });
      const r = await http.post('${srv.url}/anything', { field: 'välue', f, bin });
      out({ form: r.json('form'), files: r.json('files'), heads: r.json('partHeaders'), ct: r.request.headers['Content-Type'][0] });
      try { http.file(42 as any); } catch (e) { out(String(e)); }`);
    const [file, o, err] = await run(vu);
    expect(file).toEqual({
      f: { data: 'hello', filename: 'h"1.txt', content_type: 'text/plain' },
      binName: expect.stringMatching(/^\d{19,}$/),
      binType: 'application/octet-stream',
    });
    expect(o.ct).toMatch(/^multipart\/form-data; boundary=[0-9a-f]{60}$/);
    expect(o.form).toEqual({ field: 'välue' });
    expect(o.files.f).toMatchObject({ filename: 'h\\"1.txt', contentType: 'text/plain', data: 'hello' });
    expect(o.files.bin).toMatchObject({ contentType: 'application/octet-stream', size: 3 });
    expect(o.heads).toEqual([
      'Content-Disposition: form-data; name="field"',
      'Content-Disposition: form-data; name="f"; filename="h\\"1.txt"\r\nContent-Type: text/plain',
      `Content-Disposition: form-data; name="bin"; filename="${file.binName}"\r\nContent-Type: application/octet-stream`,
    ]);
    // The last part's bytes, then Go's closing delimiter "\r\n--<boundary>--\r\n".
    expect([...srv.log[0]!.body.subarray(-3 - 68, -68)]).toEqual([0, 1, 255]);
    expect(srv.log[0]!.body.subarray(-68).toString()).toBe(`\r\n--${o.ct.slice(-60)}--\r\n`);
    expect(err).toMatch(/TypeError: http.file\(\): invalid type number/);
  });

  it('sends strings and bytes as they are; refuses arrays and numbers', async () => {
    const vu = await vuWith(`
      await http.put('${srv.url}/anything', 'raw');
      await http.put('${srv.url}/anything', new Uint8Array([1, 2, 3]));
      await http.put('${srv.url}/anything', new Uint16Array([258]).buffer);
      for (const b of [[1], 5]) {
        try { await http.post('${srv.url}/anything', b as any); } catch (e) { out(String(e)); }
      }`);
    const errs = await run(vu);
    expect(srv.log.map((r) => [...r.body])).toEqual([[...Buffer.from('raw')], [1, 2, 3], [2, 1]]);
    expect(srv.log.map((r) => r.headers['content-type'])).toEqual([undefined, undefined, undefined]);
    expect(errs).toEqual([expect.stringMatching(/unsupported request body type array/), expect.stringMatching(/unsupported request body type number/)]);
  });
});

describe('llmload/http responses (k6 fields)', () => {
  it('res.json(selector) follows the GJSON subset', async () => {
    const doc = {
      items: [
        { name: 'a', age: 20 },
        { name: 'b', age: 40 },
        { name: 'c', age: 50 },
      ],
      'dot.key': 1,
      nav: { x: true },
    };
    const vu = await vuWith(`
      const r = await http.post('${srv.url}/anything', JSON.stringify(${JSON.stringify(doc)}), { headers: { 'Content-Type': 'application/json' } });
      const sel = ['json.items.1.name', 'json.items.#', 'json.items.#.name', 'json.items.#(age>30)#.name', 'json.items.#(name=="b").age',
        'json.na*.x', 'json.dot\\\\.key', 'json.items.9', 'json.missing'];
      out(sel.map((s) => r.json(s) ?? 'UNDEFINED'));
      out(r.json().json.items.length);
      try { r.json('json.items|@reverse'); } catch (e) { out(String(e)); }
      const bad = await http.get('${srv.url}/status/500');
      out(bad.json('a') ?? 'UNDEFINED');
      try { bad.json(); } catch (e) { out(String(e)); }`);
    const [vals, len, unsupported, badSel, badErr] = await run(vu);
    expect(vals).toEqual(['b', 3, ['a', 'b', 'c'], ['b', 'c'], 40, true, 1, 'UNDEFINED', 'UNDEFINED']);
    expect(len).toBe(3);
    expect(unsupported).toMatch(/TypeError: .*pipes, which llmload does not support/);
    expect(badSel).toBe('UNDEFINED');
    expect(badErr).toMatch(/SyntaxError: cannot parse json/);
  });

  it('res.html(), clickLink() and submitForm() throw a TypeError that says what to do', async () => {
    const vu = await vuWith(`
      const r = await http.get('${srv.url}/get');
      for (const f of ['html', 'clickLink', 'submitForm']) { try { (r as any)[f](); } catch (e) { out(String(e)); } }`);
    const errs = await run(vu);
    expect(errs).toHaveLength(3);
    for (const e of errs) expect(e).toMatch(/^TypeError: res\.\w+\(\) is not implemented in llmload .*read res\.body instead/);
  });

  it('res.request has k6 shape: method, url, headers as arrays, body, cookies', async () => {
    const vu = await vuWith(`
      const r = await http.post('${srv.url}/anything?q=1', 'payload', { headers: { 'x-test': 1 }, cookies: { a: 'b', c: { value: 'd', replace: true } } });
      out(r.request);
      out((await http.get('${srv.url}/get')).request);`);
    const [req, plain] = await run(vu);
    expect(req).toEqual({
      method: 'POST',
      url: `${srv.url}/anything?q=1`,
      headers: { 'User-Agent': ['llmload/0.1.0'], 'X-Test': ['1'], Cookie: ['a=b; c=d'] },
      body: 'payload',
      cookies: { a: [{ name: 'a', value: 'b', replace: false }], c: [{ name: 'c', value: 'd', replace: false }] },
    });
    expect(srv.log[0]!.headers.cookie).toBe('a=b; c=d');
    expect(plain).toEqual({ method: 'GET', url: `${srv.url}/get`, headers: { 'User-Agent': ['llmload/0.1.0'] }, body: '', cookies: {} });
  });

  it('res.cookies parses the Set-Cookie headers in k6 shape', async () => {
    const set = encodeURIComponent('a=1; Path=/x; HttpOnly; Max-Age=60');
    const set2 = encodeURIComponent('b=2; Secure; Expires=Wed, 21 Oct 2037 07:28:00 GMT');
    const vu = await vuWith(
      `const r = await http.get('${srv.url}/response-headers?set-cookie=${set}&set-cookie=${set2}'); out({ c: r.cookies, h: r.headers['Set-Cookie'] });`,
    );
    const [o] = await run(vu);
    expect(o.c).toEqual({
      a: [{ name: 'a', value: '1', domain: '', path: '/x', http_only: true, secure: false, max_age: 60, expires: 0 }],
      b: [{ name: 'b', value: '2', domain: '', path: '', http_only: false, secure: true, max_age: 0, expires: Date.UTC(2037, 9, 21, 7, 28) }],
    });
    expect(o.h).toBe('a=1; Path=/x; HttpOnly; Max-Age=60, b=2; Secure; Expires=Wed, 21 Oct 2037 07:28:00 GMT');
  });

  it('has every k6 Response field: timings, remote address, TLS and OCSP (empty on http), error only for network errors', async () => {
    const port = Number(new URL(srv.url).port);
    const vu = await vuWith(`
      const r = await http.get('${srv.url}/status/404');
      const { body, headers, request, ...rest } = JSON.parse(JSON.stringify(r));
      out(rest);
      const n = await http.get('${srv.url}/status/204');
      out({ body: n.body, status: n.status });`);
    const [r, noContent] = await run(vu);
    expect(Object.keys(r.timings).sort()).toEqual(['blocked', 'connecting', 'duration', 'looking_up', 'receiving', 'sending', 'tls_handshaking', 'waiting']);
    expect(r).toMatchObject({
      status: 404,
      status_text: '404 Not Found',
      proto: 'HTTP/1.1',
      url: `${srv.url}/status/404`,
      error: '',
      error_code: 1404,
      remote_ip: '127.0.0.1',
      remote_port: port,
      tls_version: '',
      tls_cipher_suite: '',
      cookies: {},
      ocsp: { produced_at: 0, this_update: 0, next_update: 0, revoked_at: 0, revocation_reason: '', status: '' },
    });
    expect(r.timings.looking_up).toBe(0);
    expect(noContent).toEqual({ body: null, status: 204 });
  });
});

describe('llmload/http params (k6)', () => {
  it('responseType: text, binary (ArrayBuffer), none (null)', async () => {
    const vu = await vuWith(`
      const b = await http.get('${srv.url}/bytes/4', { responseType: 'binary' });
      const n = await http.get('${srv.url}/bytes/4', { responseType: 'none' });
      const t = await http.get('${srv.url}/get');
      out({ bin: [...new Uint8Array(b.body as ArrayBuffer)], isBuf: b.body instanceof ArrayBuffer, none: n.body, text: typeof t.body });
      try { await http.get('${srv.url}/get', { responseType: 'json' as any }); } catch (e) { out(String(e)); }`);
    const [o, err] = await run(vu);
    expect(o).toEqual({ bin: [7, 38, 69, 100], isBuf: true, none: null, text: 'string' });
    expect(err).toMatch(/TypeError: http: responseType must be/);
  });

  it('timeout covers the whole request (error_code 1050)', async () => {
    const vu = await vuWith(`const r = await http.get('${srv.url}/delay/2000', { timeout: 100 }); out([r.status, r.error_code, r.error]);`);
    expect(await run(vu)).toEqual([[0, 1050, 'request timeout']]);
    expect(samples('http_req_failed')[0]!.tags).toMatchObject({ status: '0', error_code: '1050', error: 'request timeout', expected_response: 'false' });
  });

  it('compression compresses the body in order and sets Content-Encoding; res.request.body stays plain', async () => {
    const vu = await vuWith(`
      const a = await http.post('${srv.url}/anything', 'hello hello hello', { compression: 'gzip' });
      const b = await http.post('${srv.url}/anything', 'two codings', { compression: 'deflate, br' });
      out([a.request.body, a.request.headers['Content-Encoding'], b.request.headers['Content-Encoding']]);
      try { await http.post('${srv.url}/anything', 'x', { compression: 'lzma' }); } catch (e) { out(String(e)); }`);
    const [o, err] = await run(vu);
    expect(o).toEqual(['hello hello hello', ['gzip'], ['deflate, br']]);
    const [a, b] = srv.log;
    expect(a!.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(a!.body).toString()).toBe('hello hello hello');
    expect(Number(a!.headers['content-length'])).toBe(a!.body.length);
    expect(b!.headers['content-encoding']).toBe('deflate, br');
    expect(zlib.inflateSync(zlib.brotliDecompressSync(b!.body)).toString()).toBe('two codings');
    expect(err).toMatch(/TypeError: http: unknown compression algorithm lzma/);
  });

  it('decodes gzip, deflate and br responses, sends no Accept-Encoding (k6), and fails undecodable bodies with 1701', async () => {
    const vu = await vuWith(`
      for (const p of ['gzip', 'deflate', 'brotli']) {
        const r = await http.get('${srv.url}/' + p);
        out([r.json(p), r.json('headers.accept-encoding') ?? 'none', r.headers['Content-Encoding']]);
      }
      const bad = await http.get('${srv.url}/response-headers?content-encoding=gzip');
      out([bad.status, bad.error_code, bad.error.slice(0, 35)]);`);
    const o = await run(vu);
    expect(o).toEqual([
      [true, 'none', 'gzip'],
      [true, 'none', 'deflate'],
      [true, 'none', 'br'],
      [0, 1701, 'error decompressing response body ('],
    ]);
    expect(samples('http_req_failed').map((s) => s.value)).toEqual([0, 0, 0, 1]);
    expect(samples('http_req_failed')[3]!.tags).toMatchObject({ status: '0', error_code: '1701' });
  });

  it('sends credentials of http://user:pass@host/ URLs as basic auth and masks them in tags; digest and ntlm throw', async () => {
    const base = srv.url.replace('http://', 'http://user:pa%3Ass@');
    const vu = await vuWith(`
      const ok = await http.get('${base}/basic-auth/user/pa:ss');
      const bad = await http.get('${base}/basic-auth/user/other');
      out([ok.status, ok.json('authenticated'), bad.status, ok.url]);
      try { await http.get('${srv.url}/get', { auth: 'digest' }); } catch (e) { out(String(e)); }`);
    const [o, err] = await run(vu);
    expect(o).toEqual([200, true, 401, `${base}/basic-auth/user/pa:ss`]);
    expect(samples('http_reqs')[0]!.tags.url).toBe(`${srv.url.replace('http://', 'http://****:****@')}/basic-auth/user/pa:ss`);
    expect(err).toMatch(/TypeError: http: params.auth "digest" is not supported by llmload/);
  });
});

describe('res.json() selectors: the GJSON subset', () => {
  const doc = {
    name: { first: 'Tom', last: 'Anderson' },
    age: 37,
    children: ['Sara', 'Alex', 'Jack'],
    'fav.movie': 'Deer Hunter',
    friends: [
      { first: 'Dale', last: 'Murphy', age: 44, nets: ['ig', 'fb', 'tw'] },
      { first: 'Roger', last: 'Craig', age: 68, nets: ['fb', 'tw'] },
      { first: 'Jane', last: 'Murphy', age: 47, nets: ['ig', 'tw'] },
    ],
  };
  it.each([
    ['name.last', 'Anderson'],
    ['age', 37],
    ['children', ['Sara', 'Alex', 'Jack']],
    ['children.#', 3],
    ['children.1', 'Alex'],
    ['child*.2', 'Jack'],
    ['c?ildren.0', 'Sara'],
    ['fav\\.movie', 'Deer Hunter'],
    ['friends.#.first', ['Dale', 'Roger', 'Jane']],
    ['friends.1.last', 'Craig'],
    ['friends.#.nets.#', [3, 2, 2]],
    ['friends.#(last=="Murphy").first', 'Dale'],
    ['friends.#(last=="Murphy")#.first', ['Dale', 'Jane']],
    ['friends.#(age>45)#.last', ['Craig', 'Murphy']],
    ['friends.#(age<=44)#.first', ['Dale']],
    ['friends.#(first%"D*").last', 'Murphy'],
    ['friends.#(first!%"D*")#.first', ['Roger', 'Jane']],
    ['friends.#(nets)#.first', ['Dale', 'Roger', 'Jane']],
    ['children.#(=="Alex")', 'Alex'],
    ['friends.#(last=="Nobody").first', undefined],
    ['missing.path', undefined],
    ['children.5', undefined],
    ['age.x', undefined],
  ])('%s', (path, want) => {
    expect(selectJson(doc, path)).toEqual(want);
  });

  it('refuses modifiers, pipes and multipaths with a TypeError', () => {
    for (const p of ['children|@reverse', '@reverse', '[name.first,age]', '{name,age}', '..0']) {
      expect(() => selectJson(doc, p), p).toThrow(TypeError);
    }
  });
});
