import type { TextSlot } from './protocol.js';

/** Text a learned template's slot can carry unparsed: V8 copies substrings this short (longer ones would keep the read's text alive). */
const MAX_PLAIN = 12;
/** Learning costs a probe parse: a response whose events do not fit gets a few tries, not one per event. */
const MAX_TRIES = 4;
const PROBE = 'llmload-probe';

/**
 * The events of one streamed response mostly differ in their new text alone:
 * vLLM repeats id, created, model and the choice's shape around one
 * `"content":"…"` in every chunk, and JSON.parse of each was the largest
 * per-chunk cost of reading a stream (bench/README, "Events that differ in
 * their text alone"). A template learns, from one parsed event whose only
 * effect is its text (LlmInterpreter.textSlot), the raw text before and after
 * that JSON string, and checks with a probe parse that the string between
 * them is the slot. A later event with the same text before and after, and
 * between them a short text with no quote, backslash or control character
 * (so that its JSON string is the text itself), is that event with another
 * text: the same parse with the slot changed, exactly. It is handed back as
 * the learned object with the text swapped in. Anything else is parsed.
 */
export class EventTemplate {
  /** `textSlot`: the interpreter's (LlmInterpreter.textSlot). */
  constructor(private readonly textSlot: (obj: Record<string, unknown>) => TextSlot | undefined) {}

  private prefix = '';
  private suffix = '';
  private obj: Record<string, unknown> | undefined;
  private holder: Record<string, unknown> | undefined;
  private key = '';
  private tries = 0;
  /** An event came whose text around the slot differed (not one whose slot text only needed parsing). */
  private missed = false;

  /** Whether a parsed event is worth learning from: no template yet, or the last event did not fit it. */
  wants(): boolean {
    return this.tries < MAX_TRIES && (this.obj === undefined || this.missed);
  }

  /** A parsed event (raw `data`, its parse `obj`, before apply() sees it): learned from when wanted and the interpreter names its slot. */
  offer(data: string, obj: Record<string, unknown>): void {
    if (!this.wants()) return;
    const slot = this.textSlot(obj);
    if (slot) this.learn(data, obj, slot);
  }

  private learn(data: string, obj: Record<string, unknown>, slot: TextSlot): void {
    this.tries++;
    this.obj = undefined;
    const [holder, key] = slot;
    const value = holder[key];
    if (typeof value !== 'string') return;
    const literal = JSON.stringify(value);
    const at = data.indexOf(literal);
    if (at < 0 || data.indexOf(literal, at + 1) >= 0) return;
    const prefix = data.slice(0, at + 1);
    const suffix = data.slice(at + literal.length - 1);
    let probe: unknown;
    try {
      probe = JSON.parse(`${prefix}${PROBE}${suffix}`);
    } catch {
      return;
    }
    const found = typeof probe === 'object' && probe !== null ? this.textSlot(probe as Record<string, unknown>) : undefined;
    if (found === undefined || found[0][found[1]] !== PROBE) return;
    this.prefix = prefix;
    this.suffix = suffix;
    this.obj = obj;
    this.holder = holder;
    this.key = key;
    this.missed = false;
  }

  /** The learned object with `data`'s text in its slot when `data` fits the template, else undefined. */
  match(data: string): Record<string, unknown> | undefined {
    if (this.obj === undefined) return undefined;
    const end = data.length - this.suffix.length;
    const start = this.prefix.length;
    // Slices compared with === (V8 compares their characters in bulk): about half what startsWith and endsWith cost.
    if (end < start || data.slice(0, start) !== this.prefix || data.slice(end) !== this.suffix) {
      this.missed = true;
      return undefined;
    }
    if (end - start > MAX_PLAIN) return undefined;
    for (let i = start; i < end; i++) {
      const c = data.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c) return undefined;
    }
    this.holder![this.key] = data.slice(start, end);
    return this.obj;
  }
}
