import { Agent, request } from 'undici';
import { LlmloadError } from '../errors.js';
import { delay, monoNow } from '../scheduler/clock.js';
import type { ScriptArchive } from './archive.js';
import type { PushReply, PushRequest, ReadyReply, RegisterReply, RegisterRequest } from './protocol.js';

/** An agent's calls to its coordinator. */
export class CoordinatorClient {
  // The ready barrier waits for every agent and setup(): no header or body timeout.
  private readonly dispatcher = new Agent({ headersTimeout: 0, bodyTimeout: 0, connections: 2 });

  constructor(readonly url: string) {}

  /**
   * The archive, retried until `waitMs` passes: in a Kubernetes Job the agents
   * may start before the coordinator listens.
   */
  async archive(waitMs: number): Promise<ScriptArchive> {
    const until = monoNow() + waitMs;
    for (;;) {
      try {
        return (await this.call('GET', '/v1/archive')) as ScriptArchive;
      } catch (err) {
        if ((err as { refused?: boolean }).refused || monoNow() > until) throw err;
        await delay(500);
      }
    }
  }

  register(body: RegisterRequest): Promise<RegisterReply> {
    return this.call('POST', '/v1/register', body) as Promise<RegisterReply>;
  }

  ready(agent: string): Promise<ReadyReply> {
    return this.call('POST', '/v1/ready', { agent }) as Promise<ReadyReply>;
  }

  push(body: PushRequest): Promise<PushReply> {
    return this.call('POST', '/v1/push', body, 5000) as Promise<PushReply>;
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs?: number): Promise<unknown> {
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(`${this.url}${path}`, {
        method,
        dispatcher: this.dispatcher,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        ...(timeoutMs && { headersTimeout: timeoutMs, bodyTimeout: timeoutMs }),
      });
    } catch (err) {
      throw new LlmloadError('ERR_AGENT_LOST', `coordinator ${this.url}: ${(err as Error).message}`);
    }
    const json = (await res.body.json()) as { error?: string };
    if (res.statusCode !== 200) {
      // A refusal (another version, another script, no free index) is a configuration error, not a loss.
      throw Object.assign(new LlmloadError('ERR_INVALID_OPTION', `coordinator ${this.url} refused the agent: ${json.error ?? res.statusCode}`), {
        refused: true,
      });
    }
    return json;
  }
}
