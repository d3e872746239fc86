/**
 * Request bodies as k6 encodes them: strings and bytes as they are; a plain
 * object as an application/x-www-form-urlencoded form, or as
 * multipart/form-data when one of its values is an `http.file()`.
 */
import { perContext } from './internal/per-context.js';
import { utf8Encode } from './internal/utf8.js';
import { host } from './internal/state.js';

/** A file part of a multipart body (http.file()). */
export class FileData {
  private constructor(
    readonly data: string | ArrayBuffer | ArrayBufferView,
    readonly filename: string,
    readonly content_type: string,
  ) {}

  /** @internal */
  static of(data: string | ArrayBuffer | ArrayBufferView, filename: string, contentType: string): FileData {
    return new FileData(data, filename, contentType);
  }
}
// One class for the VUs of a context: see perContext.
// @ts-expect-error TypeScript forbids assigning to a class
// biome-ignore lint/suspicious/noClassAssign: one class per context (perContext)
FileData = perContext('llmload/http FileData', FileData);

/** A multipart file part; filename defaults to a timestamp, contentType to application/octet-stream. */
export function file(data: string | ArrayBuffer | ArrayBufferView, filename?: string, contentType?: string): FileData {
  if (typeof data !== 'string' && !(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) {
    throw new TypeError(`http.file(): invalid type ${data === null ? 'null' : typeof data}, expected string or ArrayBuffer`);
  }
  return FileData.of(data, filename ?? `${Date.now()}000000`, contentType ?? 'application/octet-stream');
}

/** An encoded object body and the Content-Type it needs. */
export interface FormBody {
  body: string | Uint8Array;
  contentType: string;
}

let warnedNested = false;

/** k6's rule for one form value: null/undefined → '', nested objects → '' (with a warning), the rest as text. */
function formValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') {
    if (!warnedNested) {
      warnedNested = true;
      host.log(
        'warn',
        'llmload/http: cannot urlencode a nested object or array in a request form body; encoding it as an empty value, use JSON.stringify() to send structured data',
      );
    }
    return '';
  }
  return String(v);
}

/** Go's url.QueryEscape: only A-Z a-z 0-9 - _ . ~ stay, spaces become "+". */
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** A plain object body: urlencoded (keys sorted, arrays as repeated keys, as Go's url.Values) or multipart when it holds a file. */
export function objectBody(obj: Record<string, unknown>): FormBody {
  const keys = Object.keys(obj);
  if (keys.some((k) => obj[k] instanceof FileData)) return multipart(obj, keys);
  const pairs: string[] = [];
  for (const k of keys.sort()) {
    const v = obj[k];
    const key = queryEscape(k);
    if (Array.isArray(v)) for (const el of v) pairs.push(`${key}=${queryEscape(formValue(el))}`);
    else pairs.push(`${key}=${queryEscape(formValue(v))}`);
  }
  return { body: pairs.join('&'), contentType: 'application/x-www-form-urlencoded' };
}

const quote = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

function boundary(): string {
  let b = '';
  for (let i = 0; i < 30; i++)
    b += Math.floor(Math.random() * 256)
      .toString(16)
      .padStart(2, '0');
  return b;
}

function bytesOf(data: string | ArrayBuffer | ArrayBufferView): Uint8Array {
  if (typeof data === 'string') return utf8Encode(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Go's mime/multipart layout, as k6 writes it: fields get only a Content-Disposition, files also a Content-Type. */
function multipart(obj: Record<string, unknown>, keys: string[]): FormBody {
  const b = boundary();
  const chunks: Uint8Array[] = [];
  keys.forEach((k, i) => {
    const v = obj[k];
    let head = `${i === 0 ? '' : '\r\n'}--${b}\r\n`;
    let data: Uint8Array;
    if (v instanceof FileData) {
      head += `Content-Disposition: form-data; name="${k}"; filename="${quote(v.filename)}"\r\nContent-Type: ${v.content_type}\r\n\r\n`;
      data = bytesOf(v.data);
    } else {
      head += `Content-Disposition: form-data; name="${quote(k)}"\r\n\r\n`;
      data = utf8Encode(formValue(v));
    }
    chunks.push(utf8Encode(head), data);
  });
  chunks.push(utf8Encode(`${keys.length ? '\r\n' : ''}--${b}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return { body: out, contentType: `multipart/form-data; boundary=${b}` };
}
