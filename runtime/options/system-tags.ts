import { optionError, suggest } from './check.js';

/** k6's system tags (metrics/system_tag.go), default ones first. */
export const K6_SYSTEM_TAGS = [
  'proto',
  'subproto',
  'status',
  'method',
  'url',
  'name',
  'group',
  'check',
  'error',
  'error_code',
  'tls_version',
  'scenario',
  'service',
  'expected_response',
  'iter',
  'vu',
  'ocsp_status',
  'ip',
] as const;

/** The tags `llmload/openai` adds to every request's samples: llmload's own system tags. */
export const LLMLOAD_SYSTEM_TAGS = ['model', 'endpoint', 'stream', 'finish_reason', 'error_type'] as const;

export type SystemTagName = (typeof K6_SYSTEM_TAGS)[number] | (typeof LLMLOAD_SYSTEM_TAGS)[number];

/** Every name `systemTags` accepts. */
export const SYSTEM_TAG_NAMES: readonly SystemTagName[] = [...K6_SYSTEM_TAGS, ...LLMLOAD_SYSTEM_TAGS];

/** k6 leaves these out unless asked: high-cardinality (vu, iter) or costly/rare (ip, ocsp_status). */
const OPT_IN: ReadonlySet<string> = new Set(['iter', 'vu', 'ocsp_status', 'ip']);

/** k6's default set plus llmload's own tags, in SYSTEM_TAG_NAMES order. */
export const DEFAULT_SYSTEM_TAG_LIST: readonly SystemTagName[] = SYSTEM_TAG_NAMES.filter((t) => !OPT_IN.has(t));

/**
 * The system tags samples carry, decided once per run from the names: one
 * boolean per tag, so a tag builder pays one property read per tag it could
 * set (no Set lookup, no allocation), whatever the set.
 */
export type SystemTags = Readonly<Record<SystemTagName, boolean>>;

/** The set of the given names (already validated). */
export function systemTagSet(names: readonly string[]): SystemTags {
  const on = new Set(names);
  return Object.freeze(Object.fromEntries(SYSTEM_TAG_NAMES.map((t) => [t, on.has(t)])) as Record<SystemTagName, boolean>);
}

/** k6's default set plus llmload's own (vu, iter, ip, ocsp_status off). */
export const DEFAULT_SYSTEM_TAGS: SystemTags = systemTagSet(DEFAULT_SYSTEM_TAG_LIST);

/**
 * Reads `systemTags` (a list of names; absent: the default set). Unknown
 * names are an error naming all of them (k6 silently drops them, which hides
 * a typo until the tags are missing from the results).
 */
export function resolveSystemTags(raw: unknown, source: string): SystemTagName[] {
  if (raw === undefined) return [...DEFAULT_SYSTEM_TAG_LIST];
  if (!Array.isArray(raw) || !raw.every((t) => typeof t === 'string')) {
    throw optionError(source, 'systemTags', `must be a list of tag names such as ["status", "method", "url"]`);
  }
  const names = raw.map((t) => t.trim()).filter((t) => t !== '');
  const known = new Set<string>(SYSTEM_TAG_NAMES);
  const unknown = names.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    const hints = unknown.map((t) => {
      const close = suggest(t, SYSTEM_TAG_NAMES);
      return close ? `"${t}" (did you mean "${close}"?)` : `"${t}"`;
    });
    throw optionError(source, 'systemTags', `has unknown tag${unknown.length > 1 ? 's' : ''} ${hints.join(', ')}; known: ${SYSTEM_TAG_NAMES.join(', ')}`);
  }
  // In the canonical order, once each: `inspect` shows the same list however it was written.
  return SYSTEM_TAG_NAMES.filter((t) => names.includes(t));
}
