/**
 * The parser and the string editor, passed in: the plugin loads them only
 * when a script is bundled, so `llmload --help` does not pay for babel
 * (dynamic imports of packages stay lazy in dist/cli.js).
 */
import type { parse } from '@babel/parser';
import type MagicString from 'magic-string';

export interface Tools {
  parse: typeof parse;
  MagicString: typeof MagicString;
}

export async function loadTools(): Promise<Tools> {
  const [{ parse }, { default: MagicString }] = await Promise.all([import('@babel/parser'), import('magic-string')]);
  return { parse, MagicString };
}
