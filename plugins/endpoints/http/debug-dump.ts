import type { HttpDebug, Tags } from 'llmload/plugin';
import { randomUUID } from 'node:crypto';
import type { HopResult } from './hop.js';

/** One hop as it goes out. */
export interface DumpedRequest {
  method: string;
  /** scheme://host[:port] */
  origin: string;
  /** Path and query. */
  path: string;
  headers: Readonly<Record<string, string>>;
  body: Buffer | null;
}

/**
 * k6's `httpDebug`: every hop's request and response, dumped the way k6 does
 * (Go's httputil.DumpRequestOut / DumpResponse, CRLF as newlines), one INFO
 * message each through the run's logger, with k6's fields after it
 * (`request_id`, pairing a request with its response, `source=http-debug`,
 * the VU, scenario and group). 'full' adds the bodies. Headers are printed
 * as sent, Authorization and Cookie included (as k6 prints them).
 */
export class HttpDebugDump {
  constructor(
    /** 'full': bodies too (llmload/http then keeps response bodies even with responseType 'none'). */
    readonly full: boolean,
    private readonly info: (message: string) => void,
  ) {}

  /** Logs the request; returns the id its response is logged with. */
  request(req: DumpedRequest, vu: number, tags: Tags): string {
    const id = randomUUID();
    const lines = [`${req.method} ${req.path || '/'} HTTP/1.1`, `Host: ${new URL(req.origin).host}`];
    for (const [k, v] of Object.entries(req.headers)) lines.push(`${k}: ${v}`);
    if (req.body && req.headers['Content-Length'] === undefined) lines.push(`Content-Length: ${req.body.length}`);
    this.log('Request', lines, this.full ? bodyText(req.body, req.headers['Content-Encoding']) : '', fields(id, vu, tags));
    return id;
  }

  /** Logs the response of a hop (nothing when none arrived, as k6). */
  response(id: string, r: HopResult, vu: number, tags: Tags): void {
    if (r.status === 0) return;
    const lines = [`HTTP/1.1 ${r.status} ${r.statusText}`.trimEnd()];
    for (const [k, v] of Object.entries(r.headers)) {
      // Joined with ", " in `headers`; a dump shows each Set-Cookie as the server sent it.
      if (k === 'Set-Cookie' && r.setCookie) for (const c of r.setCookie) lines.push(`Set-Cookie: ${c}`);
      else lines.push(`${k}: ${v}`);
    }
    const body = this.full ? (r.body === undefined ? '' : bodyText(r.body, r.headers['Content-Encoding'])) : '';
    this.log('Response', lines, body, fields(id, vu, tags));
  }

  private log(kind: string, head: string[], body: string, tail: string): void {
    this.info(`${kind}:\n${head.join('\n')}\n\n${body}${body ? '\n' : ''}  ${tail}`);
  }
}

/** The dumper for the option, or undefined when httpDebug is off. */
export function httpDebugDump(mode: HttpDebug, info: ((message: string) => void) | undefined): HttpDebugDump | undefined {
  return mode === '' || !info ? undefined : new HttpDebugDump(mode === 'full', info);
}

/** Text bodies as text; compressed ones by size (their bytes would only garble the terminal). */
function bodyText(body: Buffer | null, encoding: string | undefined): string {
  if (!body || body.length === 0) return '';
  if (encoding !== undefined && encoding !== 'identity') return `[${body.length} bytes, Content-Encoding: ${encoding}]`;
  return body.toString('utf8');
}

/** k6's log fields (logrus prints them sorted): request_id, source, vu, and the tags that place the request. */
function fields(id: string, vu: number, tags: Tags): string {
  const parts: string[] = [];
  if (tags.group !== undefined) parts.push(`group=${tags.group}`);
  parts.push(`request_id=${id}`);
  if (tags.scenario !== undefined) parts.push(`scenario=${tags.scenario}`);
  parts.push('source=http-debug', `vu=${vu}`);
  return parts.join(' ');
}
