import { describe, expect, it } from 'vitest';
import { useHttpVu } from '../support/http-vu.js';

const { srv, warnings, vuWith, run, samples, tagsOf } = useHttpVu();

// k6's URL grouping and system tags (item 3), response callbacks (item 4) and redirects (item 5).
describe('llmload/http tags (k6)', () => {
  it('params.tags.name replaces both the name and the url tag; system tags win over params.tags', async () => {
    const vu = await vuWith(`await http.get('${srv.url}/anything/17', { tags: { name: 'item', extra: 'y', method: 'X' } });`);
    await run(vu);
    expect(tagsOf('http_reqs')).toEqual([
      {
        run: 'r1',
        scenario: 'default',
        group: '',
        name: 'item',
        url: 'item',
        extra: 'y',
        method: 'GET',
        status: '200',
        proto: 'HTTP/1.1',
        expected_response: 'true',
      },
    ]);
  });

  it('http.url`…` names the request after its template, unless params.tags.name is set', async () => {
    const vu = await vuWith(`
      const id = 42;
      const u = http.url\`${srv.url}/anything/\${id}?q=\${'a b'}\`;
      out({ name: u.name, url: u.url, clean: u.clean_url, str: String(u) });
      const r = await http.get(u);
      await http.get(http.url\`${srv.url}/anything/fixed\`);
      await http.get(u, { tags: { name: 'mine' } });
      await http.batch([u]);
      out(r.url);`);
    const [u, url] = await run(vu);
    const template = `${srv.url}/anything/\${}?q=\${}`;
    expect(u).toEqual({ name: template, url: `${srv.url}/anything/42?q=a b`, clean: `${srv.url}/anything/42?q=a b`, str: `${srv.url}/anything/42?q=a b` });
    expect(url).toBe(`${srv.url}/anything/42?q=a b`);
    expect(srv.log[0]!.url).toBe('/anything/42?q=a%20b');
    expect(tagsOf('http_reqs').map((t) => [t.name, t.url])).toEqual([
      [template, template],
      [`${srv.url}/anything/fixed`, `${srv.url}/anything/fixed`],
      ['mine', 'mine'],
      [template, template],
    ]);
  });

  it("tags a network error with k6's error and error_code, without proto", async () => {
    const vu = await vuWith(`await http.get('http://127.0.0.1:1/x');`);
    await run(vu);
    const [t] = tagsOf('http_reqs');
    expect(t).toEqual({
      run: 'r1',
      scenario: 'default',
      group: '',
      name: 'http://127.0.0.1:1/x',
      url: 'http://127.0.0.1:1/x',
      method: 'GET',
      status: '0',
      error: 'dial: connection refused',
      error_code: '1212',
      expected_response: 'false',
    });
  });
});

describe('llmload/http response callbacks (k6)', () => {
  it('by default 200–399 are expected: expected_response and http_req_failed follow', async () => {
    const vu = await vuWith(`
      for (const s of [200, 204, 302, 399, 404, 500]) await http.get('${srv.url}/status/' + s, { redirects: 0 });`);
    await run(vu);
    expect(samples('http_req_failed').map((s) => [s.tags.status, s.tags.expected_response, s.value])).toEqual([
      ['200', 'true', 0],
      ['204', 'true', 0],
      ['302', 'true', 0],
      ['399', 'true', 0],
      ['404', 'false', 1],
      ['500', 'false', 1],
    ]);
  });

  it('setResponseCallback(expectedStatuses(…)) and params.responseCallback decide; null records neither', async () => {
    const vu = await vuWith(
      `
      http.setResponseCallback(http.expectedStatuses(200, { min: 300, max: 399 }, 404));
      await http.get('${srv.url}/status/404');
      await http.get('${srv.url}/status/201');
      await http.get('${srv.url}/status/201', { responseCallback: only201 });
      await http.get('${srv.url}/status/200', { responseCallback: null });
      http.setResponseCallback(null);
      await http.get('${srv.url}/status/500');`,
      { init: 'const only201 = http.expectedStatuses(201);' },
    );
    await run(vu);
    expect(samples('http_reqs').map((s) => [s.tags.status, s.tags.expected_response ?? 'none'])).toEqual([
      ['404', 'true'],
      ['201', 'false'],
      ['201', 'true'],
      ['200', 'none'],
      ['500', 'none'],
    ]);
    expect(samples('http_req_failed').map((s) => [s.tags.status, s.value])).toEqual([
      ['404', 0],
      ['201', 1],
      ['201', 0],
    ]);
  });

  it('applies to every hop of a redirect chain', async () => {
    const vu = await vuWith(`await http.get('${srv.url}/redirect/1', { responseCallback: http.expectedStatuses(200) });`);
    await run(vu);
    expect(samples('http_req_failed').map((s) => [s.tags.status, s.tags.expected_response, s.value])).toEqual([
      ['302', 'false', 1],
      ['200', 'true', 0],
    ]);
  });

  it('accepts only expectedStatuses objects (TypeError otherwise)', async () => {
    const vu = await vuWith(`
      const tries: Array<() => unknown> = [
        () => http.setResponseCallback('x' as any),
        () => http.setResponseCallback((() => true) as any),
        () => http.setResponseCallback(undefined as any),
        () => (http.expectedStatuses as any)(),
        () => http.expectedStatuses(1.5),
        () => http.expectedStatuses({ min: 1 } as any),
        () => http.expectedStatuses({ min: 1.5, max: 2 }),
        () => http.get('${srv.url}/get', { responseCallback: {} as any }),
      ];
      for (const t of tries) { try { await t(); out('no error'); } catch (e) { out(String(e)); } }`);
    const errs = await run(vu);
    expect(errs).toEqual([
      expect.stringMatching(/^TypeError: setResponseCallback\(\): unsupported argument/),
      expect.stringMatching(/^TypeError: setResponseCallback\(\): unsupported argument/),
      expect.stringMatching(/^TypeError: setResponseCallback\(\): unsupported argument/),
      'TypeError: expectedStatuses(): no arguments',
      'TypeError: argument number 1 to expectedStatuses was neither an integer nor an object like {min:100, max:329}',
      'TypeError: argument number 1 to expectedStatuses was neither an integer nor an object like {min:100, max:329}',
      'TypeError: both min and max need to be integers for argument number 1',
      expect.stringMatching(/^TypeError: http: params.responseCallback must be/),
    ]);
  });
});

