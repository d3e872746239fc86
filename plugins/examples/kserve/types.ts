/**
 * What crosses between the two halves of `llmload/x/kserve` (types only):
 * one request goes from the script's isolate (vu.ts) to the host (index.ts),
 * one result comes back.
 */
import type { LlmRequest, LlmResult } from 'llmload/plugin';

/** The `endpoint` tag of its requests: Triton's generate extension. */
export type KserveEndpoint = 'generate';

/** A request as vu.ts builds it: the LLM kit's request (URL, headers, JSON body, timeouts, tags). */
export type KserveRequest = LlmRequest<KserveEndpoint>;

/** What `client.generate()` resolves with: the same shape as llmload/openai's results. */
export type KserveResult = LlmResult<KserveEndpoint>;
