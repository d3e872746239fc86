/**
 * A KServe v2 / Triton `generate_stream` endpoint for llmload, written only
 * against the public plugin API (`llmload/plugin`), as a third party would:
 *
 *   llmload run --plugin ./plugins/examples/kserve script.ts
 *
 *   import kserve from 'llmload/x/kserve';
 *   const c = kserve.client({ baseUrl: 'http://triton:8000', model: 'llama' });
 *   const r = await c.generate({ text_input: 'Hello', parameters: { max_tokens: 64 } });
 *
 * The script-facing half (vu.ts) runs in the VU's isolate and builds the
 * request; this host half hands it to the run's LLM kit (`ctx.llm`), which
 * sends it, stamps every read and measures it exactly as llmload/openai's:
 * llm_ttft, llm_itl, llm_tpot, llm_e2e, token counts, goodput, the LLM
 * summary block and `--out requests=` records. The protocol's own part is
 * its interpreter (interpreter.ts).
 */
import { fileURLToPath } from 'node:url';
import { defineEndpoint, type LlmVuState } from 'llmload/plugin';
import { generateProtocol } from './protocol.js';
import type { KserveRequest, KserveResult } from './types.js';

export default defineEndpoint<LlmVuState>({
  apiVersion: 1,
  name: 'kserve',
  // llmload's plugin loader gives each bundled file its own import.meta.url, so this names vu.ts beside this file.
  module: fileURLToPath(new URL('./vu.ts', import.meta.url)),
  create(ctx) {
    const llm = ctx.llm.client({ module: 'llmload/x/kserve', protocol: generateProtocol });
    return {
      createState: () => llm.createState(),
      beginIteration: (state) => llm.beginIteration(state),
      disposeState: (state) => llm.disposeState(state),
      call: (payload, op): Promise<KserveResult | null> => llm.send(payload as KserveRequest, op),
    };
  },
});
