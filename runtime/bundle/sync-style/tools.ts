/**
 * The parser and the string editor, passed in: the plugin loads them only
 * when a script is bundled, so `llmload --help` does not pay for babel
 * (runtime/lazy-packages.ts).
 */
import type { parse } from '@babel/parser';
import type MagicString from 'magic-string';
import { babelParser, magicString } from '../../lazy-packages.js';

export interface Tools {
  parse: typeof parse;
  MagicString: typeof MagicString;
}

export function loadTools(): Tools {
  return { parse: babelParser().parse, MagicString: magicString().default };
}
