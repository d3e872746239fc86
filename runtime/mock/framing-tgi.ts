/**
 * TGI's streamed chat chunks (router/src/chat.rs and lib.rs of
 * text-generation-inference 3.3: serde, written by axum's SSE as `data:`
 * with no space). `object` comes first, the id is empty, every chunk carries
 * `system_fingerprint` and `"usage":null`, and every delta carries the role:
 * there is no role-only chunk. TGI has no reasoning parser, so reasoning
 * tokens are plain content. A `length` finish rides on the last token; an
 * end-of-sequence finish ("stop", also for tool calls) comes in a chunk of its
 * own with empty content. The usage chunk follows it.
 */
import type { Delta, FinishReason, StreamSpec, StreamWriter, TokenCounts } from './framing.js';

const FINGERPRINT = '3.3.6-native';

export class TgiChatStream implements StreamWriter {
  readonly id = '';
  private readonly head: string;
  private toolStarted = false;
  private finished = false;

  constructor(private readonly spec: StreamSpec) {
    this.head = `data:{"object":"chat.completion.chunk","id":"","created":${spec.created},"model":${JSON.stringify(spec.model)},"system_fingerprint":"${FINGERPRINT}"`;
  }

  opening(): string {
    return '';
  }

  delta(d: Delta, last: FinishReason | undefined, _soFar: TokenCounts): string {
    const rides = last === 'length';
    if (rides) this.finished = true;
    const tool = this.spec.toolName !== undefined;
    const deltas: string[] = [];
    const text = tool ? d.reasoning : d.reasoning + d.content;
    if (text !== '') deltas.push(`{"role":"assistant","content":${JSON.stringify(text)}}`);
    if (tool && d.content !== '') deltas.push(`{"role":"assistant","tool_calls":[${this.toolCall(d.content)}]}`);
    return deltas.map((delta, i) => this.event(delta, rides && i === deltas.length - 1 ? '"length"' : 'null')).join('');
  }

  close(reason: FinishReason, final: TokenCounts, includeUsage: boolean): string {
    let out = this.finished ? '' : this.event('{"role":"assistant","content":""}', `"${this.wireReason(reason)}"`);
    if (includeUsage) {
      const usage = `{"prompt_tokens":${final.prompt},"completion_tokens":${final.completion},"total_tokens":${final.prompt + final.completion}}`;
      out += `${this.head},"choices":[],"usage":${usage}}\n\n`;
    }
    return `${out}data:[DONE]\n\n`;
  }

  fail(message: string): string {
    return `data:{"error":{"message":${JSON.stringify(message)},"http_status_code":422}}\n\ndata:[DONE]\n\n`;
  }

  /** TGI reports how generation stopped: an end-of-sequence token is "stop", tool call or not. */
  wireReason(reason: FinishReason): string {
    return reason === 'tool_calls' ? 'stop' : reason;
  }

  private event(delta: string, finish: string): string {
    return `${this.head},"choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}],"usage":null}\n\n`;
  }

  private toolCall(args: string): string {
    const name = this.toolStarted ? 'null' : JSON.stringify(this.spec.toolName);
    this.toolStarted = true;
    return `{"index":0,"id":"0","type":"function","function":{"name":${name},"arguments":${JSON.stringify(args)}}}`;
  }
}
