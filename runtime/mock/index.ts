/** The built-in mock LLM server (`llmload mock`, `llmload run --mock`). */
export { startMockServer, type MockServer } from './mock-server.js';
export { MOCK_OPTIONS, resolveMockOptions, parseMockOptionPairs, type MockOptions, type MockOptionsInput, type MockOptionSpec } from './options.js';
export type { MockRequestRecord } from './records.js';
export { parseDistribution, type Distribution } from './distribution.js';
