/**
 * The packages the runtime loads at their first use (runtime/plugin-api/lazy-package.ts
 * says why): the bundler's, and those only some runs or commands need.
 */
import type * as BabelParser from '@babel/parser';
import type * as CsvParseSync from 'csv-parse/sync';
import type * as Esbuild from 'esbuild';
import type * as Jinja from '@huggingface/jinja';
import type * as HfTokenizers from '@huggingface/tokenizers';
import type JStat from 'jstat';
import type MagicString from 'magic-string';
import type * as Yaml from 'yaml';
import { lazyPackage } from './plugin-api/lazy-package.js';

const at = import.meta.url;

/** Bundles scripts and plugins given by path (a thread of `--threads` runs its run's bundle and never needs it). */
export const esbuild = lazyPackage<typeof Esbuild>(at, 'esbuild');
/** The k6-style sync transform's parser and editor (runtime/bundle/sync-style). */
export const babelParser = lazyPackage<typeof BabelParser>(at, '@babel/parser');
export const magicString = lazyPackage<{ default: typeof MagicString }>(at, 'magic-string');
/** Datasets, nvidia-smi's output and `recommend` inputs. */
export const csvParse = lazyPackage<typeof CsvParseSync>(at, 'csv-parse/sync');
/** HuggingFace tokenizers and their chat templates. */
export const hfTokenizers = lazyPackage<typeof HfTokenizers>(at, '@huggingface/tokenizers');
export const jinja = lazyPackage<typeof Jinja>(at, '@huggingface/jinja');
/** `compare`'s statistics. */
export const jstat = lazyPackage<typeof JStat>(at, 'jstat');
/** `matrix`, `recommend` and `vram` files. */
export const yaml = lazyPackage<typeof Yaml>(at, 'yaml');
