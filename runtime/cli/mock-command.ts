/**
 * `llmload mock [--port --ttft ...]` and `llmload run --mock [--mock-option k=v]`.
 * Both take the settings of runtime/mock/options.ts: as flags for `mock`, as
 * repeatable `--mock-option key=value` for `run --mock` (runtime/run-mock.ts
 * starts that one, for the CLI as for `run({ mock })`).
 */
import type { Argv } from 'yargs';
import { watchParent } from '../parent-watch.js';
import { MOCK_OPTIONS, type MockOptionsInput } from '../mock/options.js';
import { startMockServer } from '../mock/mock-server.js';

const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** One flag per mock setting; defaults are left to resolveMockOptions (shown in the help). */
export function mockFlags<T>(y: Argv<T>): Argv<T> {
  let out = y;
  for (const spec of MOCK_OPTIONS) {
    const shown = spec.default === undefined || spec.default === '' ? '' : ` (default ${spec.default})`;
    out = out.option(spec.key, {
      type: spec.kind === 'bool' ? 'boolean' : 'string',
      describe: spec.describe + shown,
      ...(spec.key === 'port' ? { alias: 'p' } : {}),
    }) as Argv<T>;
  }
  return out.epilogue(
    'Routes: POST /v1/chat/completions, /v1/completions, /v1/embeddings; GET /v1/models, /health, ' +
      '/metrics (vLLM-style), /dcgm/metrics (dcgm-exporter-style), /mock/requests (per-request records; DELETE clears).',
  );
}

/** The mock settings given as flags (only those present). */
function mockInputFromArgv(argv: Record<string, unknown>): MockOptionsInput {
  const input: MockOptionsInput = {};
  for (const spec of MOCK_OPTIONS) {
    const v = argv[camel(spec.key)];
    if (v !== undefined) input[spec.key] = Array.isArray(v) ? v[v.length - 1] : v;
  }
  return input;
}

/** `llmload mock`: serves until SIGINT/SIGTERM; prints its URL on stdout first. */
export async function serveMock(argv: Record<string, unknown>): Promise<number> {
  const server = await startMockServer({ port: 8000, ...mockInputFromArgv(argv) });
  const o = server.options;
  process.stdout.write(
    `llmload mock listening on ${server.url} (seed ${server.seed})\n` +
      `  OpenAI API ${server.url}/v1  vLLM metrics ${server.url}/metrics  DCGM ${server.url}/dcgm/metrics  records ${server.url}/mock/requests\n` +
      `  ttft ${o.ttft.spec} ms, itl ${o.itl.spec} ms, output ${o.outputTokens.spec} tokens, max-concurrency ${o.maxConcurrency}, ${o.framing} chunks` +
      (o.errors.total > 0 ? `, errors ${o.errors.spec}` : '') +
      '\n',
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
    // Started by a wrapper that died without a signal (npx SIGTERMed): do not serve on as an orphan.
    watchParent(stop);
  });
  await server.close();
  return 0;
}

/** `--mock` and `--mock-option` for `llmload run`. */
export function runMockFlags<T>(y: Argv<T>): Argv<T> {
  return y
    .option('mock', {
      type: 'boolean',
      default: false,
      describe: 'start the built-in mock LLM server for this run; the script gets its URL as __ENV.LLMLOAD_BASE_URL',
    })
    .option('mock-option', { type: 'string', describe: 'mock server setting KEY=VALUE (the `llmload mock` flags, e.g. ttft=200), repeatable' }) as Argv<T>;
}
