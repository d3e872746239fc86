/** Picks the StreamWriter of a streamed response: its endpoint, and for chat the `framing` setting. */
import { CompletionStream } from './completion-stream.js';
import type { Framing, StreamSpec, StreamWriter } from './framing.js';
import { SglangChatStream } from './framing-sglang.js';
import { TgiChatStream } from './framing-tgi.js';
import { VllmChatStream } from './framing-vllm.js';

/** The writer for one streamed response; `completionId` is the id of a /v1/completions answer. */
export function streamWriter(endpoint: 'chat' | 'completions', framing: Framing, spec: StreamSpec, completionId: string): StreamWriter {
  if (endpoint === 'completions') return new CompletionStream(completionId, spec);
  switch (framing) {
    case 'sglang':
      return new SglangChatStream(spec);
    case 'tgi':
      return new TgiChatStream(spec);
    case 'vllm':
    case 'vllm-early-role':
      return new VllmChatStream(spec, framing === 'vllm-early-role');
  }
}
