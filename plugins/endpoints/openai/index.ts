import { defineEndpoint, type LlmRequestKind, type LlmResult, type LlmVuState } from 'llmload/plugin';
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
    return {
      createState: () => llm.createState(),
      beginIteration: (state) => llm.beginIteration(state),
      disposeState: (state) => llm.disposeState(state),
      call(payload, op): Promise<LlmResult | null> {
        // A fresh copy from the isolate: completed in place.
        const req = payload as OpenAiRequest;
        req.kind = KIND[req.endpoint];
        return llm.send(req, op);
      },
    };
  },
});
