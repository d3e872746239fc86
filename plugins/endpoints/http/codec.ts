import { DecompressionError } from 'llmload/plugin';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/**
 * Content codings, as k6 has them: `deflate` is the zlib format (RFC 1950,
 * what Go's compress/zlib and HTTP's "deflate" mean), `zstd` exists only where
 * Node has it (22.15+). Responses are decoded off the main thread.
 */
type Sync = (b: Buffer) => Buffer;
type Async = (b: Buffer) => Promise<Buffer>;

const z = zlib as unknown as Record<string, unknown>;
const zstdCompress = z.zstdCompressSync as Sync | undefined;
const zstdDecompress =
  typeof z.zstdDecompress === 'function' ? (promisify(z.zstdDecompress as (b: Buffer, cb: (e: Error | null, r: Buffer) => void) => void) as Async) : undefined;

const COMPRESS: Record<string, Sync | undefined> = {
  gzip: (b) => zlib.gzipSync(b),
  deflate: (b) => zlib.deflateSync(b),
  br: (b) => zlib.brotliCompressSync(b),
  zstd: zstdCompress,
};

const DECOMPRESS: Record<string, Async | undefined> = {
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
  zstd: zstdDecompress,
};

/** The codings k6 accepts for params.compression. */
export const COMPRESSIONS = ['gzip', 'deflate', 'br', 'zstd'] as const;

/** Applies params.compression in order (k6: "gzip, br" = gzip, then brotli). */
export function compressBody(body: Buffer, codings: readonly string[]): Buffer {
  let out = body;
  for (const c of codings) {
    const f = COMPRESS[c];
    if (!f) throw new Error(`compression "${c}" is not available in this Node.js version`);
    out = f(out);
  }
  return out;
}

/**
 * Undoes the response's Content-Encoding (last coding first); codings k6 does
 * not know are left as they are. Throws DecompressionError.
 */
export async function decodeBody(body: Buffer, contentEncoding: string | undefined): Promise<Buffer> {
  if (!contentEncoding || body.length === 0) return body;
  const codings = contentEncoding.split(',');
  let out = body;
  for (let i = codings.length - 1; i >= 0; i--) {
    const f = DECOMPRESS[codings[i]!.trim().toLowerCase()];
    if (!f) continue;
    try {
      out = await f(out);
    } catch (err) {
      throw new DecompressionError(err);
    }
  }
  return out;
}
