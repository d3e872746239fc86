import type { LlmProtocol } from 'llmload/plugin';
import { GenerateInterpreter } from './interpreter.js';
import type { KserveRequest } from './types.js';

/** The generate extension's responses and prompts, for the LLM kit. */
export const generateProtocol: LlmProtocol<KserveRequest> = {
  interpreter: () => new GenerateInterpreter(),
  promptText: (req) => {
    try {
      const body = JSON.parse(req.body ?? '{}') as { text_input?: unknown };
      return typeof body.text_input === 'string' ? body.text_input : '';
    } catch {
      return '';
    }
  },
};
