/** A streamed /v1/completions answer, in vLLM's shape: text chunks, a finish chunk, the usage chunk, [DONE]. */
import type { Delta, FinishReason, StreamSpec, StreamWriter, TokenCounts } from './framing.js';
import { DONE_EVENT, errorEvent, usage } from './openai-format.js';

export class CompletionStream implements StreamWriter {
  private readonly head: string;

  constructor(
    readonly id: string,
    private readonly spec: StreamSpec,
  ) {
    this.head = `data: {"id":"${id}","object":"text_completion","created":${spec.created},"model":${JSON.stringify(spec.model)},"choices":[{"index":0,`;
  }

  opening(): string {
    return '';
  }

  delta(d: Delta, _last: FinishReason | undefined, _soFar: TokenCounts): string {
    return `${this.head}"text":${JSON.stringify(d.reasoning + d.content)},"logprobs":null,"finish_reason":null}]}\n\n`;
  }

  close(reason: FinishReason, final: TokenCounts, includeUsage: boolean): string {
    let out = `${this.head}"text":"","logprobs":null,"finish_reason":"${reason}","stop_reason":null}]}\n\n`;
    if (includeUsage) {
      const u = usage(final.prompt, final.completion, final.reasoning);
      out += `data: ${JSON.stringify({ id: this.id, object: 'text_completion', created: this.spec.created, model: this.spec.model, choices: [], usage: u })}\n\n`;
    }
    return out + DONE_EVENT;
  }

  fail(message: string): string {
    return errorEvent(message) + DONE_EVENT;
  }

  wireReason(reason: FinishReason): string {
    return reason;
  }
}
