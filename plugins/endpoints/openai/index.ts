import { defineEndpoint, type LlmRequestKind, type LlmResult, type LlmVuState } from 'llmload/plugin';
import { AutoModels, withModel } from './auto-model.js';
import { openaiProtocol, type OpenAiRequest } from './protocol.js';

export { openaiProtocol, type OpenAiRequest } from './protocol.js';

/** What the kit measures of each OpenAI API: embeddings have no output; GET /models records nothing. */
const KIND: Record<OpenAiRequest['endpoint'], LlmRequestKind> = { chat: 'generate', completions: 'generate', embeddings: 'embed', models: 'lookup' };

/**
 * Host side of `llmload/openai`: OpenAI's protocol (ResponseAccumulator) on
 * the run's LLM kit, which keeps each VU's keep-alive connections (k6's
 * model), streams and times every request in the host and records it; only
 * the result crosses into the isolate. The kit owns `goodput`, k6's
 * `noConnectionReuse` and network options, and the `llm-requests` records.
 */
export const openaiEndpoint = defineEndpoint<LlmVuState>({
  apiVersion: 1,
  name: 'openai',
  create(ctx) {
    const llm = ctx.llm.client({ module: 'llmload/openai', protocol: openaiProtocol });
    const auto = new AutoModels();
    return {
      createState: () => llm.createState(),
      beginIteration: (state) => llm.beginIteration(state),
      disposeState: (state) => llm.disposeState(state),
      preconnect: (state, origins) => llm.preconnect(state, origins),
      // Clients made with `model: 'auto'` in init code: their model is found before the test (and shown in the header).
      beforeTest: (asked) => auto.beforeTest(asked),
      async call(payload, op): Promise<LlmResult | null> {
        // A fresh copy from the isolate: completed in place.
        const req = payload as OpenAiRequest;
        req.kind = KIND[req.endpoint];
        if (req.autoModel) {
          // Found once per run (before the test, or by the first request); the request's timing starts after.
          req.model = await auto.resolve(req.autoModel);
          if (req.body !== undefined) req.body = withModel(req.body, req.model);
        }
        return llm.send(req, op);
      },
    };
  },
});
