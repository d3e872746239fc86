import type { ChunkKind, LlmInterpreter, LlmToolCall, LlmUsage, StreamEnd, TextSlot } from 'llmload/plugin';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Whitespace counts as content (AIPerf): only '' and non-strings do not. */
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * OpenAI's reading of one response (the LLM kit's interpreter): text and
 * reasoning of choice 0, tool calls merged by index, the finish reason and
 * the usage. Works on chat deltas (`choices[].delta`), whole chat messages
 * (`choices[].message`) and text completions (`choices[].text`), so the same
 * code reads streamed and non-streamed responses. A stream is complete with
 * `data: [DONE]` or a finish reason.
 */
export class ResponseAccumulator implements LlmInterpreter {
  readonly endMarker = '[DONE]';
  private readonly textParts: string[] = [];
  private readonly reasoningParts: string[] = [];
  private readonly tools = new Map<number, LlmToolCall>();
  finishReason: string | null = null;
  usage: LlmUsage | undefined;

  /** Applies one parsed object (an SSE event's data, or the response body). */
  apply(obj: Obj): ChunkKind {
    if (isObj(obj.usage)) this.usage = obj.usage as unknown as LlmUsage;
    const choices = obj.choices;
    if (!Array.isArray(choices)) return 'none';
    let answer = false;
    let reasoning = false;
    for (const c of choices) {
      if (!isObj(c)) continue;
      const first = c.index === undefined || c.index === 0;
      const d = isObj(c.delta) ? c.delta : isObj(c.message) ? c.message : undefined;
      const content = text(d?.content) || text(c.text);
      if (content !== '') {
        answer = true;
        if (first) this.textParts.push(content);
      }
      const r = text(d?.reasoning_content) || text(d?.reasoning);
      if (r !== '') {
        reasoning = true;
        if (first) this.reasoningParts.push(r);
      }
      if (d && first && this.mergeToolCalls(d)) answer = true;
      if (typeof c.finish_reason === 'string' && c.finish_reason !== '') this.finishReason = c.finish_reason;
    }
    return answer ? 'answer' : reasoning ? 'reasoning' : 'none';
  }

  /** A streamed chunk whose one effect is choice 0's new content: nothing else apply() reads is set in it. */
  textSlot(obj: Obj): TextSlot | undefined {
    const choices = obj.choices;
    if (isObj(obj.usage) || !Array.isArray(choices) || choices.length !== 1) return undefined;
    const c = choices[0];
    if (!isObj(c) || (c.index !== undefined && c.index !== 0) || text(c.finish_reason) !== '' || !isObj(c.delta)) return undefined;
    const d = c.delta;
    if (text(d.content) === '' || text(d.reasoning_content) !== '' || text(d.reasoning) !== '') return undefined;
    return Array.isArray(d.tool_calls) || isObj(d.function_call) ? undefined : [d, 'content'];
  }

  get text(): string {
    return this.textParts.join('');
  }

  get reasoning(): string {
    return this.reasoningParts.join('');
  }

  get toolCalls(): LlmToolCall[] {
    return [...this.tools.values()].sort((a, b) => a.index - b.index);
  }

  incomplete(end: StreamEnd): string | undefined {
    return end.marker || this.finishReason !== null ? undefined : 'the stream ended without [DONE] or a finish reason';
  }

  /** Text a tokenizer should count as output: answer, reasoning and tool-call text. */
  outputTexts(): string[] {
    const out = [this.text, this.reasoning];
    for (const t of this.tools.values()) out.push(t.function.name, t.function.arguments);
    return out.filter((s) => s !== '');
  }

  /** Merges `tool_calls` (and the legacy `function_call`); true when any carried text. */
  private mergeToolCalls(d: Obj): boolean {
    let carried = false;
    const calls = Array.isArray(d.tool_calls) ? d.tool_calls : isObj(d.function_call) ? [{ index: 0, type: 'function', function: d.function_call }] : [];
    for (let i = 0; i < calls.length; i++) {
      const tc = calls[i];
      if (!isObj(tc)) continue;
      const index = typeof tc.index === 'number' ? tc.index : i;
      let call = this.tools.get(index);
      if (!call) this.tools.set(index, (call = { index, type: 'function', function: { name: '', arguments: '' } }));
      if (typeof tc.id === 'string' && tc.id !== '') call.id = tc.id;
      if (typeof tc.type === 'string' && tc.type !== '') call.type = tc.type;
      const fn = isObj(tc.function) ? tc.function : {};
      const name = text(fn.name);
      const args = text(fn.arguments);
      call.function.name += name;
      call.function.arguments += args;
      if (name !== '' || args !== '') carried = true;
    }
    return carried;
  }
}
