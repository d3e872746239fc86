/**
 * `llmload/encoding` (k6's `k6/encoding`): base64 in its four alphabets.
 * A VU is a bare V8 isolate (no atob, btoa or TextEncoder), so the UTF-8 and
 * base64 conversions are done here.
 */
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

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    let c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

/** A string from UTF-8 bytes (an invalid sequence becomes one U+FFFD per byte). */
export function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const extra = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    let c = extra === 0 ? b : b & (0x3f >> extra);
    let ok = extra >= 0 && i + extra < bytes.length;
    for (let k = 1; ok && k <= extra; k++) {
      const cont = bytes[i + k]!;
      if ((cont & 0xc0) !== 0x80) ok = false;
      else c = (c << 6) | (cont & 63);
    }
    if (!ok) {
      out += '\ufffd';
      i++;
      continue;
    }
    out += String.fromCodePoint(c);
    i += extra + 1;
  }
  return out;
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

/**
 * Decodes base64: an ArrayBuffer, or with `format` "s" a string (the bytes
 * as UTF-8). Padding is optional in every alphabet.
 */
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
