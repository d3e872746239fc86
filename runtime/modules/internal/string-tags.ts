// Sample tags as the host takes them.

/** Tag values are strings (k6 converts numbers and booleans); null and undefined drop the tag. */
export function stringTags(tags: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(tags)) {
    const v = tags[k];
    if (v === undefined || v === null) continue;
    if (typeof v === 'object') throw new TypeError(`tag "${k}" must be a string, number or boolean`);
    out[k] = String(v);
  }
  return out;
}
