// Multi-turn chat from a ShareGPT file: each iteration replays one
// conversation's human turns in order, sending the whole history each time
// and appending the model's real reply, with a think time between turns.
// Output lengths follow the reference replies (as vLLM's ShareGPT bench).
//   npx llmload run --mock scripts/sharegpt-chat.ts
//   npx llmload run -e LLMLOAD_BASE_URL=http://localhost:8000 -e MODEL=m \
//     -e SHAREGPT=/data/ShareGPT_V3_unfiltered_cleaned_split.json scripts/sharegpt-chat.ts
import { check } from 'llmload';
import openai from 'llmload/openai';
import { Conversation, Dataset } from 'llmload/data';

export const options = {
  vus: Number(__ENV.VUS ?? 4),
  duration: __ENV.DURATION ?? '20s',
};

// Paths in llmload/data are relative to this script.
const conversations = new Dataset('sharegpt', {
  file: __ENV.SHAREGPT ?? './data/sharegpt-sample.json',
  shuffle: true,
  seed: 1,
  tokenizer: __ENV.TOKENIZER,
});

const client = openai.client({ model: __ENV.MODEL ?? 'llmload-mock', tokenizer: __ENV.TOKENIZER });

export default async function () {
  const record = conversations.next();
  const chat = new Conversation({ system: 'You are a helpful assistant.', thinkTime: { min: 0.2, max: 1 }, maxTurns: 8 });
  for (let turn = 0; turn < record.turns!.length; turn++) {
    const res = await client.chat(
      { messages: chat.user(record.turns![turn]!), max_tokens: Math.max(1, record.reply_tokens![turn] ?? 128) },
      { tags: { turn: String(turn) } },
    );
    if (!check(res, { 'reply ok': (r) => r.ok })) return;
    chat.assistant(res.text);
    await chat.think();
  }
}