describe('llmload/http redirects (k6)', () => {
  it("follows redirects: one set of samples per hop; res.url, status and timings are the last hop's; res.request the first", async () => {
    const vu = await vuWith(`
      const r = await http.get('${srv.url}/redirect/3');
      out({ url: r.url, status: r.status, waiting: r.timings.waiting, req: r.request.url, path: r.json('path') });`);
    const [o] = await run(vu);
    expect(o).toMatchObject({ url: `${srv.url}/get`, status: 200, req: `${srv.url}/redirect/3`, path: '/get' });
    expect(tagsOf('http_reqs').map((t) => [t.url, t.status])).toEqual([
      [`${srv.url}/redirect/3`, '302'],
      [`${srv.url}/redirect/2`, '302'],
      [`${srv.url}/redirect/1`, '302'],
      [`${srv.url}/get`, '200'],
    ]);
    expect(samples('http_req_waiting')[3]!.value).toBe(o.waiting);
    expect(samples('http_req_duration')).toHaveLength(4);
    expect(srv.log.map((r) => r.headers.referer)).toEqual([undefined, `${srv.url}/redirect/3`, `${srv.url}/redirect/2`, `${srv.url}/redirect/1`]);
  });

  it('stops at params.redirects and the maxRedirects option (returning the redirect), and warns only when neither was set', async () => {
    const vu = await vuWith(`
      const a = await http.get('${srv.url}/relative-redirect/3', { redirects: 0 });
      const b = await http.get('${srv.url}/relative-redirect/3', { redirects: 1 });
      const c = await http.get('${srv.url}/relative-redirect/12');
      out([a.status, a.url, b.status, b.url, c.status, c.url]);`);
    const [o] = await run(vu);
    expect(o).toEqual([302, `${srv.url}/relative-redirect/3`, 302, `${srv.url}/relative-redirect/2`, 302, `${srv.url}/relative-redirect/2`]);
    expect(samples('http_reqs')).toHaveLength(1 + 2 + 11);
    expect(warnings).toEqual([expect.stringContaining('stopped after 10 redirects and returned the redirection')]);

    const limited = await vuWith(`const r = await http.get('${srv.url}/redirect/3'); out([r.status, r.url]);`, { options: { maxRedirects: 1 } });
    expect(await run(limited)).toEqual([[302, `${srv.url}/redirect/2`]]);
    expect(warnings).toEqual([]);
  });

  it('301/302/303 turn the request into a body-less GET (HEAD stays HEAD); 307/308 repeat method and body', async () => {
    const vu = await vuWith(`
      for (const [m, code] of [['POST', 301], ['PUT', 302], ['POST', 303], ['HEAD', 302], ['POST', 307], ['PATCH', 308]] as const) {
        const r = await http.request(m, '${srv.url}/redirect-to?url=%2Fanything&status_code=' + code, m === 'HEAD' ? null : 'data', { headers: { 'Content-Type': 'text/plain' } });
        out([m, code, r.status]);
      }`);
    expect(await run(vu)).toEqual([
      ['POST', 301, 200],
      ['PUT', 302, 200],
      ['POST', 303, 200],
      ['HEAD', 302, 200],
      ['POST', 307, 200],
      ['PATCH', 308, 200],
    ]);
    const hops = srv.log.filter((r) => r.url === '/anything').map((r) => [r.method, r.body.toString(), r.headers['content-type']]);
    expect(hops).toEqual([
      ['GET', '', 'text/plain'],
      ['GET', '', 'text/plain'],
      ['GET', '', 'text/plain'],
      ['HEAD', '', 'text/plain'],
      ['POST', 'data', 'text/plain'],
      ['PATCH', 'data', 'text/plain'],
    ]);
  });

  it('follows cross-origin redirects on the VU connections of the new origin, dropping credentials', async () => {
    const other = srv.url.replace('127.0.0.1', 'localhost');
    const vu = await vuWith(`
      const r = await http.get('${srv.url}/redirect-to?url=' + encodeURIComponent('${other}/anything'), { headers: { Authorization: 'Bearer t', 'X-Keep': '1' } });
      out([r.url, r.json('headers.authorization') ?? 'none', r.json('headers.x-keep')]);`);
    const [o] = await run(vu);
    expect(o).toEqual([`${other}/anything`, 'none', '1']);
    expect(samples('http_req_connecting').map((s) => [s.tags.url, s.value > 0])).toEqual([
      [`${srv.url}/redirect-to?url=${encodeURIComponent(`${other}/anything`)}`, true],
      [`${other}/anything`, true],
    ]);
  });
});
