/**
 * What crosses between the in-isolate `llmload/http` module and the host's
 * HTTP client (types only; both sides import them).
 */

/** One request as the isolate sends it (already normalised). */
export interface HttpRequestWire {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Text, or bytes for ArrayBuffer/typed-array bodies. */
  body?: string | Uint8Array;
  /** ms; the whole request (connect to last body byte). */
  timeout: number;
  /** Extra sample tags (params.tags); `name` replaces the url in the `name` tag. */
  tags?: Record<string, string>;
  /** 'text' (default): body as a string; 'binary': ArrayBuffer; 'none': dropped. */
  responseType: 'text' | 'binary' | 'none';
}

/** k6's per-request timings, in ms. */
export interface HttpTimings {
  /** sending + waiting + receiving. */
  duration: number;
  /** Waiting for a connection (queued, or before the connect started). */
  blocked: number;
  /** TCP connect of a new connection (0 when one was reused). */
  connecting: number;
  /** TLS handshake of a new connection (0 when reused or plain HTTP). */
  tls_handshaking: number;
  /** Writing the request (headers and body). */
  sending: number;
  /** Request written → first response byte (the headers). */
  waiting: number;
  /** First response byte → last byte. */
  receiving: number;
}

/** The response as the isolate receives it. */
export interface HttpResponseWire {
  /** 0 when no response arrived (network error, timeout). */
  status: number;
  status_text: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string | ArrayBuffer | null;
  timings: HttpTimings;
  proto: string;
  url: string;
  /** Error message ('' when none). */
  error: string;
  /** k6 error code (0 when none; 1000 + status for HTTP ≥ 400). */
  error_code: number;
}
