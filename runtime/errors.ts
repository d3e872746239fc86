/**
 * Errors with stable codes. The CLI prints `message` (never a stack) for an
 * LlmloadError and exits with the exit code that belongs to its code.
 */

/** Process exit codes; k6's where k6 has one (see README "Exit codes"). */
export const ExitCode = {
  OK: 0,
  THRESHOLDS_CROSSED: 99,
  SETUP_TIMEOUT: 100,
  TEARDOWN_TIMEOUT: 101,
  INVALID_CONFIG: 104,
  EXTERNAL_ABORT: 105,
  SCRIPT_EXCEPTION: 107,
  SCRIPT_ABORTED: 108,
  OUTPUT_FAILED: 109,
  AGENT_LOST: 110,
  TELEMETRY_UNAVAILABLE: 111,
  SERVER_NOT_READY: 112,
  GENERIC: 255,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Stable error codes; each maps to one exit code. */
export const ErrorCodeExit = {
  /** An option, flag, config file or scenario is invalid. */
  ERR_INVALID_OPTION: ExitCode.INVALID_CONFIG,
  /** A threshold is malformed or names a metric that does not exist. */
  ERR_INVALID_THRESHOLD: ExitCode.INVALID_CONFIG,
  /** The script could not be read or bundled (syntax error, forbidden import). */
  ERR_BUNDLE: ExitCode.INVALID_CONFIG,
  /** The script threw in init code, setup() or teardown(). */
  ERR_SCRIPT_EXCEPTION: ExitCode.SCRIPT_EXCEPTION,
  /** The script called exec.test.abort(). */
  ERR_SCRIPT_ABORTED: ExitCode.SCRIPT_ABORTED,
  /** setup() ran past setupTimeout. */
  ERR_SETUP_TIMEOUT: ExitCode.SETUP_TIMEOUT,
  /** teardown() ran past teardownTimeout. */
  ERR_TEARDOWN_TIMEOUT: ExitCode.TEARDOWN_TIMEOUT,
  /** The run was stopped by a signal. */
  ERR_SIGNAL: ExitCode.EXTERNAL_ABORT,
  /** An output could not be started or flushed and was configured to be fatal. */
  ERR_OUTPUT: ExitCode.OUTPUT_FAILED,
  /** A telemetry source marked `required` (GPU exporter, server /metrics) could not be read at the start. */
  ERR_TELEMETRY: ExitCode.TELEMETRY_UNAVAILABLE,
  /** The server did not become ready within `waitFor`'s timeout, or `model: 'auto'` found no model to use. */
  ERR_NOT_READY: ExitCode.SERVER_NOT_READY,
  /** `llmload compare`: the runs differ in scenarios, executors or rates, or a file is not a run's summary. */
  ERR_NOT_COMPARABLE: ExitCode.INVALID_CONFIG,
  /** A distributed run lost an agent (missed pushes, died) or an agent lost its coordinator. */
  ERR_AGENT_LOST: ExitCode.AGENT_LOST,
  /** Anything else. */
  ERR_INTERNAL: ExitCode.GENERIC,
} as const;
export type ErrorCode = keyof typeof ErrorCodeExit;

export class LlmloadError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlmloadError';
    this.code = code;
  }
  get exitCode(): number {
    return ErrorCodeExit[this.code];
  }
}

/**
 * An LlmloadError, also one made by another copy of this module (a plugin
 * bundled against its own llmload): judged by name and code, not by class.
 */
export function isLlmloadError(err: unknown): err is LlmloadError {
  if (err instanceof LlmloadError) return true;
  const e = err as { name?: unknown; code?: unknown } | null;
  return err instanceof Error && e!.name === 'LlmloadError' && typeof e!.code === 'string' && e!.code in ErrorCodeExit;
}

/** The process exit code an error maps to (255 for anything that is not an LlmloadError). */
export function exitCodeOf(err: unknown): number {
  return isLlmloadError(err) ? ErrorCodeExit[err.code] : ExitCode.GENERIC;
}

/** Shorthand for the most common error: a bad option. `where` names the option/file/line. */
export function invalidOption(where: string, message: string): LlmloadError {
  return new LlmloadError('ERR_INVALID_OPTION', `${where}: ${message}`);
}
