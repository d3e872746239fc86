/**
 * `llmload/api`: run llmload from Node. `run()` is `llmload run` as a
 * Promise of data; `sweep()` is `llmload sweep`; `startMock()` starts the
 * built-in mock LLM server.
 * Matchers for Vitest are in `llmload/vitest`.
 */
export { run } from './run.js';
export { sweep } from './sweep.js';
export type { SweepAnalysis, SweepConfig, SweepDocument, SweepOptions, SweepResult, SweepSettings, SweepStep } from './sweep-types.js';
export { startMock } from './mock.js';
export type {
  CheckOutcome,
  CheckSummary,
  GroupSummary,
  InlineScript,
  LatencyStats,
  LlmResult,
  MetricView,
  MockRequestRecord,
  MockServerHandle,
  MockSettings,
  RunError,
  RunMessage,
  RunOptions,
  RunProgress,
  RunResult,
  RunSummary,
  ScenarioProgress,
  SummaryData,
  SummaryMetric,
  ThresholdOutcome,
} from './types.js';
