/**
 * What to do about each error type, for its line in the LLM summary: one
 * short hint each. Types a plugin adds without a hint here get none.
 */
const HINTS: Readonly<Record<string, string>> = {
  http_status: 'the server refused requests: the first one is logged with its message; 429/503 mean it is overloaded (lower the load)',
  stream_error: 'the server reported an error inside the stream: see the logged message and the server log',
  malformed_event: 'the server sent an event or body that is not JSON: is the URL an OpenAI-compatible API?',
  incomplete_stream: 'responses ended early (no finish reason or [DONE], or the connection closed mid-body): see the server log',
  timeout: 'requests ran past their `timeout` (default 10m): raise it on the client or the call, or lower the load',
  idle_timeout: 'a response went silent for `idleTimeout` (default 60s): raise it (0 turns it off), or look for server stalls',
  connection_reset: 'the server reset connections (a crash, a restart or a connection limit): see the server log',
  stale_connection:
    'the server closed kept-alive connections it had offered, and the request could not be sent again in time (llmload resends such requests once): set `connectionReuse: false` or `noConnectionReuse: true` to turn reuse off',
  connect_error: 'no connection (DNS, refused, TLS): check the URL and that the server is up',
  interrupted: "cut off by the end of the test: raise the scenario's `gracefulStop` to let requests finish",
};

/** The hint for an error type, or undefined. */
export function errorHint(type: string): string | undefined {
  return Object.hasOwn(HINTS, type) ? HINTS[type] : undefined;
}
