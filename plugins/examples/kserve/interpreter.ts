import type { ChunkKind, LlmInterpreter, LlmToolCall, LlmUsage, StreamEnd } from 'llmload/plugin';

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * Triton's generate extension, read for the LLM kit: each `generate_stream`
 * event (or the one `/generate` body) is a `$generate_response`,
 * `{ "model_name", "model_version", "text_output", … }`, whose
 * `text_output` is the new text (the kit stamps the event: TTFT, ITL). The
 * vLLM backend's optional outputs are read when the request asked for them:
 * `finish_reason` (`return_finish_reason`), `num_input_tokens`
 * (`return_num_input_tokens`) and `num_output_tokens`
 * (`return_num_output_tokens`: the tokens of that response, summed here).
 * Errors (`{ "error": "…" }`, in a 4xx body or as an event) are the kit's.
 * The protocol has no end-of-stream event: a stream that ends without a cut
 * is complete.
 */
export class GenerateInterpreter implements LlmInterpreter {
  private readonly parts: string[] = [];
  private promptTokens: number | undefined;
  private outputTokens: number | undefined;
  finishReason: string | null = null;
  readonly reasoning = '';
  readonly toolCalls: LlmToolCall[] = [];

  apply(obj: Record<string, unknown>): ChunkKind {
    const n = count(obj.num_output_tokens);
    if (n !== undefined) this.outputTokens = (this.outputTokens ?? 0) + n;
    this.promptTokens = count(obj.num_input_tokens) ?? this.promptTokens;
    if (typeof obj.finish_reason === 'string' && obj.finish_reason !== '') this.finishReason = obj.finish_reason;
    const text = typeof obj.text_output === 'string' ? obj.text_output : '';
    if (text === '') return 'none';
    this.parts.push(text);
    return 'answer';
  }

  incomplete(end: StreamEnd): string | undefined {
    return !end.cut || this.finishReason !== null ? undefined : 'the stream was cut before its last response';
  }

  outputTexts(): string[] {
    const text = this.text;
    return text === '' ? [] : [text];
  }

  get text(): string {
    return this.parts.join('');
  }

  /** The counts the server reported (the kit counts the rest with the tokenizer). */
  get usage(): LlmUsage | undefined {
    if (this.promptTokens === undefined && this.outputTokens === undefined) return undefined;
    const usage: Record<string, number> = {};
    if (this.promptTokens !== undefined) usage.prompt_tokens = this.promptTokens;
    if (this.outputTokens !== undefined) usage.completion_tokens = this.outputTokens;
    if (this.promptTokens !== undefined && this.outputTokens !== undefined) usage.total_tokens = this.promptTokens + this.outputTokens;
    return usage as LlmUsage;
  }
}
