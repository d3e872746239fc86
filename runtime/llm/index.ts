/**
 * The LLM measurement kit (exported by `llmload/plugin`): one per run
 * (EndpointContext.llm), shared by every LLM endpoint plugin. A plugin builds
 * requests and implements its protocol's LlmInterpreter; the kit sends them
 * with the request state machine, stamps every read, and measures, counts,
 * samples and records them the same way for every protocol.
 */
export { LlmClient, type LlmClientOptions, type LlmVuState } from './client.js';
export { describeSlos, isGood, parseGoodput, SLO_METRICS, type SloMetric, type Slos } from './goodput.js';
export type { ChunkKind, LlmInterpreter, LlmProtocol, StreamEnd, TextSlot } from './protocol.js';
export { LLM_REQUESTS_CHANNEL, type LlmRequestRecord } from './request-record.js';
export type { LlmRequest, LlmRequestKind } from './request.js';
export { errorMessage, type ReadError } from './response-reader.js';
// Prefixed here: the plugin API's `Endpoint` is the endpoint contract; scripts see the unprefixed names (llmload/openai).
export type {
  Endpoint as LlmEndpoint,
  ErrorType as LlmErrorType,
  Result as LlmResult,
  Timings as LlmTimings,
  ToolCall as LlmToolCall,
  Usage as LlmUsage,
} from './result.js';
export { LLM_METRICS } from './samples.js';
export { LlmService, type LlmServiceOptions } from './service.js';
