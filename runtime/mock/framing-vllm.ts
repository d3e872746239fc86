/**
 * vLLM's streamed chat chunks (vllm/entrypoints/openai/serving_chat.py, as
 * v0.11 writes them: pydantic with exclude_unset). The role-only chunk goes
 * out with the first token (vLLM's first engine output is the first token);
 * `vllm-early-role` sends it as soon as the request arrives instead, as some
 * servers do. A `length` finish rides on the last token's chunk; a `stop`
 * (end-of-sequence) finish comes in a chunk of its own with empty content.
 */
import { type Delta, type FinishReason, hexId, pyString, type StreamSpec, type StreamWriter, type TokenCounts } from './framing.js';
import { DONE_EVENT as DONE } from './openai-format.js';

export class VllmChatStream implements StreamWriter {
  readonly id: string;
  private readonly head: string;
  private readonly model: string;
  private roleSent = false;
  private toolStarted = false;
  private finished = false;

  constructor(
    private readonly spec: StreamSpec,
    private readonly earlyRole: boolean,
  ) {
    this.id = `chatcmpl-${hexId(spec.seq, 32)}`;
    this.model = JSON.stringify(spec.model);
    this.head = `data: {"id":"${this.id}","object":"chat.completion.chunk","created":${spec.created},"model":${this.model},"choices":[{"index":0,"delta":`;
  }

  opening(): string {
    return this.earlyRole ? this.role() : '';
  }

  delta(d: Delta, last: FinishReason | undefined, soFar: TokenCounts): string {
    const role = this.roleSent ? '' : this.role();
    const parts: string[] = [];
    const tool = this.spec.toolName !== undefined;
    if (d.content !== '' && !tool) parts.push(`"content":${JSON.stringify(d.content)}`);
    if (d.reasoning !== '') parts.push(`"${this.spec.reasoningField}":${JSON.stringify(d.reasoning)}`);
    if (d.content !== '' && tool) parts.push(`"tool_calls":[${this.toolCall(d.content)}]`);
    const rides = last === 'length';
    if (rides) this.finished = true;
    const end = rides ? `"finish_reason":"${last}","stop_reason":null` : '"finish_reason":null';
    return `${role}${this.head}{${parts.join(',')}},"logprobs":null,${end},"token_ids":null}]${this.usage(soFar)}}\n\n`;
  }

  close(reason: FinishReason, final: TokenCounts, includeUsage: boolean): string {
    let out = this.roleSent ? '' : this.role();
    if (!this.finished) {
      const delta = this.spec.toolName !== undefined ? '{}' : '{"content":""}';
      out += `${this.head}${delta},"logprobs":null,"finish_reason":"${reason}","stop_reason":null,"token_ids":null}]${this.usage(final)}}\n\n`;
    }
    if (includeUsage) {
      out += `data: {"id":"${this.id}","object":"chat.completion.chunk","created":${this.spec.created},"model":${this.model},"choices":[],"usage":${usageJson(final)}}\n\n`;
    }
    return out + DONE;
  }

  fail(message: string): string {
    return `data: {"error": {"message": ${pyString(message)}, "type": "InternalServerError", "param": null, "code": 500}}\n\n${DONE}`;
  }

  wireReason(reason: FinishReason): string {
    return reason;
  }

  private role(): string {
    this.roleSent = true;
    const usage = this.usage({ prompt: this.spec.promptTokens, completion: 0, reasoning: 0 });
    return `${this.head}{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]${usage},"prompt_token_ids":null}\n\n`;
  }

  private toolCall(args: string): string {
    const a = JSON.stringify(args);
    if (this.toolStarted) return `{"index":0,"function":{"arguments":${a}}}`;
    this.toolStarted = true;
    const name = JSON.stringify(this.spec.toolName);
    return `{"id":"chatcmpl-tool-${hexId(this.spec.seq, 32)}","type":"function","index":0,"function":{"name":${name},"arguments":${a}}}`;
  }

  private usage(c: TokenCounts): string {
    return this.spec.continuousUsage ? `,"usage":${usageJson(c)}` : '';
  }
}

/** vLLM's UsageInfo, in its field order. */
function usageJson(c: TokenCounts): string {
  return `{"prompt_tokens":${c.prompt},"total_tokens":${c.prompt + c.completion},"completion_tokens":${c.completion}}`;
}
