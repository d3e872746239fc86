// Generated from runtime/modules/encoding.ts by runtime/build-types.mjs: edit the source, then run `npm run build:types`.
/// <reference path="./globals.d.ts" />
/** `llmload/encoding` (k6's `k6/encoding`): base64 in the standard and URL-safe alphabets. */

/** `std` and `url` pad with `=`; `rawstd` and `rawurl` do not. */
export type Base64Encoding = "std" | "rawstd" | "url" | "rawurl";
/** Base64 of a string (its UTF-8 bytes) or of an ArrayBuffer. */
export declare function b64encode(input: string | ArrayBuffer, encoding?: Base64Encoding): string;
/** The decoded bytes; with `format` "s", the bytes as a UTF-8 string. Padding is optional. */
export declare function b64decode(input: string, encoding?: Base64Encoding): ArrayBuffer;
export declare function b64decode(input: string, encoding: Base64Encoding | undefined, format: "s"): string;
declare const _default: {
	b64encode: typeof b64encode;
	b64decode: typeof b64decode;
};

export {
	_default as default,
};

export {};
