import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpEndpoint } from '../../plugins/endpoints/http/index.js';
import { endpointsOf } from '../support/endpoints.js';
import type { Vu } from '../../runtime/vu/types.js';
import { fixturesDir, harness, info, type Harness } from '../fixtures/scripts/_harness.js';
import { startHttpbin, type HttpbinServer } from '../support/httpbin-server.js';

// k6's TLS options (item 9): insecureSkipTLSVerify, tlsAuth, tlsVersion, and the TLS fields of responses and samples.
const dir = mkdtempSync(path.join(os.tmpdir(), 'llmload-tls-'));
const pem: Record<string, string> = {};
let hasOpenssl = true;
try {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (name: string) => ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`];
  ssl('req', '-x509', ...key('ca'), '-out', 'ca.crt', '-days', '2', '-subj', '/CN=llmload test CA');
  writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  for (const [name, cn, ext] of [
    ['server', 'localhost', ['-extfile', 'san.ext']],
    ['client', 'client', []],
  ] as const) {
    ssl('req', ...key(name), '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', ...ext);
  }
  for (const f of ['ca.crt', 'server.key', 'server.crt', 'client.key', 'client.crt']) pem[f] = readFileSync(path.join(dir, f), 'utf8');
} catch {
  hasOpenssl = false;
}

let srv: HttpbinServer;
let h: Harness | undefined;
let seq = 0;
beforeAll(async () => {
  if (hasOpenssl)
    srv = await startHttpbin({ key: pem['server.key'], cert: pem['server.crt'], ca: [pem['ca.crt']!], requestCert: true, rejectUnauthorized: false });
});
afterAll(() => srv?.close());
afterEach(() => {
  h?.factory.dispose();
  h = undefined;
});

async function runWith(body: string, options: Record<string, unknown>): Promise<any[]> {
  const endpoints = endpointsOf([httpEndpoint], { extra: options, cwd: dir });
  const file = path.join(dir, `script${seq++}.ts`);
  writeFileSync(
    file,
    `import http from 'llmload/http';\nconst out = (x: unknown) => console.log('@' + JSON.stringify(x));\nexport default async function () {\n${body}\n}\n`,
  );
  h?.factory.dispose();
  h = await harness({ file: path.relative(fixturesDir, file) }, { endpoints });
  const vu: Vu = await h.factory.createVu(1);
  expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
  return h.logs.filter((l) => l.message.startsWith('@')).map((l) => JSON.parse(l.message.slice(1)));
}

describe.skipIf(!hasOpenssl)('llmload/http TLS (k6 options)', () => {
  const get = () => `
    const r = await http.get('${srv.httpsUrl}/anything');
    out({ status: r.status, code: r.error_code, error: r.error, tls: r.tls_version, cipher: r.tls_cipher_suite, ocsp: r.ocsp.status,
      cert: r.status ? r.json('clientCert') : null, hs: r.timings.tls_handshaking });`;

  it('refuses an untrusted certificate (1310), unless insecureSkipTLSVerify', async () => {
    const [bad] = await runWith(get(), {});
    expect(bad).toMatchObject({ status: 0, code: 1310, error: 'x509: unknown authority', tls: '' });
    expect(h!.samples.find((s) => s.metric === 'http_reqs')!.tags.tls_version).toBeUndefined();
    const [ok] = await runWith(get(), { insecureSkipTLSVerify: true });
    expect(ok).toMatchObject({ status: 200, tls: 'tls1.3', cipher: expect.stringMatching(/^TLS_/), ocsp: 'unknown', cert: null });
    expect(ok.hs).toBeGreaterThan(0);
    expect(h!.samples.find((s) => s.metric === 'http_reqs')!.tags).toMatchObject({ tls_version: 'tls1.3', proto: 'HTTP/1.1', status: '200' });
  });

  it('presents the tlsAuth certificate to the domains it names', async () => {
    const auth = (domains: string[]) => ({ insecureSkipTLSVerify: true, tlsAuth: [{ domains, cert: pem['client.crt'], key: pem['client.key'] }] });
    expect((await runWith(get(), auth(['localhost'])))[0]).toMatchObject({ status: 200, cert: 'client' });
    expect((await runWith(get(), auth(['*.example.com'])))[0]).toMatchObject({ status: 200, cert: null });
    expect((await runWith(get(), auth([])))[0]).toMatchObject({ status: 200, cert: 'client' });
  });

  it('tlsVersion pins or bounds the protocol version', async () => {
    expect((await runWith(get(), { insecureSkipTLSVerify: true, tlsVersion: 'tls1.2' }))[0]).toMatchObject({ status: 200, tls: 'tls1.2' });
    expect((await runWith(get(), { insecureSkipTLSVerify: true, tlsVersion: { min: 'tls1.2', max: 'tls1.2' } }))[0]).toMatchObject({ tls: 'tls1.2' });
    expect((await runWith(get(), { insecureSkipTLSVerify: true, tlsVersion: { min: 'tls1.3' } }))[0]).toMatchObject({ tls: 'tls1.3' });
  });
});
