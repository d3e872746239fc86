/**
 * SGLang's streamed chat chunks (python/sglang/srt/entrypoints/openai/
 * serving_chat.py, as the 0.5 releases write them: pydantic model_dump_json,
 * every field printed, nulls included). The id is a bare 32-hex request id;
 * the role chunk goes out with the first token; the finish reason always comes
 * in a chunk of its own with an empty delta and `matched_stop`; reasoning and
 * answer text of one step are two chunks; usage has SGLang's flat
 * `reasoning_tokens`.
 */
import { type Delta, type FinishReason, hexId, pyString, type StreamSpec, type StreamWriter, type TokenCounts } from './framing.js';
import { DONE_EVENT as DONE } from './openai-format.js';

const EMPTY = '"role":null,"content":null,"reasoning_content":null,"tool_calls":null';

export class SglangChatStream implements StreamWriter {
  readonly id: string;
  private readonly head: string;
  private readonly model: string;
  private roleSent = false;
  private toolStarted = false;

  constructor(private readonly spec: StreamSpec) {
    this.id = hexId(spec.seq, 32);
    this.model = JSON.stringify(spec.model);
    this.head = `data: {"id":"${this.id}","object":"chat.completion.chunk","created":${spec.created},"model":${this.model},"choices":[{"index":0,"delta":`;
  }

  opening(): string {
    return '';
  }

  delta(d: Delta, _last: FinishReason | undefined, soFar: TokenCounts): string {
    let out = '';
    if (!this.roleSent) {
      this.roleSent = true;
      out += this.event('"role":"assistant","content":"","reasoning_content":null,"tool_calls":null', 'null', 'null');
    }
    const usage = this.spec.continuousUsage ? usageJson(soFar) : 'null';
    if (d.reasoning !== '') out += this.event(`"role":null,"content":null,"reasoning_content":${JSON.stringify(d.reasoning)},"tool_calls":null`, 'null', usage);
    if (d.content === '') return out;
    const body =
      this.spec.toolName === undefined
        ? `"role":null,"content":${JSON.stringify(d.content)},"reasoning_content":null,"tool_calls":null`
        : `"role":null,"content":null,"reasoning_content":null,"tool_calls":[${this.toolCall(d.content)}]`;
    return out + this.event(body, 'null', usage);
  }

  close(reason: FinishReason, final: TokenCounts, includeUsage: boolean): string {
    let out = this.event(EMPTY, `"${reason}"`, 'null');
    if (includeUsage) {
      out += `data: {"id":"${this.id}","object":"chat.completion.chunk","created":${this.spec.created},"model":${this.model},"choices":[],"usage":${usageJson(final)}}\n\n`;
    }
    return out + DONE;
  }

  fail(message: string): string {
    return `data: {"error": {"object": "error", "message": ${pyString(message)}, "type": "InternalServerError", "param": null, "code": 500}}\n\n${DONE}`;
  }

  wireReason(reason: FinishReason): string {
    return reason;
  }

  private event(delta: string, finish: string, usage: string): string {
    return `${this.head}{${delta}},"logprobs":null,"finish_reason":${finish},"matched_stop":null}],"usage":${usage}}\n\n`;
  }

  private toolCall(args: string): string {
    const a = JSON.stringify(args);
    if (this.toolStarted) return `{"id":null,"index":0,"type":"function","function":{"name":null,"arguments":${a}}}`;
    this.toolStarted = true;
    return `{"id":"call_${hexId(this.spec.seq, 24)}","index":0,"type":"function","function":{"name":${JSON.stringify(this.spec.toolName)},"arguments":${a}}}`;
  }
}

/** SGLang's UsageInfo, in its field order. */
function usageJson(c: TokenCounts): string {
  return `{"prompt_tokens":${c.prompt},"total_tokens":${c.prompt + c.completion},"completion_tokens":${c.completion},"prompt_tokens_details":null,"reasoning_tokens":${c.reasoning}}`;
}
