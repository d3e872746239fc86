/** `llmload/encoding` (k6's `k6/encoding`): base64 in the standard and URL-safe alphabets. */
// A VU is a bare V8 isolate (no atob, btoa or TextEncoder), so the base64 and UTF-8 conversions are done here.
import { utf8Decode, utf8Encode } from './internal/utf8.js';

/** `std` and `url` pad with `=`; `rawstd` and `rawurl` do not. */
export type Base64Encoding = 'std' | 'rawstd' | 'url' | 'rawurl';

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function alphabet(encoding: Base64Encoding | undefined, fn: string): { chars: string; pad: boolean } {
  switch (encoding ?? 'std') {
    case 'std':
      return { chars: STD, pad: true };
    case 'rawstd':
      return { chars: STD, pad: false };
    case 'url':
      return { chars: URL_SAFE, pad: true };
    case 'rawurl':
      return { chars: URL_SAFE, pad: false };
    default:
      throw new TypeError(`${fn}(): encoding must be "std", "rawstd", "url" or "rawurl", not ${JSON.stringify(encoding)}`);
  }
}

function bytesOf(input: unknown, fn: string): Uint8Array {
  if (typeof input === 'string') return utf8Encode(input);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError(`${fn}(): input must be a string or an ArrayBuffer`);
}

/** Base64 of a string (its UTF-8 bytes) or of an ArrayBuffer. */
export function b64encode(input: string | ArrayBuffer, encoding?: Base64Encoding): string {
  const { chars, pad } = alphabet(encoding, 'b64encode');
  const b = bytesOf(input, 'b64encode');
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += chars[(n >> 18) & 63]! + chars[(n >> 12) & 63]!;
    out += i + 1 < b.length ? chars[(n >> 6) & 63]! : pad ? '=' : '';
    out += i + 2 < b.length ? chars[n & 63]! : pad ? '=' : '';
  }
  return out;
}

/** The decoded bytes; with `format` "s", the bytes as a UTF-8 string. Padding is optional. */
export function b64decode(input: string, encoding?: Base64Encoding): ArrayBuffer;
export function b64decode(input: string, encoding: Base64Encoding | undefined, format: 's'): string;
export function b64decode(input: string, encoding?: Base64Encoding, format?: 's'): ArrayBuffer | string {
  const { chars } = alphabet(encoding, 'b64decode');
  if (typeof input !== 'string') throw new TypeError('b64decode(): input must be a string');
  const text = input.replace(/=+$/, '');
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of text) {
    const v = chars.indexOf(ch);
    if (v < 0) throw new TypeError(`b64decode(): invalid character ${JSON.stringify(ch)} for the "${encoding ?? 'std'}" alphabet`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 255);
    }
  }
  const out = new Uint8Array(bytes);
  if (format === 's') return utf8Decode(out);
  if (format !== undefined) throw new TypeError(`b64decode(): format must be "s" or omitted, not ${JSON.stringify(format)}`);
  return out.buffer;
}

export default { b64encode, b64decode };
