import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { httpEndpoint } from '../../plugins/endpoints/http/index.js';
import type { Sample } from '../../runtime/metrics/types.js';
import type { Vu } from '../../runtime/vu/types.js';
import { fixturesDir, harness, info, type Harness } from '../fixtures/scripts/_harness.js';
import { endpointsOf } from './endpoints.js';
import { startHttpbin, type HttpbinServer } from './httpbin-server.js';

/**
 * Real VUs with llmload/http against the httpbin-like server, for the
 * llmload/http tests: registers its vitest hooks (server up for the file,
 * VUs disposed after each test) and returns the helpers.
 */
export function useHttpVu() {
  let server: HttpbinServer | undefined;
  let h: Harness | undefined;
  const warnings: string[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'llmload-http-'));
  let seq = 0;
  beforeAll(async () => {
    server = await startHttpbin();
  });
  afterAll(() => server?.close());
  afterEach(() => {
    h?.factory.dispose();
    h = undefined;
    warnings.length = 0;
    if (server) server.log.length = 0;
  });

  /** The server, once started (a stable handle the tests can keep). */
  const srv = new Proxy({} as HttpbinServer, { get: (_t, key) => (server as unknown as Record<PropertyKey, unknown>)[key] });

  /** A VU whose default function runs `body` (`init` at the top level; `out(x)` logs x), with these k6 options. */
  async function vuWith(body: string, opts: { options?: Record<string, unknown>; init?: string } = {}): Promise<Vu> {
    h?.factory.dispose();
    warnings.length = 0;
    const endpoints = endpointsOf([httpEndpoint], { extra: opts.options ?? {}, cwd: dir, warn: (m) => warnings.push(m) });
    const file = path.join(dir, `script${seq++}.ts`);
    const src = `import http from 'llmload/http';\nconst out = (x: unknown) => console.log('@' + JSON.stringify(x));\n${opts.init ?? ''}\nexport default async function () {\n${body}\n}\n`;
    writeFileSync(file, src);
    h = await harness({ file: path.relative(fixturesDir, file) }, { endpoints });
    return h.factory.createVu(1);
  }

  const outputs = (): any[] => h!.logs.filter((l) => l.message.startsWith('@')).map((l) => JSON.parse(l.message.slice(1)));

  /** Runs iteration `iter` (it must succeed) and returns what the script passed to out(). */
  async function run(vu: Vu, iter = 0): Promise<any[]> {
    const r = await vu.iterate(info(iter), undefined);
    if (r.status !== 'ok') throw new Error(`iteration: ${JSON.stringify(r)}`);
    return outputs();
  }

  const samples = (metric?: string): Sample[] => h!.samples.filter((s) => (metric ? s.metric === metric : s.metric !== 'group_duration'));
  const tagsOf = (metric: string) => samples(metric).map((s) => ({ ...s.tags }));
  return { srv, warnings, dir, vuWith, run, outputs, samples, tagsOf, harness: () => h };
}
